/**
 * Adversarial review of the hot-path codec: what a hostile token, a hostile caller or an unusual
 * runtime value can make the Node.js fast paths do that the portable path would not (different
 * bytes for the same input, two inputs with one encoding, a scratch view overwritten while in use),
 * and huge or wrongly typed inputs. Every case runs on both backends and is compared with the
 * portable composition of public functions.
 */
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  asciiBytes,
  base64urlDecode,
  base64urlDecodeAscii,
  base64urlEncode,
  base64urlEncodeRange,
  base64urlEncodeText,
  hashTextBase64url,
  isRealDidError,
  setBackend,
} from '../src/index.js';
import { BACKENDS } from './helpers/backends.js';

afterEach(() => setBackend('auto'));

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('asciiBytes on a string that is not ASCII', () => {
  for (const backend of BACKENDS) {
    it(`${backend}: gives its UTF-8 bytes, so two different strings never share their bytes`, () => {
      setBackend(backend);
      // 'š' is U+0161: a one-byte-per-char write keeps only 0x61, 'a', so 'ša.b' signed as 'aa.b'.
      for (const scratch of [false, true]) {
        expect([...asciiBytes('\u0161a.b', scratch)]).toEqual([...utf8('\u0161a.b')]);
        expect([...asciiBytes('\u0161a.b', scratch)]).not.toEqual([...asciiBytes('aa.b', scratch)]);
        expect([...asciiBytes('\u0100', scratch)]).toEqual([0xc4, 0x80]);
        expect([...asciiBytes('x\ud800', scratch)]).toEqual([0x78, 0xef, 0xbf, 0xbd]);
      }
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 80 }), fc.boolean(), (s, scratch) => {
          expect([...asciiBytes(s, scratch)]).toEqual([...utf8(s)]);
        }),
        { numRuns: 500 },
      );
      const own = asciiBytes('é'.repeat(10));
      expect(own.byteOffset).toBe(0);
      expect(own.buffer.byteLength).toBe(own.length);
    });
  }
});

describe('scratch views', () => {
  it('a scratch view of asciiBytes is not touched by any other codec call before the next asciiBytes', () => {
    for (const size of [10, 3000, 70_000]) {
      const input = 'A'.repeat(size);
      const view = asciiBytes(input, true);
      base64urlDecodeAscii(base64urlEncodeText('z'.repeat(size)));
      base64urlEncodeText('q'.repeat(size));
      base64urlDecode(base64urlEncodeText('r'.repeat(size)));
      asciiBytes('w'.repeat(size)); // own bytes: not the scratch
      hashTextBase64url('sha-256', 'v'.repeat(size));
      expect(view.every((b) => b === 0x41)).toBe(true);
    }
  });
  it('bytes of their own and decoded text never change when the scratch is reused', () => {
    const own = asciiBytes('own.bytes');
    const text = base64urlDecodeAscii(base64urlEncodeText('{"k":"v"}'));
    const decoded = base64urlDecode(base64urlEncodeText('decoded'));
    for (let i = 0; i < 50; i++) {
      asciiBytes(`${i}`.repeat(i * 100), true);
      base64urlDecodeAscii(base64urlEncodeText(`${i}`.repeat(i * 100)));
    }
    expect(new TextDecoder().decode(own)).toBe('own.bytes');
    expect(text).toBe('{"k":"v"}');
    expect(new TextDecoder().decode(decoded)).toBe('decoded');
  });
});

describe('base64urlEncodeRange over a resizable ArrayBuffer', () => {
  for (const backend of BACKENDS) {
    it(`${backend}: encodes the bytes the array holds now, after the buffer grew or shrank`, () => {
      setBackend(backend);
      // ES2024 resizable buffers (Node.js ≥ 20), typed here for the ES2022 lib.
      const Resizable = ArrayBuffer as unknown as new (
        n: number,
        o: { maxByteLength: number },
      ) => ArrayBuffer & { resize(n: number): void };
      const rab = new Resizable(4, { maxByteLength: 64 });
      const u = new Uint8Array(rab); // length-tracking
      u.set([1, 2, 3, 4]);
      expect(base64urlEncodeRange(u, 0, 4)).toBe(base64urlEncode(Uint8Array.of(1, 2, 3, 4)));
      rab.resize(8);
      u.set([5, 6, 7, 8], 4);
      expect(base64urlEncodeRange(u, 0, 8)).toBe(base64urlEncode(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8)));
      expect(base64urlEncodeRange(u, 6, 8)).toBe(base64urlEncode(Uint8Array.of(7, 8)));
      rab.resize(2);
      expect(base64urlEncodeRange(u, 0, 2)).toBe(base64urlEncode(Uint8Array.of(1, 2)));
      rab.resize(6);
      expect(base64urlEncodeRange(u, 0, 6)).toBe(base64urlEncode(u.slice()));
      expect(base64urlEncode(u)).toBe(base64urlEncode(u.slice()));
    });
  }
});

