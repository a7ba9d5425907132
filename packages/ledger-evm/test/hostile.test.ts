/**
 * Hostile input against the pure parsers and verifiers of @realdid/ledger-evm (no chain needed):
 * decodeBatchFile, verifyMerkleProof, merkleLeaf/MerkleTree, verifyCasId/casId and
 * parseEvmLedgerUri. Arbitrary, huge and bit-flipped inputs, wrong types, edge numbers, proxies,
 * cycles and deep nesting. decodeBatchFile rejects with ERR_LEDGER_CORRUPT; the verifiers return
 * false; parseEvmLedgerUri throws TypeError (documented: it parses configuration) and never repeats
 * credentials from the URI. See test-support/hostile.ts for the shared property.
 */
import type { LedgerErrorCode } from '@realdid/ledger';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allHostileValues,
  anyString,
  deepArray,
  flipBit,
  hugeStrings,
  type OutcomeRules,
  outcome,
  WEIRD_VALUES,
} from '../../../test-support/hostile.js';
import {
  casId,
  casIdDigest,
  decodeBatchFile,
  encodeBatchFile,
  MerkleTree,
  merkleLeaf,
  parseEvmLedgerUri,
  verifyCasId,
  verifyMerkleProof,
} from '../src/index.js';
import { sha256Bytes } from '../src/internal/contentId.js';
import { BATCH_SIG, decodeRegistryLog, ENTRY_SIG } from '../src/internal/logs.js';

const CODES: readonly LedgerErrorCode[] = [
  'ERR_LEDGER_TOPIC_INVALID',
  'ERR_LEDGER_ENTRY_TOO_LARGE',
  'ERR_LEDGER_ENTRY_INVALID',
  'ERR_LEDGER_CLOSED',
  'ERR_LEDGER_UNAVAILABLE',
  'ERR_LEDGER_TIMEOUT',
  'ERR_LEDGER_TX_REVERTED',
  'ERR_LEDGER_PROOF_INVALID',
  'ERR_LEDGER_CORRUPT',
];
const CODED: OutcomeRules = { codes: CODES };
const RULES: OutcomeRules = { codes: CODES, misuse: true };

const enc = new TextEncoder();
const entries = [
  { topic: 'zQmTopicA', payload: enc.encode('{"type":"create"}') },
  { topic: 'status.list-1', payload: new Uint8Array([1, 2, 3]) },
  { topic: 'audit:trace', payload: new Uint8Array(300).fill(7) },
];
const file = encodeBatchFile(entries);

describe('decodeBatchFile', () => {
  it('the real file round-trips (so mutations are meaningful)', () => {
    expect(decodeBatchFile(file)).toEqual(entries);
  });

  it('bit flips of a real batch file: entries or ERR_LEDGER_CORRUPT', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: file.length * 8 - 1 }), async (bit) => {
        const o = await outcome(() => decodeBatchFile(flipBit(file, bit)), CODED);
        if (o.kind === 'coded') expect(o.code).toBe('ERR_LEDGER_CORRUPT');
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary bytes, truncations, header-only files claiming huge counts and lengths', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.uint8Array({ maxLength: 300 }).map((b) => {
            const out = new Uint8Array(9 + b.length);
            out.set([0x52, 0x44, 0x4c, 0x42, 1], 0);
            out.set(b, 9);
            new DataView(out.buffer).setUint32(5, 0xffffffff);
            return out;
          }),
          fc.nat({ max: file.length }).map((n) => file.subarray(0, n)),
        ),
        async (b) => {
          const o = await outcome(() => decodeBatchFile(b), CODED);
          if (o.kind === 'coded') expect(o.code).toBe('ERR_LEDGER_CORRUPT');
        },
      ),
      { numRuns: 300 },
    );
    // 10 MB of entry headers promising payloads that are not there
    const big = new Uint8Array(10 << 20);
    big.set([0x52, 0x44, 0x4c, 0x42, 1, 0, 1, 0x86, 0xa0], 0);
    expect((await outcome(() => decodeBatchFile(big), CODED)).kind).toBe('coded');
    // a sub-array view of a larger buffer decodes only its own bytes
    const padded = new Uint8Array(file.length + 20);
    padded.set(file, 10);
    expect(decodeBatchFile(padded.subarray(10, 10 + file.length))).toEqual(entries);
  });

  it('wrong types and hostile limits are misuse or coded', async () => {
    for (const v of allHostileValues()) {
      await outcome(() => decodeBatchFile(v as Uint8Array), RULES);
      await outcome(() => decodeBatchFile(file, v as never), RULES);
      await outcome(() => decodeBatchFile(file, { maxEntries: v, maxEntryBytes: v } as never), RULES);
      await outcome(() => encodeBatchFile(v as never), RULES);
      await outcome(() => encodeBatchFile([v] as never), RULES);
    }
  });
});

