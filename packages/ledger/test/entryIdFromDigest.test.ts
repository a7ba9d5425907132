import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entryId, entryIdFromDigest } from '../src/index.js';

describe('entryIdFromDigest', () => {
  it('gives the id entryId gives the payload, for any payload', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), (payload) => {
        const digest = new Uint8Array(createHash('sha256').update(payload).digest());
        expect(entryIdFromDigest(digest)).toBe(entryId(payload));
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a digest of the wrong type or length', () => {
    for (const bad of [undefined, null, 'ab', [1, 2], new ArrayBuffer(32)]) {
      expect(() => entryIdFromDigest(bad as never)).toThrow(TypeError);
    }
    for (const n of [0, 31, 33, 64]) expect(() => entryIdFromDigest(new Uint8Array(n))).toThrow(RangeError);
  });
});
