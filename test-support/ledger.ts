/**
 * Properties every `LedgerClient` backend is held to in its own tests, beyond the conformance
 * suite (`@realdid/ledger/conformance`, which needs no fast-check): random appends and batches
 * against a plain model, concurrent appends, and hostile arguments to every method. A backend's
 * test file calls `describeLedgerModel` / `describeHostileLedgerMethods` with its factory.
 *
 * The types are structural so this file imports no workspace package (test-support is not one).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allHostileValues, anyString, hugeStrings, type OutcomeRules, outcome } from './hostile.js';

/** What these properties use of a ledger (a subset of `LedgerClient`). */
export interface LedgerUnderTest {
  append(topic: string, payload: Uint8Array): Promise<Receipt>;
  appendBatch(entries: readonly { topic: string; payload: Uint8Array }[]): Promise<Receipt[]>;
  read(
    topic: string,
    options?: { from?: number; limit?: number },
  ): Promise<{ id: string; position: number; payload: Uint8Array }[]>;
  size(topic: string): Promise<number>;
  info(): Promise<{ topics: number; entries: number }>;
  close(): Promise<void>;
}

interface Receipt {
  topic: string;
  id: string;
  position: number;
  duplicate: boolean;
}

/** Every `LedgerErrorCode`; a ledger method may throw only these (or misuse errors). */
export const LEDGER_CODES = [
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
] as const;

/** A value, a coded ledger error, or TypeError/RangeError for caller misuse. */
export const LEDGER_RULES: OutcomeRules = { codes: LEDGER_CODES, misuse: true };

/** One step: a single append or a batch; topics and payloads come from small sets so duplicates happen. */
const topicArb = fc.constantFrom('a', 'b', 'did:realdid:zQm1', 'status.list-1');
const payloadArb = fc.uint8Array({ minLength: 1, maxLength: 4, max: 3 });
const entryArb = fc.record({ topic: topicArb, payload: payloadArb });
/** Random single appends and batches over a few topics and payloads. */
export const ledgerStepArb = fc.oneof(
  entryArb.map((e) => ({ kind: 'append' as const, entries: [e] })),
  fc.array(entryArb, { maxLength: 6 }).map((entries) => ({ kind: 'batch' as const, entries })),
);
type Step = { kind: 'append' | 'batch'; entries: { topic: string; payload: Uint8Array }[] };

const readsArb = fc.array(fc.record({ topic: topicArb, from: fc.nat(12), limit: fc.nat(12) }), {
  maxLength: 5,
});

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** Runs the steps on a ledger and on a plain model, and checks receipts and reads against the model. */
async function checkAgainstModel(
  ledger: LedgerUnderTest,
  entryId: (payload: Uint8Array) => string,
  steps: readonly Step[],
  reads: readonly { topic: string; from: number; limit: number }[],
): Promise<void> {
  const model = new Map<string, Uint8Array[]>();
  for (const step of steps) {
    const receipts =
      step.kind === 'append'
        ? [await ledger.append(step.entries[0]!.topic, step.entries[0]!.payload)]
        : await ledger.appendBatch(step.entries);
    expect(receipts.length).toBe(step.entries.length);
    step.entries.forEach((e, i) => {
      const log = model.get(e.topic) ?? [];
      model.set(e.topic, log);
      const at = log.findIndex((x) => hex(x) === hex(e.payload));
      const r = receipts[i]!;
      expect(r.topic).toBe(e.topic);
      expect(r.id).toBe(entryId(e.payload));
      if (at >= 0) {
        expect([r.position, r.duplicate]).toEqual([at, true]);
      } else {
        expect([r.position, r.duplicate]).toEqual([log.length, false]);
        log.push(e.payload.slice());
      }
    });
  }
  let total = 0;
  for (const [topic, log] of model) {
    total += log.length;
    const entries = await ledger.read(topic);
    expect(entries.map((e) => e.position)).toEqual(log.map((_, i) => i));
    expect(entries.map((e) => hex(e.payload))).toEqual(log.map(hex));
    expect(entries.map((e) => e.id)).toEqual(log.map((p) => entryId(p)));
    expect(await ledger.size(topic)).toBe(log.length);
  }
  for (const { topic, from, limit } of reads) {
    const log = model.get(topic) ?? [];
    const got = await ledger.read(topic, { from, limit });
    expect(got.map((e) => hex(e.payload))).toEqual(log.slice(from, from + limit).map(hex));
    expect(got.map((e) => e.position)).toEqual(log.slice(from, from + limit).map((_, i) => from + i));
  }
  const info = await ledger.info();
  expect([info.topics, info.entries]).toEqual([
    [...model.values()].filter((l) => l.length > 0).length,
    total,
  ]);
}

