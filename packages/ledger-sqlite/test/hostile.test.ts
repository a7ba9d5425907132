/**
 * Hostile input against SqliteLedger: arbitrary and huge topics, wrong types, edge numbers as
 * arguments and options, and a ledger file whose rows were tampered with or whose bytes were
 * flipped. See
 * hostile-helpers.ts for the property (value, coded RealDidError, or TypeError/RangeError misuse).
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  allHostileValues,
  flipBit,
  outcome,
  throwingAccessor,
  throwingGetters,
} from '../../../test-support/hostile.js';
import {
  LEDGER_CODES as CODES,
  describeHostileLedgerMethods,
  LEDGER_RULES as RULES,
} from '../../../test-support/ledger.js';
import { SqliteLedger } from '../src/index.js';
import { tempDir } from './helpers.js';

const tmp = tempDir('realdid-ledger-hostile-');
afterAll(() => tmp.remove());

describeHostileLedgerMethods('SqliteLedger', () => SqliteLedger.openSync(':memory:'));

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
