/**
 * Hostile input against SqliteLedger: arbitrary and huge topics, wrong types, edge numbers as
 * arguments and options, and a ledger file whose rows were tampered with or whose bytes were
 * flipped. See
 * hostile-helpers.ts for the property (value, coded RealDidError, or TypeError/RangeError misuse).
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LedgerErrorCode } from '@realdid/ledger';
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
import { SqliteLedger } from '../src/index.js';
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
  'ERR_LEDGER_NOT_FOUND',
];
const RULES: OutcomeRules = { codes: CODES, misuse: true };
const ONE = new Uint8Array([1]);
const tmp = tempDir('realdid-ledger-hostile-');
afterAll(() => tmp.remove());

describe('SqliteLedger methods', () => {
  const clients = () => [SqliteLedger.openSync(':memory:')];

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

describe('SqliteLedger.open with hostile options', () => {
  it('hostile values as the options or as any one option are misuse or coded, and create no folder', async () => {
    const keys = ['create', 'createFolders', 'maxEntryBytes', 'busyTimeoutMs', 'synchronous', 'clock'];
    // [options, whether they say createFolders: false]
    const optionSets: [unknown, boolean][] = [
      ...allHostileValues().map((v): [unknown, boolean] => [v, false]),
      [throwingAccessor('create'), false],
      [throwingAccessor('createFolders'), false],
      [throwingGetters(), false],
    ];
    for (const v of allHostileValues()) {
      for (const k of keys)
        if (k !== 'createFolders') optionSets.push([{ [k]: v, createFolders: false }, true]);
    }
    for (const [i, [options, noFolders]] of optionSets.entries()) {
      const folder = join(tmp.dir, `opts-${i}`);
      const o = await outcome(
        () => SqliteLedger.open(join(folder, 'ledger.sqlite'), options as never),
        RULES,
      );
      if (o.kind === 'returned') await (o.value as SqliteLedger).close();
      if (noFolders) {
        expect(o.kind === 'returned', String(i)).toBe(false);
        expect(existsSync(folder)).toBe(false);
      }
    }
  });
});
