import { isRealDidError } from '@realdid/crypto';
import { entryId } from './entryId.js';
import type { AppendReceipt, LedgerClient, LedgerEntry } from './LedgerClient.js';

/**
 * The two functions of a test framework the suite needs. vitest, jest and `node:test` all fit:
 * pass their `describe` and `it` (`test`). The suite makes its own assertions (plain `Error`s with a
 * message saying what was expected), so it does not depend on any framework.
 */
export interface ConformanceTestApi {
  describe(name: string, fn: () => void): void;
  it(name: string, fn: () => Promise<void>, timeoutMs?: number): void;
}

/** How the suite runs a child process for the kill test. */
export interface KillTestChild {
  /** Executable, usually `process.execPath`. */
  command: string;
  args: string[];
  env?: Record<string, string>;
}

/**
 * The kill test: a child process opens the same ledger as `reopen` and calls
 * {@link runKillTestChild} (appends to `topic` in a loop and prints each receipt once `append` has
 * resolved). The suite kills it with SIGKILL in the middle, reopens, and checks that every printed
 * receipt is in the ledger at its position with its id and that the topic has no gaps.
 */
export interface KillTestOptions {
  /** The child to spawn for a topic; the topic is also passed as `REALDID_KILL_TOPIC` in its env. */
  child(topic: string): KillTestChild;
  /** Opens the ledger the child wrote to (after the child is dead). */
  open(): Promise<LedgerClient>;
  /** An extra consistency check of the reopened ledger (e.g. `SqliteLedger.checkIntegrity`). */
  check?(ledger: LedgerClient): Promise<void>;
  /** How many receipts to wait for before the kill (default 200). */
  receipts?: number;
}

/** What the suite needs to make ledgers, and what the ledger under test can do. */
export interface LedgerFactory {
  /** A fresh, empty ledger. The suite closes every ledger it creates. */
  create(): Promise<LedgerClient>;
  /**
   * For persistent ledgers: closes `prev` if the suite has not and opens the same storage again.
   * When given, the persistence tests run.
   */
  reopen?(prev: LedgerClient): Promise<LedgerClient>;
  /** When given, the SIGKILL test runs (Node only). */
  killTest?: KillTestOptions;
}

/** Knobs of the suite, for slow ledgers (an EVM node) or limits other than the default. */
export interface ConformanceOptions {
  /** Entries in the large-topic test (default 10 000). */
  largeTopicEntries?: number;
  /** Entries per `appendBatch` when filling the large topic (default 1 000). */
  batchSize?: number;
  /** Concurrent appends in the concurrency test (default 100). */
  concurrentAppends?: number;
  /** Whether to append one payload of exactly `maxEntryBytes` (default true). */
  appendMaxSizedEntry?: boolean;
  /** Per-test timeout in milliseconds (default 60 000). */
  timeoutMs?: number;
}

/**
 * Registers the ledger conformance suite: every {@link LedgerClient} implementation runs it.
 *
 * It covers: receipts and read-back; order and consecutive positions; topics independent of each
 * other; idempotent re-append (`duplicate: true`, same position, id and time), also inside a batch and
 * after reopen; concurrent appends (none lost, none doubled); a large topic; `read` with `from`
 * and `limit`; input checks (`ERR_LEDGER_TOPIC_INVALID`, `ERR_LEDGER_ENTRY_INVALID` for an empty
 * payload, `ERR_LEDGER_ENTRY_TOO_LARGE`, `TypeError`/`RangeError` for wrong types) with nothing
 * written; batch atomicity; copies in and out; `ERR_LEDGER_CLOSED`; and, when the factory says so,
 * persistence across reopen and no loss of a committed entry when a writer is killed with SIGKILL.
 *
 * @param name - the name of the implementation, shown in test names
 * @param factory - makes ledgers; see {@link LedgerFactory}
 * @param test - the test framework's `describe` and `it`
 * @param options - see {@link ConformanceOptions}
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { MemoryLedger } from '@realdid/ledger';
 * import { runLedgerConformance } from '@realdid/ledger/conformance';
 * runLedgerConformance('MemoryLedger', { create: async () => new MemoryLedger() }, { describe, it });
 * ```
 */
