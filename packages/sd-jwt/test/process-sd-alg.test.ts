import { base64urlEncode, utf8Encode } from '@realdid/crypto';
import { describe, expect, it } from 'vitest';
import { decodeDisclosures, digestOf } from '../src/internal/disclosure.js';
import { processPayload } from '../src/internal/process.js';

const disclose = (arr: unknown[]): { encoded: string; digest: string } => {
  const encoded = base64urlEncode(utf8Encode(JSON.stringify(arr)));
  return { encoded, digest: digestOf(encoded, 'sha-256') };
};
const run = (payload: Record<string, unknown>, encoded: string[]) =>
  processPayload(payload, decodeDisclosures(encoded, 'sha-256'), 10);

describe('processing drops the payload _sd_alg, and only that one', () => {
  const a = disclose(['salt-a', 'a', 1]);
  it('wherever _sd_alg stands among the keys, without touching the payload', () => {
    for (const payload of [
      { _sd_alg: 'sha-256', x: 1, _sd: [a.digest] },
      { x: 1, _sd: [a.digest], _sd_alg: 'sha-256' },
      { x: 1, _sd_alg: 'sha-256', y: { z: 2 }, _sd: [a.digest] },
    ]) {
      const before = structuredClone(payload);
      const r = run(payload, [a.encoded]);
      expect(Object.hasOwn(r.claims, '_sd_alg')).toBe(false);
      expect(Object.hasOwn(r.claims, '_sd')).toBe(false);
      expect(r.claims.a).toBe(1);
      expect(r.claims.x).toBe(1);
      expect(payload).toEqual(before);
    }
  });
  it('a payload with _sd_alg and no digests at all', () => {
    const payload = { x: 1, _sd_alg: 'sha-256', y: 2 };
    const r = run(payload, []);
    expect(r.claims).toEqual({ x: 1, y: 2 });
    expect(Object.keys(r.claims)).toEqual(['x', 'y']);
    expect(payload._sd_alg).toBe('sha-256');
  });
  it('item 12: _sd_alg below the top level is ERR_SD_JWT_SD_MISPLACED (RFC 9901 §4.1.1)', () => {
    const misplaced = { code: 'ERR_SD_JWT_SD_MISPLACED' };
    // in the signed payload, nested in an object, or in an array element
    expect(() =>
      run({ n: { _sd_alg: 'sha-256', _sd: [a.digest] }, _sd_alg: 'sha-256' }, [a.encoded]),
    ).toThrow(expect.objectContaining(misplaced));
    expect(() => run({ n: [{ m: { _sd_alg: 'x' } }] }, [])).toThrow(expect.objectContaining(misplaced));
    // disclosed below the top level, by name or inside a disclosed value
    const nested = disclose(['salt-n', '_sd_alg', 'sha-512']);
    expect(() => run({ n: { _sd: [nested.digest] } }, [nested.encoded])).toThrow(
      expect.objectContaining(misplaced),
    );
    const inValue = disclose(['salt-v', 'v', { _sd_alg: 'sha-256' }]);
    expect(() => run({ _sd: [inValue.digest] }, [inValue.encoded])).toThrow(
      expect.objectContaining(misplaced),
    );
  });
  it('a disclosed top-level _sd_alg clashes with the payload one', () => {
    const d = disclose(['salt-b', '_sd_alg', 'sha-512']);
    expect(() => run({ _sd: [d.digest], _sd_alg: 'sha-256' }, [d.encoded])).toThrow(
      expect.objectContaining({ code: 'ERR_SD_JWT_CLAIM_EXISTS' }),
    );
  });
  it('a disclosed top-level _sd_alg without a payload one is dropped from the claims', () => {
    const d = disclose(['salt-b', '_sd_alg', 'sha-512']);
    const r = run({ x: 1, _sd: [d.digest, a.digest] }, [d.encoded, a.encoded]);
    expect(r.claims).toEqual({ x: 1, a: 1 });
    expect(r.disclosed).toEqual([['_sd_alg'], ['a']]);
  });
});
