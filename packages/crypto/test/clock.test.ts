import { describe, expect, it } from 'vitest';
import { wrongClocks } from '../../../test-support/hostile.js';
import { readClock, toClock } from '../src/index.js';

const T = Date.UTC(2030, 0, 1);

describe('readClock / toClock', () => {
  it('reads a clock in milliseconds, and the deprecated Date forms as the same instant', () => {
    expect(readClock(() => T)).toBe(T);
    expect(readClock(() => new Date(T))).toBe(T);
    expect(readClock(new Date(T))).toBe(T);
    expect(toClock(() => T)()).toBe(T);
    expect(toClock(() => new Date(T))()).toBe(T);
    expect(toClock(new Date(T))()).toBe(T);
  });

  it('defaults to Date.now', () => {
    const before = Date.now();
    const read = readClock(undefined);
    expect(read).toBeGreaterThanOrEqual(before);
    expect(toClock(undefined)).toBe(Date.now);
  });

  it('reads the clock on every call', () => {
    let t = T;
    const clock = toClock(() => t);
    expect(clock()).toBe(T);
    t += 5;
    expect(clock()).toBe(T + 5);
  });

  it('refuses every wrong value with a TypeError naming the option', () => {
    for (const [i, bad] of wrongClocks().entries()) {
      expect(() => readClock(bad, 'options.now'), `value ${i}`).toThrow(TypeError);
      expect(() => readClock(bad, 'options.now'), `value ${i}`).toThrow(/^options\.now: /);
      expect(() => toClock(bad, 'options.now')(), `value ${i}`).toThrow(/^options\.now: /);
    }
  });

  it('refuses a non-function once, when the option is checked', () => {
    expect(() => toClock('2030-01-01')).toThrow(TypeError);
    expect(() => toClock(T)).toThrow(/^now: /);
    expect(() => toClock(new Date(Number.NaN))).toThrow(TypeError);
  });
});