describe('verifyMerkleProof', () => {
  const leaves = Array.from({ length: 11 }, (_, i) => merkleLeaf(`t${i}`, sha256Bytes(new Uint8Array([i]))));
  const tree = new MerkleTree(leaves);

  it('every real proof verifies; every bit flip of leaf, sibling or root does not', async () => {
    for (let i = 0; i < leaves.length; i++) {
      expect(verifyMerkleProof(leaves[i] as Uint8Array, i, leaves.length, tree.proof(i), tree.root)).toBe(
        true,
      );
    }
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: leaves.length - 1 }),
        fc.nat(),
        fc.constantFrom(0, 1, 2),
        async (i, bit, which) => {
          let leaf = leaves[i] as Uint8Array;
          let root = tree.root;
          const proof = tree.proof(i);
          if (which === 0) leaf = flipBit(leaf, bit);
          else if (which === 1) root = flipBit(root, bit);
          else proof[bit % proof.length] = flipBit(proof[bit % proof.length] as Uint8Array, bit);
          const o = await outcome(() => verifyMerkleProof(leaf, i, leaves.length, proof, root), CODED);
          expect(o).toEqual({ kind: 'returned', value: false });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('wrong index/count, edge numbers and hostile proof arrays return false, never throw', async () => {
    const leaf = leaves[3] as Uint8Array;
    const proof = tree.proof(3);
    const hostileArrays = [
      [...proof, ...proof],
      proof.slice(0, 1),
      Array.from({ length: 100_000 }, () => leaf),
      [null, undefined, 'x', 1n],
      deepArray(10_000),
    ];
    for (const v of [...allHostileValues(), ...hostileArrays]) {
      for (const args of [
        [v, 3, 11, proof, tree.root],
        [leaf, v, 11, proof, tree.root],
        [leaf, 3, v, proof, tree.root],
        [leaf, 3, 11, v, tree.root],
        [leaf, 3, 11, proof, v],
      ] as const) {
        const o = await outcome(
          () => verifyMerkleProof(...(args as Parameters<typeof verifyMerkleProof>)),
          CODED,
        );
        // (a proxy whose traps throw may surface its own error: "sentinel", the caller's error)
        if (o.kind === 'returned' && o.value === true) {
          // only the unchanged arguments may verify
          expect(args).toEqual([leaf, 3, 11, proof, tree.root]);
        } else if (o.kind !== 'sentinel') expect(o).toEqual({ kind: 'returned', value: false });
      }
    }
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.integer(), fc.double(), fc.constant(2 ** 53)),
        fc.oneof(fc.integer(), fc.double()),
        async (i, n) => {
          const o = await outcome(() => verifyMerkleProof(leaf, i, n, proof, tree.root), CODED);
          expect(o.kind).toBe('returned');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('MerkleTree / merkleLeaf: hostile values are misuse (TypeError/RangeError), never a stack overflow', async () => {
    for (const v of [...allHostileValues(), ...hugeStrings().slice(0, 1)]) {
      await outcome(() => new MerkleTree(v as never), RULES);
      await outcome(() => new MerkleTree([v] as never), RULES);
      await outcome(() => tree.proof(v as number), RULES);
      await outcome(() => merkleLeaf(v as string, leaves[0] as Uint8Array), RULES);
      await outcome(() => merkleLeaf('t', v as Uint8Array), RULES);
    }
  });
});

describe('casId / verifyCasId', () => {
  const bytes = enc.encode('content');
  const id = casId(bytes);

  it('flipped ids and bytes never verify; arbitrary ids return false', async () => {
    expect(verifyCasId(id, bytes)).toBe(true);
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat({ max: 6 }), anyString, async (at, bit, s) => {
        const i = at % id.length;
        const flipped = id.slice(0, i) + String.fromCharCode(id.charCodeAt(i) ^ (1 << bit)) + id.slice(i + 1);
        expect(await outcome(() => verifyCasId(flipped, bytes), CODED)).toEqual({
          kind: 'returned',
          value: false,
        });
        expect(await outcome(() => verifyCasId(id, flipBit(bytes, at)), CODED)).toEqual({
          kind: 'returned',
          value: false,
        });
        expect((await outcome(() => verifyCasId(s, bytes), CODED)).kind).toBe('returned');
        expect((await outcome(() => verifyCasId(`b${s}`, bytes), CODED)).kind).toBe('returned');
      }),
      { numRuns: 200 },
    );
    for (const v of [...allHostileValues(), ...hugeStrings()]) {
      // (a proxy whose traps throw may surface its own error: "sentinel", the caller's error)
      for (const o of [
        await outcome(() => verifyCasId(v as string, bytes), CODED),
        await outcome(() => verifyCasId(id, v as Uint8Array), CODED),
      ]) {
        if (o.kind !== 'sentinel') expect(o).toEqual({ kind: 'returned', value: false });
      }
      await outcome(() => casId(v as Uint8Array), RULES);
    }
  });
});

describe('parseEvmLedgerUri', () => {
  const CONTRACT = '0x5FbDB2315678afecb367f032d99180aa0F72a3ab';

  it("arbitrary strings: a URI or a TypeError that never repeats the URI's credentials", async () => {
    const secret = 'S3cr3tApiKeyDoNotLeak';
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          anyString,
          anyString.map((s) => `evm+http://${s}`),
          anyString.map((s) => `evm+https://user:${secret}@rpc.example/v3/${secret}?contract=${s}`),
          fc
            .tuple(fc.constantFrom('confirmations', 'fromBlock', 'maxBlockRange', 'contract'), anyString)
            .map(
              ([k, v]) =>
                `evm+https://rpc.example/v3/${secret}?contract=${CONTRACT}&${k}=${encodeURIComponent(v.replace(/[\ud800-\udfff]/g, ''))}`,
            ),
        ),
        async (uri) => {
          const o = await outcome(() => parseEvmLedgerUri(uri), {
            codes: [],
            misuse: true,
            secrets: [secret],
          });
          if (o.kind === 'misuse') expect(o.error).toBeInstanceOf(TypeError);
        },
      ),
      { numRuns: 300 },
    );
    for (const s of hugeStrings())
      await outcome(() => parseEvmLedgerUri(`evm+https://${s}`), { codes: [], misuse: true });
    for (const v of WEIRD_VALUES)
      await outcome(() => parseEvmLedgerUri(v as string), { codes: [], misuse: true });
  });

  it('numeric parameters at the edges', async () => {
    for (const n of [
      '-1',
      '1e3',
      '0x10',
      'NaN',
      'Infinity',
      '9'.repeat(16),
      '999999999999999',
      ' 1',
      '1.5',
    ]) {
      const o = await outcome(
        () =>
          parseEvmLedgerUri(
            `evm+http://127.0.0.1:8545?contract=${CONTRACT}&fromBlock=${encodeURIComponent(n)}`,
          ),
        { codes: [], misuse: true },
      );
      if (o.kind === 'returned') expect(typeof (o.value as { fromBlock: bigint }).fromBlock).toBe('bigint');
    }
  });
});