describe('wrong types', () => {
  // A typed array of 16-bit elements whose constructor is named Uint8Array: not bytes.
  const lookalike = new Uint16Array([0x4142, 0x4344]);
  Object.defineProperty(lookalike, 'constructor', { value: { name: 'Uint8Array' } });
  const dataView = new DataView(new ArrayBuffer(4));
  Object.defineProperty(dataView, 'constructor', { value: { name: 'Uint8Array' } });

  for (const backend of BACKENDS) {
    it(`${backend}: a typed array that only calls itself Uint8Array is a TypeError, not other bytes`, () => {
      setBackend(backend);
      for (const fake of [lookalike, dataView]) {
        expect(() => base64urlEncode(fake as unknown as Uint8Array)).toThrow(TypeError);
        expect(() => base64urlEncodeRange(fake as unknown as Uint8Array, 0, 1)).toThrow(TypeError);
      }
      // A Uint8Array from another realm and a Buffer are bytes.
      const foreign = runInNewContext('new Uint8Array([1, 2, 3])') as Uint8Array;
      expect(base64urlEncode(foreign)).toBe('AQID');
      expect(base64urlEncode(Buffer.from([1, 2, 3]))).toBe('AQID');
    });
    it(`${backend}: every codec function throws TypeError or RangeError on hostile arguments`, () => {
      setBackend(backend);
      const hostile: unknown[] = [
        undefined,
        null,
        1,
        1n,
        Symbol('s'),
        new String('AQID'),
        { toString: () => 'AQID' },
        ['AQID'],
        new Proxy(
          {},
          {
            get() {
              throw new Error('getter');
            },
          },
        ),
        () => 'AQID',
      ];
      const calls: Array<(v: unknown) => unknown> = [
        (v) => base64urlDecode(v as string),
        (v) => base64urlDecodeAscii(v as string),
        (v) => base64urlEncodeText(v as string),
        (v) => base64urlEncode(v as Uint8Array),
        (v) => asciiBytes(v as string),
        (v) => asciiBytes('a', v as boolean),
        (v) => hashTextBase64url('sha-256', v as string),
        (v) => hashTextBase64url(v as 'sha-256', 'a'),
        (v) => base64urlEncodeRange(v as Uint8Array, 0, 0),
        (v) => base64urlEncodeRange(new Uint8Array(2), v as number, 1),
        (v) => base64urlEncodeRange(new Uint8Array(2), 0, v as number),
      ];
      for (const [k, call] of calls.entries()) {
        for (const v of hostile) {
          if (v === undefined && k === 5) continue; // asciiBytes' default
          if (v === 1 && k >= 9) continue; // a valid index
          let thrown: unknown;
          try {
            call(v);
          } catch (e) {
            thrown = e;
          }
          const ok =
            thrown instanceof TypeError ||
            thrown instanceof RangeError ||
            isRealDidError(thrown, 'ERR_HASH_UNSUPPORTED');
          expect(ok, `call ${k} with ${typeof v}`).toBe(true);
        }
      }
    });
  }
});

describe('huge inputs', () => {
  for (const backend of BACKENDS) {
    it(`${backend}: a few MiB decode or are refused with ERR_BASE64URL, the same on both paths`, () => {
      setBackend(backend);
      const bytes = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 37) & 0x7f);
      const s = base64urlEncode(bytes);
      const back = base64urlDecode(s);
      expect(back.length).toBe(bytes.length);
      expect(back.every((b, i) => b === bytes[i])).toBe(true);
      expect(base64urlDecodeAscii(s) === new TextDecoder().decode(bytes)).toBe(true);
      for (const bad of [`${s}=`, `${s.slice(0, -1)}+`, `${s}A`, `${s}AB`, `\u0141${s.slice(1)}`]) {
        expect(() => base64urlDecode(bad)).toThrow(expect.objectContaining({ code: 'ERR_BASE64URL' }));
        expect(base64urlDecodeAscii(bad)).toBeUndefined();
      }
      // The error says where, never what.
      try {
        base64urlDecode(`${'A'.repeat(1000)}!secret`);
      } catch (e) {
        expect((e as Error).message).not.toContain('secret');
        expect((e as Error).message.length).toBeLessThan(100);
      }
    });
  }
});
