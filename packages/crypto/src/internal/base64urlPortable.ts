import { B64U_VALUE } from './base64urlDecodeInto.js';
import { cryptoError } from './errors.js';

function bad(message: string): never {
  throw cryptoError('ERR_BASE64URL', `base64url: ${message}`);
}

function value(s: string, i: number): number {
  const c = s.charCodeAt(i);
  const v = c < 128 ? (B64U_VALUE[c] as number) : -1;
  if (v < 0) bad(c === 61 ? `padding "=" is not allowed (at ${i})` : `invalid character at ${i}`);
  return v;
}

/**
 * The reference strict decoder, one checked character at a time: the error path of
 * `base64urlDecode` (it says where and why an input is refused) and the reference its fast loop is
 * tested against. `s` is a string (checked by the caller).
 */
export function portableBase64urlDecode(s: string): Uint8Array {
  const n = s.length;
  const rem = n & 3;
  if (rem === 1) bad(`invalid length ${n}`);
  const out = new Uint8Array((n >> 2) * 3 + (rem === 0 ? 0 : rem - 1));
  const full = n - rem;
  let o = 0;
  for (let i = 0; i < full; i += 4) {
    const v = (value(s, i) << 18) | (value(s, i + 1) << 12) | (value(s, i + 2) << 6) | value(s, i + 3);
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 255;
    out[o++] = v & 255;
  }
  if (rem === 2) {
    const a = value(s, full);
    const b = value(s, full + 1);
    if ((b & 15) !== 0) bad('non-canonical trailing bits');
    out[o] = (a << 2) | (b >> 4);
  } else if (rem === 3) {
    const a = value(s, full);
    const b = value(s, full + 1);
    const c = value(s, full + 2);
    if ((c & 3) !== 0) bad('non-canonical trailing bits');
    out[o++] = (a << 2) | (b >> 4);
    out[o] = ((b & 15) << 4) | (c >> 2);
  }
  return out;
}
