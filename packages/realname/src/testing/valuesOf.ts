import { base64urlDecode } from '@realdid/crypto';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/**
 * Every value reachable from `value`: strings, numbers, booleans, object keys; base64url and hex
 * strings also as their bytes in hex, and every 32- and 48-byte window of those bytes at a multiple
 * of 16 (proof scalars and points, handles, keys), so a component shared inside two different
 * blobs is found too.
 */
function collect(value: unknown, out: Set<string>): void {
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    out.add(String(value));
  } else if (typeof value === 'string') {
    out.add(value);
    let bytes: Uint8Array | undefined;
    if (/^[0-9a-f]+$/.test(value) && value.length % 2 === 0 && value.length >= 32) {
      bytes = Uint8Array.from(value.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
    } else if (/^[A-Za-z0-9_-]{22,}$/.test(value)) {
      try {
        bytes = base64urlDecode(value);
      } catch {
        bytes = undefined;
      }
    }
    if (bytes !== undefined) collect(bytes, out);
    for (const part of value.split(/[=:/|]/)) if (part.length > 0 && part !== value) out.add(part);
  } else if (value instanceof Uint8Array) {
    out.add(hex(value));
    for (const n of [32, 48]) {
      for (let o = 0; o + n <= value.length; o += 16) out.add(hex(value.subarray(o, o + n)));
    }
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(value);
      if (/^[\x20-\x7e\u00a0-\uffff]+$/.test(text)) collect(text, out);
    } catch {
      // binary
    }
  } else if (Array.isArray(value)) {
    for (const v of value) collect(v, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      collect(v, out);
    }
  }
}

/**
 * The linking audit of the privacy tests and the demo: every value two parties could compare.
 *
 * @param xs - anything a party holds or saw (messages, state, transcripts)
 * @returns every value reachable from them (see above), as strings
 * @example
 * ```ts
 * import { valuesOf } from '@realdid/realname/testing';
 * valuesOf({ a: 'x' }).has('x'); // true
 * ```
 */
export function valuesOf(...xs: unknown[]): Set<string> {
  const s = new Set<string>();
  for (const x of xs) collect(x, s);
  return s;
}