describe('decodeRegistryLog (logs from the node, written by anyone)', () => {
  const hex = (b: Uint8Array) => `0x${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`;
  const word = fc.uint8Array({ minLength: 32, maxLength: 32 }).map(hex);
  it('arbitrary topics and data: a decoded event or undefined, never a throw', async () => {
    await fc.assert(
      fc.property(
        fc.constantFrom(ENTRY_SIG, BATCH_SIG),
        fc.array(word, { maxLength: 5 }),
        fc.uint8Array({ maxLength: 400 }),
        fc.anything(),
        (sig, rest, data, junk) => {
          const log = {
            address: '0x0000000000000000000000000000000000000001',
            topics: [sig, ...rest],
            data: hex(data),
            blockNumber: '0x1',
            blockHash: `0x${'11'.repeat(32)}`,
            transactionHash: `0x${'22'.repeat(32)}`,
            logIndex: '0x0',
          };
          decodeRegistryLog(log);
          decodeRegistryLog({ ...log, data: junk } as never);
          decodeRegistryLog(junk as never);
        },
      ),
      { numRuns: 300 },
    );
    for (const v of allHostileValues()) expect(decodeRegistryLog(v as never)).toBeUndefined();
  });
});

describe('casIdDigest', () => {
  it('arbitrary strings and values: a 32-byte digest or undefined, never a throw', async () => {
    await fc.assert(
      fc.property(fc.oneof(anyString, fc.anything()), (s) => {
        const d = casIdDigest(s as string);
        if (d !== undefined) expect(d).toHaveLength(32);
      }),
      { numRuns: 500 },
    );
    for (const v of allHostileValues()) expect(casIdDigest(v as string)).toBeUndefined();
    expect(casIdDigest(casId(new Uint8Array([1])))).toEqual(sha256Bytes(new Uint8Array([1])));
  });
});
