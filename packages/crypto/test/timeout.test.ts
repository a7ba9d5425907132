import { describe, expect, it } from 'vitest';
import { checkTimeoutMs, DEFAULT_TIMEOUT_MS, TIMED_OUT, withTimeout } from '../src/index.js';

describe('withTimeout / checkTimeoutMs', () => {
  it('yields the value when the work settles first, TIMED_OUT when the time runs out', async () => {
    expect(await withTimeout(Promise.resolve(7), 1000)).toBe(7);
    expect(await withTimeout(8, 1000)).toBe(8);
    expect(await withTimeout(new Promise(() => {}), 5)).toBe(TIMED_OUT);
    const late = new Promise((r) => setTimeout(() => r('late'), 200));
    expect(await withTimeout(late, 10)).toBe(TIMED_OUT);
    expect(await withTimeout(late, Number.POSITIVE_INFINITY)).toBe('late');
  });

  it('passes a rejection through', async () => {
    await expect(withTimeout(Promise.reject(new Error('boom')), 1000)).rejects.toThrow('boom');
  });

  it('leaves no timer behind once the race settles', async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    await withTimeout(Promise.resolve(1), 60_000);
    await withTimeout(Promise.reject(new Error('x')), 60_000).catch(() => undefined);
    const after = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    expect(after).toBe(before);
  });

  it('checks the bound', () => {
    expect(checkTimeoutMs(undefined)).toBe(DEFAULT_TIMEOUT_MS);
    expect(checkTimeoutMs(undefined, 5)).toBe(5);
    expect(checkTimeoutMs(1)).toBe(1);
    expect(checkTimeoutMs(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    for (const bad of ['10', null, {}, 10n]) expect(() => checkTimeoutMs(bad)).toThrow(TypeError);
    for (const bad of [0, -1, 1.5, Number.NaN, 2 ** 31, Number.NEGATIVE_INFINITY])
      expect(() => checkTimeoutMs(bad)).toThrow(RangeError);
  });
});
