import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { DeadlineQueue } from '../src/internal/DeadlineQueue.js';

interface Call {
  name: number;
  deadline: number;
  settled: boolean;
}

describe('DeadlineQueue', () => {
  it('expires every unanswered call once, in order, and never an answered one', async () => {
    const expired: number[] = [];
    const q = new DeadlineQueue<Call>((c) => {
      c.settled = true;
      expired.push(c.name);
    });
    const t0 = performance.now();
    const calls: Call[] = Array.from({ length: 3000 }, (_, i) => ({
      name: i,
      deadline: t0 + 20 + (i >> 10),
      settled: false,
    }));
    for (const c of calls) q.add(c);
    // Answer every third call, the first 1,500 of them from the front (compaction), then trim.
    for (const c of calls) if (c.name % 3 === 0 || c.name < 1500) c.settled = true;
    q.trim();
    await new Promise((r) => setTimeout(r, 80));
    const expected = calls.filter((c) => !(c.name % 3 === 0 || c.name < 1500)).map((c) => c.name);
    expect(expired).toEqual(expected);
    expect(calls.every((c) => c.settled)).toBe(true);
  });

  it('stops its timer when every call is answered, and starts again for a new one', async () => {
    const expired: number[] = [];
    const q = new DeadlineQueue<Call>((c) => {
      c.settled = true;
      expired.push(c.name);
    });
    const a: Call = { name: 1, deadline: performance.now() + 10, settled: false };
    q.add(a);
    a.settled = true;
    q.trim();
    const b: Call = { name: 2, deadline: performance.now() + 10, settled: false };
    q.add(b);
    await new Promise((r) => setTimeout(r, 50));
    expect(expired).toEqual([2]);
    q.clear();
  });

  it('lets go of the calls the head has passed (they can be collected before the array is compacted)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const q = new DeadlineQueue<Call>(() => {});
    const collected: number[] = [];
    const registry = new FinalizationRegistry<number>((n) => collected.push(n));
    const last: Call = { name: 9, deadline: performance.now() + 60_000, settled: false };
    (() => {
      for (let i = 0; i < 3; i++) {
        const c: Call = { name: i, deadline: performance.now() + 60_000, settled: false };
        q.add(c);
        registry.register(c, i);
        c.settled = true;
      }
    })();
    q.add(last);
    q.trim();
    for (let i = 0; i < 10 && collected.length < 3; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(collected.sort()).toEqual([0, 1, 2]);
    last.settled = true;
    q.trim();
  });
});
