import { MemoryNonceStore } from '@realdid/realname';
import { describe, expect, it } from 'vitest';

describe('MemoryNonceStore capacity and expiry', () => {
  it('drops expired nonces before live ones when full, and the oldest live ones beyond capacity', async () => {
    let t = 1_000;
    const s = new MemoryNonceStore({ now: () => t, maxEntries: 3 });
    await s.put('old', t + 10); // expires first
    await s.put('a', t + 1_000);
    await s.put('b', t + 1_000);
    t += 20; // 'old' has expired
    await s.put('c', t + 1_000); // full: the expired one goes, every live one stays
    for (const n of ['a', 'b', 'c']) expect((await s.consume(n)).status).toBe('ok');
    await s.put('d', t + 1_000); // full of live nonces: the oldest ('a') goes
    expect((await s.consume('a')).status).toBe('unknown');
    expect((await s.consume('d')).status).toBe('ok');
  });

  it('keeps refusing replays and expired nonces across many puts (sweeps are amortized)', async () => {
    let t = 0;
    const s = new MemoryNonceStore({ now: () => t, maxEntries: 50_000 });
    for (let i = 0; i < 5_000; i++) await s.put(`n${i}`, t + (i % 2 === 0 ? 5 : 1_000_000));
    expect((await s.consume('n1')).status).toBe('ok');
    expect((await s.consume('n1')).status).toBe('consumed');
    t += 10;
    expect((await s.consume('n0')).status).toBe('expired');
    expect((await s.consume('n0')).status).toBe('unknown');
    for (let i = 5_000; i < 10_000; i++) await s.put(`n${i}`, t + 1_000_000);
    expect((await s.consume('n1')).status).toBe('consumed');
    expect((await s.consume('n2')).status).toBe('unknown'); // swept once the map doubled
    expect((await s.consume('n9999')).status).toBe('ok');
  });
});