export function runLedgerConformance(
  name: string,
  factory: LedgerFactory,
  test: ConformanceTestApi,
  options: ConformanceOptions = {},
): void {
  const { describe } = test;
  const timeout = options.timeoutMs ?? 60_000;
  const it = (title: string, fn: () => Promise<void>) => test.it(title, fn, timeout);
  const largeN = options.largeTopicEntries ?? 10_000;
  const batchSize = options.batchSize ?? 1_000;
  const concurrentN = options.concurrentAppends ?? 100;

  /** Runs `fn` on a fresh ledger and closes it afterwards. */
  const withLedger = (fn: (ledger: LedgerClient) => Promise<void>) => async () => {
    const ledger = await factory.create();
    try {
      await fn(ledger);
    } finally {
      await ledger.close();
    }
  };

  describe(`ledger conformance: ${name}`, () => {
    describe('basics', () => {
      it(
        'names its kind and reports info',
        withLedger(async (ledger) => {
          check(typeof ledger.kind === 'string' && ledger.kind.length > 0, 'kind is a non-empty string');
          const info = await ledger.info();
          equal(info.kind, ledger.kind, 'info.kind');
          check(typeof info.location === 'string', 'info.location is a string');
          check(Number.isSafeInteger(info.maxEntryBytes) && info.maxEntryBytes > 0, 'info.maxEntryBytes');
          equal(info.topics, 0, 'info.topics of an empty ledger');
          equal(info.entries, 0, 'info.entries of an empty ledger');
        }),
      );

      it(
        'reads an unknown topic as empty',
        withLedger(async (ledger) => {
          equal(await ledger.read('no-such-topic'), [], 'read of an unknown topic');
          equal(await ledger.size('no-such-topic'), 0, 'size of an unknown topic');
        }),
      );

      it(
        'appends and reads back one entry with a well-formed receipt',
        withLedger(async (ledger) => {
          const payload = bytes('hello');
          const r = await ledger.append('t', payload);
          equal(r.topic, 't', 'receipt.topic');
          equal(r.position, 0, 'receipt.position');
          equal(r.id, entryId(payload), 'receipt.id is the sha2-256 multihash in base58btc');
          equal(r.id, 'zQmRN6wdp1S2A5EtjW9A3M1vKSBuQQGcgvuhoMUoEz4iiT5', 'receipt.id of "hello"');
          equal(r.duplicate, false, 'receipt.duplicate');
          checkTime(r.time);
          const entries = await ledger.read('t');
          equal(entries.length, 1, 'entries read');
          const e = entries[0]!;
          equal(
            [e.topic, e.position, e.id, e.time],
            [r.topic, r.position, r.id, r.time],
            'entry matches receipt',
          );
          equal(e.payload, payload, 'payload read back');
          check(e.payload instanceof Uint8Array, 'payload is a Uint8Array');
          equal(await ledger.size('t'), 1, 'size');
          const info = await ledger.info();
          equal([info.topics, info.entries], [1, 1], 'info counts');
        }),
      );

      it(
        'accepts every character of the topic alphabet and 200-character topics',
        withLedger(async (ledger) => {
          for (const topic of ['A-Za-z0-9:._-', 'did:realdid:zQm1', 'x'.repeat(200), '_', '.']) {
            const r = await ledger.append(topic, bytes('p'));
            equal(r.position, 0, `position in ${topic.slice(0, 20)}`);
            equal(await ledger.size(topic), 1, 'size');
          }
        }),
      );
    });

    describe('order', () => {
      it(
        'gives consecutive positions in append order and reads them back in that order',
        withLedger(async (ledger) => {
          const receipts: AppendReceipt[] = [];
          for (let i = 0; i < 50; i++) receipts.push(await ledger.append('ordered', bytes(`entry ${i}`)));
          equal(
            receipts.map((r) => r.position),
            range(0, 50),
            'positions',
          );
          const entries = await ledger.read('ordered');
          checkTopic(entries, 'ordered', 50);
          for (let i = 0; i < 50; i++) {
            equal(entries[i]!.payload, bytes(`entry ${i}`), `payload ${i}`);
            equal(entries[i]!.id, receipts[i]!.id, `id ${i}`);
            equal(entries[i]!.time, receipts[i]!.time, `time ${i}`);
          }
        }),
      );

      it(
        'keeps topics independent',
        withLedger(async (ledger) => {
          await ledger.append('a', bytes('a0'));
          await ledger.append('b', bytes('b0'));
          const r = await ledger.append('a', bytes('a1'));
          const s = await ledger.append('b', bytes('b1'));
          equal([r.position, s.position], [1, 1], 'positions per topic');
          equal(
            (await ledger.read('a')).map((e) => text(e.payload)),
            ['a0', 'a1'],
            'topic a',
          );
          equal(
            (await ledger.read('b')).map((e) => text(e.payload)),
            ['b0', 'b1'],
            'topic b',
          );
          const info = await ledger.info();
          equal([info.topics, info.entries], [2, 4], 'info counts');
        }),
      );

      it(
        'reads from a position and with a limit',
        withLedger(async (ledger) => {
          await ledger.appendBatch(range(0, 20).map((i) => ({ topic: 'r', payload: bytes(`r${i}`) })));
          const pos = (xs: LedgerEntry[]) => xs.map((e) => e.position);
          equal(pos(await ledger.read('r', { from: 5 })), range(5, 20), 'from 5');
          equal(pos(await ledger.read('r', { from: 5, limit: 3 })), [5, 6, 7], 'from 5 limit 3');
          equal(pos(await ledger.read('r', { limit: 2 })), [0, 1], 'limit 2');
          equal(pos(await ledger.read('r', { from: 18, limit: 10 })), [18, 19], 'limit past the end');
          equal(pos(await ledger.read('r', { from: 20 })), [], 'from = size');
          equal(pos(await ledger.read('r', { from: 1000 })), [], 'from past the end');
          equal(pos(await ledger.read('r', { limit: 0 })), [], 'limit 0');
          equal(pos(await ledger.read('r', {})), range(0, 20), 'empty options');
          const [e] = await ledger.read('r', { from: 7, limit: 1 });
          equal(e?.payload, bytes('r7'), 'payload at 7');
        }),
      );
    });

    describe('idempotence', () => {
      it(
        're-appending a payload returns the first receipt with duplicate: true and adds nothing',
        withLedger(async (ledger) => {
          const first = await ledger.append('idem', bytes('same'));
          await ledger.append('idem', bytes('other'));
          const again = await ledger.append('idem', bytes('same'));
          equal(
            { ...again, duplicate: false },
            first,
            'the duplicate receipt has the first position, id and time',
          );
          equal(again.duplicate, true, 'duplicate flag');
          equal(await ledger.size('idem'), 2, 'size');
          equal((await ledger.info()).entries, 2, 'info.entries');
          const [b] = await ledger.appendBatch([{ topic: 'idem', payload: bytes('same') }]);
          equal([b?.position, b?.duplicate], [0, true], 'duplicate through appendBatch');
        }),
      );

      it(
        'treats the same payload in another topic as a new entry',
        withLedger(async (ledger) => {
          await ledger.append('one', bytes('p'));
          await ledger.append('two', bytes('x'));
          const r = await ledger.append('two', bytes('p'));
          equal([r.position, r.duplicate], [1, false], 'new entry in the other topic');
        }),
      );

      it(
        'a batch that repeats a payload commits it once',
        withLedger(async (ledger) => {
          const rs = await ledger.appendBatch([
            { topic: 'd', payload: bytes('x') },
            { topic: 'd', payload: bytes('y') },
            { topic: 'd', payload: bytes('x') },
          ]);
          equal(
            rs.map((r) => [r.position, r.duplicate]),
            [
              [0, false],
              [1, false],
              [0, true],
            ],
            'receipts',
          );
          equal(rs[2]!.id, rs[0]!.id, 'same id');
          equal(await ledger.size('d'), 2, 'size');
        }),
      );
    });

    describe('concurrency', () => {
      it(
        `serialises ${concurrentN} concurrent appends to one topic: distinct consecutive positions, none lost`,
        withLedger(async (ledger) => {
          const payloads = range(0, concurrentN).map((i) => bytes(`concurrent ${i}`));
          const receipts = await Promise.all(payloads.map((p) => ledger.append('c', p)));
          equal(
            receipts.map((r) => r.position).sort((x, y) => x - y),
            range(0, concurrentN),
            'positions are a permutation of 0..n-1',
          );
          check(
            receipts.every((r) => !r.duplicate),
            'no receipt is a duplicate',
          );
          const entries = await ledger.read('c');
          checkTopic(entries, 'c', concurrentN);
          for (let i = 0; i < concurrentN; i++) {
            const r = receipts[i]!;
            equal(entries[r.position]!.payload, payloads[i], `entry at the position of receipt ${i}`);
          }
        }),
      );

      it(
        'concurrent appends of one payload commit it once',
        withLedger(async (ledger) => {
          const rs = await Promise.all(range(0, 10).map(() => ledger.append('once', bytes('same'))));
          equal(rs.filter((r) => !r.duplicate).length, 1, 'exactly one non-duplicate receipt');
          check(
            rs.every((r) => r.position === 0 && r.id === rs[0]!.id),
            'all receipts name position 0',
          );
          equal(await ledger.size('once'), 1, 'size');
        }),
      );

      it(
        'concurrent batches interleave without gaps',
        withLedger(async (ledger) => {
          const batches = range(0, 10).map((b) =>
            range(0, 10).map((i) => ({ topic: 'cb', payload: bytes(`batch ${b} entry ${i}`) })),
          );
          const results = await Promise.all(batches.map((b) => ledger.appendBatch(b)));
          const positions = results.flat().map((r) => r.position);
          equal(
            [...positions].sort((x, y) => x - y),
            range(0, 100),
            'positions',
          );
          for (const rs of results) {
            for (let i = 1; i < rs.length; i++) {
              check(rs[i]!.position === rs[i - 1]!.position + 1, 'a batch occupies consecutive positions');
            }
          }
          checkTopic(await ledger.read('cb'), 'cb', 100);
        }),
      );
    });

    describe('scale', () => {
      it(
        `holds a topic of ${largeN} entries`,
        withLedger(async (ledger) => {
          for (let start = 0; start < largeN; start += batchSize) {
            const n = Math.min(batchSize, largeN - start);
            const rs = await ledger.appendBatch(
              range(start, start + n).map((i) => ({ topic: 'large', payload: bytes(`large entry ${i}`) })),
            );
            equal(rs[0]?.position, start, `first position of the batch at ${start}`);
          }
          equal(await ledger.size('large'), largeN, 'size');
          const all = await ledger.read('large');
          checkTopic(all, 'large', largeN);
          equal(all[largeN - 1]!.payload, bytes(`large entry ${largeN - 1}`), 'last payload');
          const tail = await ledger.read('large', { from: largeN - 5, limit: 3 });
          equal(
            tail.map((e) => e.position),
            [largeN - 5, largeN - 4, largeN - 3],
            'tail',
          );
          const dup = await ledger.append('large', bytes('large entry 0'));
          equal([dup.position, dup.duplicate], [0, true], 'duplicate of the first entry');
        }),
      );
    });

    describe('input checks', () => {
      const badTopics: [string, string][] = [
        ['', 'empty'],
        ['a b', 'space'],
        ['a/b', 'slash'],
        ['x'.repeat(201), '201 characters'],
        ['tópico', 'non-ASCII'],
        ['a\n', 'newline'],
      ];

      it(
        'rejects malformed topic names with ERR_LEDGER_TOPIC_INVALID and writes nothing',
        withLedger(async (ledger) => {
          for (const [topic, why] of badTopics) {
            await rejectsCode(ledger.append(topic, bytes('p')), 'ERR_LEDGER_TOPIC_INVALID', `append, ${why}`);
            await rejectsCode(
              ledger.appendBatch([{ topic, payload: bytes('p') }]),
              'ERR_LEDGER_TOPIC_INVALID',
              `appendBatch, ${why}`,
            );
            await rejectsCode(ledger.read(topic), 'ERR_LEDGER_TOPIC_INVALID', `read, ${why}`);
            await rejectsCode(ledger.size(topic), 'ERR_LEDGER_TOPIC_INVALID', `size, ${why}`);
          }
          equal((await ledger.info()).entries, 0, 'nothing written');
        }),
      );

      it(
        'rejects an empty payload with ERR_LEDGER_ENTRY_INVALID',
        withLedger(async (ledger) => {
          await rejectsCode(ledger.append('t', new Uint8Array(0)), 'ERR_LEDGER_ENTRY_INVALID', 'append');
          await rejectsCode(
            ledger.appendBatch([{ topic: 't', payload: new Uint8Array(0) }]),
            'ERR_LEDGER_ENTRY_INVALID',
            'appendBatch',
          );
          equal(await ledger.size('t'), 0, 'nothing written');
        }),
      );

      it(
        'rejects a payload over maxEntryBytes with ERR_LEDGER_ENTRY_TOO_LARGE and accepts one of exactly maxEntryBytes',
        withLedger(async (ledger) => {
          const max = (await ledger.info()).maxEntryBytes;
          await rejectsCode(
            ledger.append('big', new Uint8Array(max + 1)),
            'ERR_LEDGER_ENTRY_TOO_LARGE',
            'max + 1',
          );
          await rejectsCode(
            ledger.appendBatch([{ topic: 'big', payload: new Uint8Array(max + 1) }]),
            'ERR_LEDGER_ENTRY_TOO_LARGE',
            'appendBatch max + 1',
          );
          equal(await ledger.size('big'), 0, 'nothing written');
          if (options.appendMaxSizedEntry !== false) {
            const payload = new Uint8Array(max).map((_, i) => i & 0xff);
            const r = await ledger.append('big', payload);
            equal(r.position, 0, 'a payload of exactly maxEntryBytes is accepted');
            equal((await ledger.read('big'))[0]?.payload, payload, 'and read back whole');
          }
        }),
      );

      it(
        'rejects wrong-typed arguments with TypeError / RangeError and writes nothing',
        withLedger(async (ledger) => {
          const l = ledger as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
          const call = (method: string, ...args: unknown[]) => l[method]!.call(ledger, ...args);
          for (const topic of [undefined, null, 1, {}, [], bytes('t'), Symbol.iterator]) {
            await rejectsType(
              call('append', topic, bytes('p')),
              TypeError,
              `append topic ${describe_(topic)}`,
            );
            await rejectsType(call('read', topic), TypeError, `read topic ${describe_(topic)}`);
            await rejectsType(call('size', topic), TypeError, `size topic ${describe_(topic)}`);
            await rejectsType(
              call('appendBatch', [{ topic, payload: bytes('p') }]),
              TypeError,
              `appendBatch topic ${describe_(topic)}`,
            );
          }
          for (const payload of [
            undefined,
            null,
            'payload',
            42,
            [1, 2],
            new ArrayBuffer(4),
            new DataView(new ArrayBuffer(4)),
            new Uint16Array(2),
            {},
          ]) {
            await rejectsType(
              call('append', 't', payload),
              TypeError,
              `append payload ${describe_(payload)}`,
            );
            await rejectsType(
              call('appendBatch', [{ topic: 't', payload }]),
              TypeError,
              `appendBatch payload ${describe_(payload)}`,
            );
          }
          for (const entries of [undefined, null, 'x', 1, { topic: 't', payload: bytes('p') }]) {
            await rejectsType(call('appendBatch', entries), TypeError, `appendBatch ${describe_(entries)}`);
          }
          for (const entry of [undefined, null, 'x', 1, [['t', bytes('p')]]]) {
            await rejectsType(
              call('appendBatch', [entry]),
              TypeError,
              `appendBatch entry ${describe_(entry)}`,
            );
          }
          for (const opts of [
            'x',
            1,
            null,
            [],
            { from: '1' },
            { limit: '1' },
            { from: null },
            { limit: 1n },
          ]) {
            await rejectsType(
              call('read', 't', opts),
              TypeError,
              `read options ${JSON.stringify(opts, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`,
            );
          }
          for (const opts of [
            { from: -1 },
            { from: 1.5 },
            { limit: -1 },
            { limit: 0.5 },
            { from: Number.NaN },
            { limit: Number.POSITIVE_INFINITY },
          ]) {
            await rejectsType(
              call('read', 't', opts),
              RangeError,
              `read options ${String(Object.values(opts)[0])}`,
            );
          }
          equal((await ledger.info()).entries, 0, 'nothing written');
        }),
      );
    });

    describe('atomicity', () => {
      it(
        'commits a batch across topics whole, with receipts in entry order',
        withLedger(async (ledger) => {
          await ledger.append('x', bytes('x0'));
          const rs = await ledger.appendBatch([
            { topic: 'x', payload: bytes('x1') },
            { topic: 'y', payload: bytes('y0') },
            { topic: 'x', payload: bytes('x2') },
          ]);
          equal(
            rs.map((r) => [r.topic, r.position, r.duplicate]),
            [
              ['x', 1, false],
              ['y', 0, false],
              ['x', 2, false],
            ],
            'receipts',
          );
          equal(
            rs.map((r) => r.id),
            [entryId(bytes('x1')), entryId(bytes('y0')), entryId(bytes('x2'))],
            'ids',
          );
          checkTopic(await ledger.read('x'), 'x', 3);
          checkTopic(await ledger.read('y'), 'y', 1);
          equal(await ledger.appendBatch([]), [], 'an empty batch');
        }),
      );

      it(
        'adds nothing when one entry of a batch is bad',
        withLedger(async (ledger) => {
          await ledger.append('keep', bytes('k0'));
          const max = (await ledger.info()).maxEntryBytes;
          const good = [
            { topic: 'keep', payload: bytes('k1') },
            { topic: 'fresh', payload: bytes('f0') },
          ];
          const cases: [unknown, string | typeof TypeError][] = [
            [{ topic: 'bad topic', payload: bytes('z') }, 'ERR_LEDGER_TOPIC_INVALID'],
            [{ topic: 'keep', payload: new Uint8Array(max + 1) }, 'ERR_LEDGER_ENTRY_TOO_LARGE'],
            [{ topic: 'keep', payload: new Uint8Array(0) }, 'ERR_LEDGER_ENTRY_INVALID'],
            [{ topic: 'keep', payload: 'not bytes' }, TypeError],
            [null, TypeError],
          ];
          for (const [bad, expected] of cases) {
            for (const at of [0, 1, 2]) {
              const batch = [...good] as unknown[];
              batch.splice(at, 0, bad);
              const p = ledger.appendBatch(batch as never);
              if (typeof expected === 'string') await rejectsCode(p, expected, `bad entry at ${at}`);
              else await rejectsType(p, expected, `bad entry at ${at}`);
            }
          }
          equal(await ledger.size('keep'), 1, 'topic keep unchanged');
          equal(await ledger.size('fresh'), 0, 'topic fresh not created');
          const info = await ledger.info();
          equal([info.topics, info.entries], [1, 1], 'info counts unchanged');
        }),
      );
    });

    describe('copies', () => {
      it(
        'neither keeps the caller’s buffer nor hands out its own',
        withLedger(async (ledger) => {
          const payload = bytes('original');
          const r = await ledger.append('cp', payload);
          payload[0] = 0x21;
          const [e] = await ledger.read('cp');
          equal(e?.payload, bytes('original'), 'mutating the appended buffer changes nothing');
          e!.payload[0] = 0x21;
          const [again] = await ledger.read('cp');
          equal(again?.payload, bytes('original'), 'mutating a read payload changes nothing');
          equal(again?.id, r.id, 'id');
          const view = new Uint8Array([0, 0, 0x61, 0x62, 0, 0]).subarray(2, 4);
          const rv = await ledger.append('cp', view);
          equal(rv.id, entryId(bytes('ab')), 'a subarray is hashed over its own bytes only');
          equal((await ledger.read('cp', { from: 1 }))[0]?.payload, bytes('ab'), 'and stored as such');
        }),
      );
    });

    describe('close', () => {
      it('fails every call after close with ERR_LEDGER_CLOSED; close twice is fine', async () => {
        const ledger = await factory.create();
        await ledger.append('t', bytes('p'));
        await ledger.close();
        await ledger.close();
        await rejectsCode(ledger.append('t', bytes('q')), 'ERR_LEDGER_CLOSED', 'append');
        await rejectsCode(
          ledger.appendBatch([{ topic: 't', payload: bytes('q') }]),
          'ERR_LEDGER_CLOSED',
          'appendBatch',
        );
        await rejectsCode(ledger.read('t'), 'ERR_LEDGER_CLOSED', 'read');
        await rejectsCode(ledger.size('t'), 'ERR_LEDGER_CLOSED', 'size');
        await rejectsCode(ledger.info(), 'ERR_LEDGER_CLOSED', 'info');
      });
    });

    const reopen = factory.reopen;
    if (reopen !== undefined) {
      describe('persistence', () => {
        it('keeps every entry, position, id and time across close and reopen', async () => {
          let ledger = await factory.create();
          try {
            const first = await ledger.appendBatch(
              range(0, 30).map((i) => ({ topic: i % 3 === 0 ? 'p1' : 'p2', payload: bytes(`persist ${i}`) })),
            );
            const before1 = await ledger.read('p1');
            const before2 = await ledger.read('p2');
            await ledger.close();
            ledger = await reopen(ledger);
            equal(await ledger.read('p1'), before1, 'topic p1 after reopen');
            equal(await ledger.read('p2'), before2, 'topic p2 after reopen');
            equal(await ledger.size('p1'), 10, 'size p1');
            const info = await ledger.info();
            equal([info.topics, info.entries], [2, 30], 'info counts after reopen');
            const dup = await ledger.append('p1', bytes('persist 0'));
            equal({ ...dup, duplicate: false }, first[0], 'duplicates are still recognised');
            equal(dup.duplicate, true, 'duplicate flag');
            const next = await ledger.append('p1', bytes('after reopen'));
            equal(next.position, 10, 'appends continue at the next position');
            check(next.time >= before1[9]!.time, 'time does not go back across reopen');
          } finally {
            await ledger.close();
          }
        });
      });
    }

    const kill = factory.killTest;
    if (kill !== undefined) {
      describe('durability', () => {
        it('loses no committed entry when a writer is killed with SIGKILL mid-append', async () => {
          const topic = `kill-${Date.now()}`;
          const receipts = await runAndKill(kill, topic, kill.receipts ?? 200);
          check(receipts.length >= (kill.receipts ?? 200), `the child reported ${receipts.length} receipts`);
          const ledger = await kill.open();
          try {
            const entries = await ledger.read(topic);
            checkTopic(entries, topic, entries.length);
            check(
              entries.length >= receipts.length,
              `all ${receipts.length} reported entries are present (found ${entries.length})`,
            );
            for (const r of receipts) {
              const e = entries[r.position];
              check(
                e !== undefined && e.id === r.id && e.time === r.time,
                `reported entry at position ${r.position} is present with its id and time`,
              );
            }
            if (kill.check !== undefined) await kill.check(ledger);
            const next = await ledger.append(topic, bytes(`after the kill ${Date.now()}`));
            equal(next.position, entries.length, 'the ledger takes appends again at the next position');
          } finally {
            await ledger.close();
          }
        });
      });
    }
  });
}

