/**
 * A minimal, strict DER reader and writer for the key structures of {@link ../keyDer.ts}: definite
 * lengths in minimal form only, no indefinite lengths, every byte accounted for. Throws a plain
 * Error on any deviation; the caller turns it into a coded error.
 */

/** One TLV: its tag, and its contents as a view into the input. */
export interface Tlv {
  tag: number;
  value: Uint8Array;
}

/** Reads the TLV at `offset`; returns it and the offset after it. */
export function readTlv(bytes: Uint8Array, offset: number): { tlv: Tlv; next: number } {
  if (offset + 2 > bytes.length) throw new Error('truncated');
  const tag = bytes[offset] as number;
  if ((tag & 0x1f) === 0x1f) throw new Error('multi-byte tags are not used here');
  let len = bytes[offset + 1] as number;
  let pos = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 2) throw new Error('indefinite or oversized length');
    if (pos + n > bytes.length) throw new Error('truncated length');
    len = 0;
    for (let i = 0; i < n; i++) len = (len << 8) | (bytes[pos + i] as number);
    if (len < 0x80 || (n === 2 && len < 0x100)) throw new Error('non-minimal length');
    pos += n;
  }
  if (pos + len > bytes.length) throw new Error('truncated value');
  return { tlv: { tag, value: bytes.subarray(pos, pos + len) }, next: pos + len };
}

/** Reads all TLVs of a constructed value's contents, in order. */
export function readChildren(contents: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let pos = 0;
  while (pos < contents.length) {
    const { tlv, next } = readTlv(contents, pos);
    out.push(tlv);
    pos = next;
    if (out.length > 16) throw new Error('too many elements');
  }
  return out;
}

/** Reads exactly one TLV of the expected tag spanning all of `bytes`. */
export function readWhole(bytes: Uint8Array, tag: number): Uint8Array {
  const { tlv, next } = readTlv(bytes, 0);
  if (tlv.tag !== tag) throw new Error(`expected tag 0x${tag.toString(16)}`);
  if (next !== bytes.length) throw new Error('trailing bytes');
  return tlv.value;
}

/** Encodes a TLV. */
export function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const head = len < 0x80 ? [tag, len] : len < 0x100 ? [tag, 0x81, len] : [tag, 0x82, len >> 8, len & 0xff];
  const out = new Uint8Array(head.length + len);
  out.set(head, 0);
  let o = head.length;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Byte equality (public data only). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