/**
 * `<name> against a model`: random appends and batches read back in order with consistent
 * positions, ids and duplicates; concurrent appends leave every topic gap-free.
 */
export function describeLedgerModel(
  name: string,
  make: () => Promise<LedgerUnderTest>,
  entryId: (payload: Uint8Array) => string,
): void {
  describe(`${name} against a model`, () => {
    it('random appends and batches read back in order, with consistent positions, ids and duplicates', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(ledgerStepArb, { maxLength: 25 }), readsArb, async (steps, reads) => {
          const ledger = await make();
          try {
            await checkAgainstModel(ledger, entryId, steps, reads);
          } finally {
            await ledger.close();
          }
        }),
        { numRuns: 150 },
      );
    });

    it('concurrent random appends leave every topic gap-free and every receipt true', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(entryArb, { minLength: 1, maxLength: 40 }), async (entries) => {
          const ledger = await make();
          try {
            const receipts = await Promise.all(entries.map((e) => ledger.append(e.topic, e.payload)));
            for (const [i, r] of receipts.entries()) {
              const stored = (await ledger.read(r.topic, { from: r.position, limit: 1 }))[0];
              expect(stored?.id).toBe(r.id);
              expect(stored?.payload).toEqual(entries[i]!.payload);
            }
            for (const topic of new Set(entries.map((e) => e.topic))) {
              const all = await ledger.read(topic);
              expect(all.map((e) => e.position)).toEqual(all.map((_, i) => i));
              expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
              expect(receipts.filter((r) => r.topic === topic && !r.duplicate).length).toBe(all.length);
            }
          } finally {
            await ledger.close();
          }
        }),
        { numRuns: 100 },
      );
    });
  });
}

/**
 * `<name> methods`: hostile values in every argument of append / appendBatch / read / size, and
 * arbitrary topics and read options, give a value, a coded ledger error or a misuse error.
 */
export function describeHostileLedgerMethods(name: string, make: () => LedgerUnderTest): void {
  const ONE = new Uint8Array([1]);
  describe(`${name} methods`, () => {
    it('append / appendBatch / read / size with hostile values', async () => {
      const ledger = make();
      for (const v of [...allHostileValues(), ...hugeStrings()]) {
        await outcome(() => ledger.append(v as string, ONE), LEDGER_RULES);
        await outcome(() => ledger.append('t', v as Uint8Array), LEDGER_RULES);
        await outcome(() => ledger.appendBatch(v as never), LEDGER_RULES);
        await outcome(() => ledger.read(v as string), LEDGER_RULES);
        await outcome(() => ledger.read('t', v as never), LEDGER_RULES);
        await outcome(() => ledger.size(v as string), LEDGER_RULES);
      }
      await ledger.close();
    });

    it('arbitrary topics and options round-trip or reject with a code', async () => {
      const ledger = make();
      await fc.assert(
        fc.asyncProperty(
          anyString,
          fc.uint8Array({ minLength: 0, maxLength: 40 }),
          fc.record(
            { from: fc.oneof(fc.nat(), fc.double()), limit: fc.oneof(fc.nat(), fc.double()) },
            { requiredKeys: [] },
          ),
          async (topic, payload, options) => {
            const a = await outcome(() => ledger.append(topic, payload), LEDGER_RULES);
            const r = await outcome(() => ledger.read(topic, options), LEDGER_RULES);
            if (
              a.kind === 'returned' &&
              r.kind === 'returned' &&
              options.from === undefined &&
              options.limit === undefined
            ) {
              expect((r.value as unknown[]).length).toBeGreaterThan(0);
            }
          },
        ),
        { numRuns: 100 },
      );
      await ledger.close();
    });
  });
}