/**
 * The body of a kill-test child: appends distinct payloads to `topic` for ever and writes each
 * receipt as one JSON line to stdout (synchronously) after `append` has resolved. The parent kills
 * the process; this function never returns.
 *
 * @param ledger - the open ledger to write to
 * @param topic - the topic (the suite passes it as `REALDID_KILL_TOPIC`)
 * @returns never
 */
export async function runKillTestChild(ledger: LedgerClient, topic: string): Promise<never> {
  const { writeSync } = await import('node:fs');
  const tag = `${process.pid}-${Date.now()}`;
  for (let i = 0; ; i++) {
    const r = await ledger.append(topic, bytes(`kill test ${tag} ${i}`));
    const line = new TextEncoder().encode(
      `${JSON.stringify({ position: r.position, id: r.id, time: r.time })}\n`,
    );
    // stdout may be a non-blocking pipe: when the parent reads slowly, writeSync throws EAGAIN or
    // writes part of the line. Retry until the whole line is out, so the child never dies by itself.
    let off = 0;
    while (off < line.length) {
      try {
        off += writeSync(1, line, off);
      } catch (err) {
        if ((err as { code?: unknown }).code !== 'EAGAIN') throw err;
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
  }
}

async function runAndKill(kill: KillTestOptions, topic: string, wanted: number): Promise<AppendReceipt[]> {
  const { spawn } = await import('node:child_process');
  const spec = kill.child(topic);
  const child = spawn(spec.command, spec.args, {
    env: { ...process.env, ...spec.env, REALDID_KILL_TOPIC: topic },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const receipts: AppendReceipt[] = [];
  let buffered = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`kill test: only ${receipts.length} receipts within 30 s; stderr: ${stderr.slice(0, 500)}`),
      );
    }, 30_000);
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString('utf8');
      let nl = buffered.indexOf('\n');
      while (nl >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const r = JSON.parse(line) as { position: number; id: string; time: string };
        receipts.push({ topic, position: r.position, id: r.id, time: r.time, duplicate: false });
        nl = buffered.indexOf('\n');
      }
      // Kill in the middle of the loop, while the child is appending.
      if (receipts.length >= wanted && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve();
      else
        reject(
          new Error(
            `kill test: the child exited by itself (${String(_code)}); stderr: ${stderr.slice(0, 500)}`,
          ),
        );
    });
  });
  // A complete line that arrived with the last chunk before the kill took effect was already counted;
  // a partial line (no newline) is dropped: its append was not confirmed.
  return receipts;
}

