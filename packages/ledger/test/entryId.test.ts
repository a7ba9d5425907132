import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entryId } from '../src/index.js';

const vectors = (name: string) =>
  readFileSync(new URL(`./vectors/multiformats/${name}`, import.meta.url), 'utf8');

/** An independent base58btc encoder (BigInt), checked below against the multibase test vectors. */
function base58btc(bytes: Uint8Array): string {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let n = 0n;
  for (const b of bytes) n = n * 256n + BigInt(b);
  let out = '';
  while (n > 0n) {
    out = alphabet[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = `1${out}`;
  }
  return out;
}

/** The oracle: 'z' + base58btc(0x12 0x20 || sha256(payload)) with node:crypto. */
function oracle(payload: Uint8Array): string {
  const digest = createHash('sha256').update(payload).digest();
  return `z${base58btc(new Uint8Array([0x12, 0x20, ...digest]))}`;
}

describe('entryId', () => {
  it('the test oracle encodes the multibase base58btc vectors (multiformats/multibase tests)', () => {
    const cases: [string, string][] = [
      ['multibase_tests_basic.csv', 'yes mani !'],
      ['multibase_tests_leading_zero.csv', '\x00yes mani !'],
      ['multibase_tests_two_leading_zeros.csv', '\x00\x00yes mani !'],
    ];
    for (const [file, input] of cases) {
      const line = vectors(file)
        .split('\n')
        .find((l) => l.startsWith('base58btc,'));
      const expected = /"(z[^"]+)"/.exec(line ?? '')?.[1];
      expect(expected).toBeDefined();
      expect(`z${base58btc(new TextEncoder().encode(input))}`).toBe(expected);
    }
  });

  it('uses the sha2-256 multihash code 0x12 of the multicodec table', () => {
    const row = vectors('multicodec_table.csv')
      .split('\n')
      .find((l) => l.startsWith('sha2-256,'));
    expect(row?.split(',').map((s) => s.trim())[2]).toBe('0x12');
  });

  it('gives the well-known sha2-256 multihashes of "" and "hello"', () => {
    expect(entryId(new Uint8Array(0))).toBe('zQmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n');
    expect(entryId(new TextEncoder().encode('hello'))).toBe(
      'zQmRN6wdp1S2A5EtjW9A3M1vKSBuQQGcgvuhoMUoEz4iiT5',
    );
  });

  it('matches the oracle on random payloads', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (payload) => {
        expect(entryId(payload)).toBe(oracle(payload));
      }),
      { numRuns: 300 },
    );
  });

  it('hashes only the bytes of a subarray and accepts a Buffer', () => {
    const whole = new Uint8Array([9, 1, 2, 3, 9]);
    expect(entryId(whole.subarray(1, 4))).toBe(entryId(new Uint8Array([1, 2, 3])));
    expect(entryId(Buffer.from([1, 2, 3]))).toBe(entryId(new Uint8Array([1, 2, 3])));
  });

  it('rejects non-Uint8Array input with TypeError', () => {
    for (const bad of [undefined, null, 'abc', 1, [1, 2], new ArrayBuffer(2), new Uint16Array(2), {}]) {
      expect(() => entryId(bad as never)).toThrow(TypeError);
    }
  });
});
