import { deflateSync, gzipSync } from 'node:zlib';
import { decodeBitstring, decodeStatusList } from '@realdid/status';
import { describe, expect, it } from 'vitest';

/** A ZLIB stream of `n` zero bytes written by node:zlib: it compresses about 1000:1. */
function zlibBomb(n: number): string {
  return Buffer.from(deflateSync(Buffer.alloc(n), { level: 9 })).toString('base64url');
}

describe('decompression bombs and size limits', () => {
  it('a Token Status List that inflates past the cap is rejected with ERR_STATUS_LIST_TOO_LARGE', () => {
    const lst = zlibBomb(64 * 1024 * 1024); // 64 MiB of zeros in ~64 KiB
    expect(lst.length).toBeLessThan(100_000);
    expect(() => decodeStatusList({ bits: 1, lst })).toThrow(
      expect.objectContaining({ code: 'ERR_STATUS_LIST_TOO_LARGE' }),
    );
    expect(() => decodeStatusList({ bits: 1, lst }, { maxDecompressedBytes: 1024 })).toThrow(
      expect.objectContaining({ code: 'ERR_STATUS_LIST_TOO_LARGE' }),
    );
  });

  it('the same list under the cap decodes', () => {
    const lst = zlibBomb(1024 * 1024);
    expect(decodeStatusList({ bits: 1, lst }).size).toBe(8 * 1024 * 1024);
    expect(() => decodeStatusList({ bits: 1, lst }, { maxDecompressedBytes: 1024 * 1024 - 1 })).toThrow(
      expect.objectContaining({ code: 'ERR_STATUS_LIST_TOO_LARGE' }),
    );
  });

  it('a GZIP bomb as encodedList is rejected with ERR_STATUS_LIST_TOO_LARGE', () => {
    const gz = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    const encoded = `u${Buffer.from(gz).toString('base64url')}`;
    expect(() => decodeBitstring(encoded)).toThrow(
      expect.objectContaining({ code: 'ERR_STATUS_LIST_TOO_LARGE' }),
    );
  });

  it('a compressed list above the compressed-size limit is rejected before decoding', () => {
    const lst = zlibBomb(1024 * 1024);
    expect(() => decodeStatusList({ bits: 1, lst }, { maxCompressedBytes: 100 })).toThrow(
      expect.objectContaining({ code: 'ERR_STATUS_LIST_TOO_LARGE' }),
    );
    expect(() => decodeBitstring(`u${lst}`, { maxCompressedBytes: 100 })).toThrow(
      expect.objectContaining({ code: 'ERR_STATUS_LIST_TOO_LARGE' }),
    );
  });

  it('a compressed list that is not base64url is ERR_STATUS_LIST_MALFORMED', () => {
    for (const bad of ['AA!A', 'AA AA', 'A+/=']) {
      expect(() => decodeStatusList({ bits: 1, lst: bad }), bad).toThrow(
        expect.objectContaining({
          code: 'ERR_STATUS_LIST_MALFORMED',
          message: 'status_list.lst: not base64url',
        }),
      );
      expect(() => decodeBitstring(`u${bad}`), bad).toThrow(
        expect.objectContaining({ code: 'ERR_STATUS_LIST_MALFORMED', message: 'encodedList: not base64url' }),
      );
    }
  });

  it('checksums are verified: a wrong Adler-32 or CRC-32 is ERR_STATUS_LIST_COMPRESSION', () => {
    const z = deflateSync(Buffer.alloc(4096, 7));
    z[z.length - 1]! ^= 1;
    expect(() => decodeStatusList({ bits: 8, lst: Buffer.from(z).toString('base64url') })).toThrow(
      expect.objectContaining({ code: 'ERR_STATUS_LIST_COMPRESSION' }),
    );
    const g = gzipSync(Buffer.alloc(16384, 7));
    g[g.length - 6]! ^= 1;
    expect(() => decodeBitstring(`u${Buffer.from(g).toString('base64url')}`)).toThrow(
      expect.objectContaining({ code: 'ERR_STATUS_LIST_COMPRESSION' }),
    );
  });

  it('rejects size limits that are not positive integers', () => {
    expect(() => decodeStatusList({ bits: 1, lst: 'eNrbuRgAAhcBXQ' }, { maxDecompressedBytes: 0 })).toThrow(
      RangeError,
    );
    expect(() => decodeBitstring('u', { maxCompressedBytes: -1 })).toThrow(RangeError);
  });
});