class ConformanceError extends Error {
  override name = 'LedgerConformanceError';
}

function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new ConformanceError(`expected: ${what}`);
}

function equal(actual: unknown, expected: unknown, what: string): void {
  if (!deepEqual(actual, expected)) {
    throw new ConformanceError(`${what}: expected ${show(expected)}, found ${show(actual)}`);
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!(Array.isArray(a) && Array.isArray(b)) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a)
      .filter((k) => (a as Record<string, unknown>)[k] !== undefined)
      .sort();
    const kb = Object.keys(b)
      .filter((k) => (b as Record<string, unknown>)[k] !== undefined)
      .sort();
    return (
      deepEqual(ka, kb) &&
      ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return false;
}

function show(v: unknown): string {
  try {
    const s = JSON.stringify(v, (_k, x) =>
      x instanceof Uint8Array ? `Uint8Array(${x.length})[${x.slice(0, 16).join(',')}]` : x,
    );
    return s === undefined ? String(v) : s.length > 300 ? `${s.slice(0, 300)}…` : s;
  } catch {
    return String(v);
  }
}

function describe_(v: unknown): string {
  if (v instanceof Uint8Array) return 'Uint8Array';
  if (typeof v === 'symbol') return 'symbol';
  if (Array.isArray(v)) return 'array';
  return v === null
    ? 'null'
    : typeof v === 'object'
      ? (v.constructor?.name ?? 'object')
      : `${typeof v} ${String(v)}`;
}

async function rejectsCode(p: Promise<unknown>, code: string, what: string): Promise<void> {
  try {
    await p;
  } catch (err) {
    if (isRealDidError(err, code)) return;
    const e = err as { name?: unknown; code?: unknown; message?: unknown } | null | undefined;
    throw new ConformanceError(
      `${what}: expected a RealDidError ${code}, got ${String(e?.name)} ${String(e?.code)}: ${String(e?.message)}`,
    );
  }
  throw new ConformanceError(`${what}: expected a RealDidError ${code}, but the call succeeded`);
}

async function rejectsType(
  p: Promise<unknown>,
  type: typeof TypeError | typeof RangeError,
  what: string,
): Promise<void> {
  try {
    await p;
  } catch (err) {
    if (err instanceof type) return;
    throw new ConformanceError(
      `${what}: expected a ${type.name}, got ${String((err as Error)?.name)}: ${String((err as Error)?.message)}`,
    );
  }
  throw new ConformanceError(`${what}: expected a ${type.name}, but the call succeeded`);
}

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function checkTime(t: string): void {
  check(
    typeof t === 'string' && ISO_MS.test(t) && !Number.isNaN(Date.parse(t)),
    `an ISO 8601 UTC time with milliseconds, found ${t}`,
  );
}

/** A whole topic read back: positions 0..n-1, ids that hash their payloads, times in order. */
function checkTopic(entries: LedgerEntry[], topic: string, n: number): void {
  equal(entries.length, n, `entries in ${topic}`);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.position !== i || e.topic !== topic) {
      throw new ConformanceError(`entry ${i} of ${topic}: found position ${e.position} in topic ${e.topic}`);
    }
    if (e.id !== entryId(e.payload))
      throw new ConformanceError(`entry ${i} of ${topic}: the id does not match the payload`);
    checkTime(e.time);
    if (i > 0 && e.time < entries[i - 1]!.time)
      throw new ConformanceError(`entry ${i} of ${topic}: time goes backwards`);
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function bytes(s: string): Uint8Array {
  return encoder.encode(s);
}

function text(b: Uint8Array): string {
  return decoder.decode(b);
}
