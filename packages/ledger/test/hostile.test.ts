/**
 * Hostile input against the public validation functions, MemoryLedger and SqliteLedger: arbitrary
 * and huge topics, wrong types, edge numbers, throwing getters and proxies as batches and options,
 * and a ledger file whose rows were tampered with or whose bytes were flipped. See
 * hostile-helpers.ts for the property (value, coded RealDidError, or TypeError/RangeError misuse).
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  allHostileValues,
  anyString,
  flipBit,
  hugeStrings,
  type OutcomeRules,
  outcome,
  throwingAccessor,
  throwingGetters,
} from '../../../test-support/hostile.js';
import {
  entryId,
  type LedgerErrorCode,
  MemoryLedger,
  validateAppend,
  validateBatch,
  validateReadOptions,
  validateTopic,
} from '../src/index.js';
import { SqliteLedger } from '../src/sqlite.js';
import { tempDir } from './helpers.js';

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
const RULES: OutcomeRules = { codes: CODES, misuse: true };
const ONE = new Uint8Array([1]);
const tmp = tempDir('realdid-ledger-hostile-');
afterAll(() => tmp.remove());

describe('validation functions', () => {
  it('validateTopic: arbitrary and huge strings -> ok or ERR_LEDGER_TOPIC_INVALID', async () => {
    await fc.assert(
      fc.asyncProperty(anyString, async (s) => {
        const o = await outcome(() => validateTopic(s), { codes: CODES });
        if (o.kind === 'coded') expect(o.code).toBe('ERR_LEDGER_TOPIC_INVALID');
      }),
      { numRuns: 200 },
    );
    for (const s of hugeStrings()) {
      const o = await outcome(() => validateTopic(s), { codes: CODES });
      expect(o.kind).toBe('coded');
    }
  });

  it('every function: hostile values in every parameter are misuse or coded', async () => {
    for (const v of allHostileValues()) {
      await outcome(() => validateTopic(v), RULES);
      await outcome(() => validateAppend(v, ONE, 10), RULES);
      await outcome(() => validateAppend('t', v, 10), RULES);
      await outcome(() => validateBatch(v, 10), RULES);
      await outcome(() => validateBatch([v], 10), RULES);
      await outcome(() => validateBatch([{ topic: 't', payload: v }], 10), RULES);
      await outcome(() => validateReadOptions(v), RULES);
      await outcome(() => validateReadOptions({ from: v }), RULES);
      await outcome(() => validateReadOptions({ limit: v }), RULES);
      await outcome(() => entryId(v as Uint8Array), RULES);
    }
  });

  it("throwing getters and proxies in batches and options propagate the caller's error or are misuse", async () => {
    for (const v of [
      throwingGetters(),
      throwingAccessor('topic'),
      throwingAccessor('payload'),
      throwingAccessor('from'),
    ]) {
      await outcome(() => validateBatch([v], 10), RULES);
      await outcome(() => validateReadOptions(v), RULES);
    }
    await outcome(
      () =>
        validateBatch(
          new Proxy([1], {
            get: () => {
              throw new TypeError('x');
            },
          }),
          10,
        ),
      RULES,
    );
  });

  it('arbitrary batches of arbitrary shape', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(fc.record({ topic: anyString, payload: fc.uint8Array({ maxLength: 20 }) }), fc.anything()),
          { maxLength: 5 },
        ),
        async (batch) => {
          await outcome(() => validateBatch(batch, 16), RULES);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('MemoryLedger and SqliteLedger methods', () => {
  const clients = () => [new MemoryLedger(), SqliteLedger.openSync(':memory:')];

  it('append / appendBatch / read / size with hostile values', async () => {
    for (const ledger of clients()) {
      for (const v of [...allHostileValues(), ...hugeStrings()]) {
        await outcome(() => ledger.append(v as string, ONE), RULES);
        await outcome(() => ledger.append('t', v as Uint8Array), RULES);
        await outcome(() => ledger.appendBatch(v as never), RULES);
        await outcome(() => ledger.read(v as string), RULES);
        await outcome(() => ledger.read('t', v as never), RULES);
        await outcome(() => ledger.size(v as string), RULES);
      }
      await ledger.close();
    }
  });

  it('arbitrary topics and options round-trip or reject with a code', async () => {
    const ledgers = clients();
    await fc.assert(
      fc.asyncProperty(
        anyString,
        fc.uint8Array({ minLength: 0, maxLength: 40 }),
        fc.record(
          { from: fc.oneof(fc.nat(), fc.double()), limit: fc.oneof(fc.nat(), fc.double()) },
          { requiredKeys: [] },
        ),
        async (topic, payload, options) => {
          for (const ledger of ledgers) {
            const a = await outcome(() => ledger.append(topic, payload), RULES);
            const r = await outcome(() => ledger.read(topic, options), RULES);
            if (
              a.kind === 'returned' &&
              r.kind === 'returned' &&
              options.from === undefined &&
              options.limit === undefined
            ) {
              expect((r.value as unknown[]).length).toBeGreaterThan(0);
            }
          }
        },
      ),
      { numRuns: 100 },
    );
    for (const l of ledgers) await l.close();
  });
});

describe('SqliteLedger on a tampered or corrupt file', () => {
  async function makeFile(name: string): Promise<string> {
    const path = join(tmp.dir, name);
    const ledger = await SqliteLedger.open(path);
    for (let i = 0; i < 20; i++) await ledger.append('did.topic', new Uint8Array([i + 1, 2, 3]));
    await ledger.close();
    return path;
  }

  it('rows with a wrong-typed or out-of-range time, digest or payload read as ERR_LEDGER_CORRUPT', async () => {
    // Regression: read() rebuilt rows without checking them, so a tampered time threw an
    // uncoded RangeError ("Invalid time value"), a 40-byte digest threw "offset is out of bounds",
    // and a TEXT payload of "100000000" allocated a 100 MB zero array.
    const tampers = [
      'UPDATE entry SET time = 1e300',
      "UPDATE entry SET time = 'yesterday'",
      'UPDATE entry SET time = -9e15',
      'UPDATE entry SET digest = zeroblob(40)',
      "UPDATE entry SET digest = 'abc'",
      "UPDATE entry SET payload = '100000000'",
      'UPDATE entry SET payload = 7',
      'UPDATE entry SET position = 1.5',
    ];
    for (const [i, sql] of tampers.entries()) {
      const path = await makeFile(`tamper-${i}.sqlite`);
      const db = new Database(path);
      db.exec(`${sql} WHERE position = 3`);
      db.close();
      const ledger = await SqliteLedger.open(path);
      const o = await outcome(() => ledger.read('did.topic'), { codes: CODES });
      expect(o.kind === 'coded' ? o.code : o.kind, sql).toBe('ERR_LEDGER_CORRUPT');
      await ledger.close();
    }
  });

  it('bit flips anywhere in the file: open/read/size either work or reject with a code', async () => {
    const original = await makeFile('flip-source.sqlite');
    const bytes = readFileSync(original);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: bytes.length * 8 - 1 }), async (bit) => {
        const path = join(tmp.dir, `flip-${n++}.sqlite`);
        writeFileSync(path, flipBit(new Uint8Array(bytes), bit));
        const opened = await outcome(() => SqliteLedger.open(path), { codes: CODES });
        if (opened.kind !== 'returned') return;
        const ledger = opened.value as SqliteLedger;
        await outcome(() => ledger.read('did.topic'), { codes: CODES });
        await outcome(() => ledger.size('did.topic'), { codes: CODES });
        await outcome(() => ledger.checkIntegrity({ digests: true }), { codes: CODES });
        await ledger.close();
      }),
      { numRuns: 40 },
    );
  });

  it('a file that is not a database is ERR_LEDGER_CORRUPT or ERR_LEDGER_UNAVAILABLE', async () => {
    for (const [i, content] of ['', 'hello', '{'.repeat(1 << 20)].entries()) {
      const path = join(tmp.dir, `junk-${i}.sqlite`);
      writeFileSync(path, content);
      const o = await outcome(() => SqliteLedger.open(path), { codes: CODES });
      if (o.kind === 'returned') await (o.value as SqliteLedger).close();
      else expect(o.kind).toBe('coded');
    }
    copyFileSync(await makeFile('ok.sqlite'), join(tmp.dir, 'copy.sqlite'));
  });
});
