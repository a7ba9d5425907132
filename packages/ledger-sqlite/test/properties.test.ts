import { entryId, type LedgerClient, MemoryLedger } from '@realdid/ledger';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SqliteLedger } from '../src/index.js';

/** One step: a single append or a batch; topics and payloads come from small sets so duplicates happen. */
const topicArb = fc.constantFrom('a', 'b', 'did:realdid:zQm1', 'status.list-1');
const payloadArb = fc.uint8Array({ minLength: 1, maxLength: 4, max: 3 });
const entryArb = fc.record({ topic: topicArb, payload: payloadArb });
const stepArb = fc.oneof(
  entryArb.map((e) => ({ kind: 'append' as const, entries: [e] })),
  fc.array(entryArb, { maxLength: 6 }).map((entries) => ({ kind: 'batch' as const, entries })),
);

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** Runs the steps on a ledger and on a plain model, and checks receipts and reads against the model. */
async function checkAgainstModel(
  ledger: LedgerClient,
  steps: { kind: 'append' | 'batch'; entries: { topic: string; payload: Uint8Array }[] }[],
  reads: { topic: string; from: number; limit: number }[],
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

const readsArb = fc.array(fc.record({ topic: topicArb, from: fc.nat(12), limit: fc.nat(12) }), {
  maxLength: 5,
});

describe.each([['SqliteLedger', async () => SqliteLedger.open(':memory:')]] as [
  string,
  () => Promise<LedgerClient>,
][])('%s against a model', (_name, make) => {
  it('random appends and batches read back in order, with consistent positions, ids and duplicates', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { maxLength: 25 }), readsArb, async (steps, reads) => {
        const ledger = await make();
        try {
          await checkAgainstModel(ledger, steps, reads);
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

describe('MemoryLedger and SqliteLedger agree', () => {
  it('give the same receipts (but time) for the same steps', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { maxLength: 20 }), async (steps) => {
        const fixed = () => new Date(Date.UTC(2026, 0, 1));
        const a = new MemoryLedger({ clock: fixed });
        const b = await SqliteLedger.open(':memory:', { clock: fixed });
        try {
          for (const s of steps) {
            expect(await b.appendBatch(s.entries)).toEqual(await a.appendBatch(s.entries));
          }
        } finally {
          await a.close();
          await b.close();
        }
      }),
      { numRuns: 100 },
    );
  });
});
