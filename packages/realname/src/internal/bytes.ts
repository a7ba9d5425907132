/** Byte helpers (no Buffer). */

const te = new TextEncoder();
const td = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 encodes a string. */
export function utf8(s: string): Uint8Array {
  return te.encode(s);
}

/** Decodes UTF-8 strictly (throws a TypeError on malformed bytes; a leading BOM is dropped). */
export function utf8Text(bytes: Uint8Array): string {
  return td.decode(bytes);
}

/** Concatenates byte arrays. */
export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * An unambiguous encoding of a list of byte strings: each part is prefixed with its length as a
 * 4-byte big-endian integer. Used for transcripts, AAD and HKDF info.
 */
export function lengthPrefixed(...parts: readonly Uint8Array[]): Uint8Array {
  const framed: Uint8Array[] = [];
  for (const p of parts) {
    const len = new Uint8Array(4);
    new DataView(len.buffer).setUint32(0, p.length, false);
    framed.push(len, p);
  }
  return concat(...framed);
}

/** Byte-wise equality (not constant time; for public values only). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Asserts a Uint8Array argument (caller misuse -> TypeError / RangeError). */
export function assertBytes(value: unknown, name: string, length?: number): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new TypeError(`${name}: expected a Uint8Array, found ${describe(value)}`);
  }
  if (length !== undefined && value.length !== length) {
    throw new RangeError(`${name}: expected ${length} bytes, found ${value.length}`);
  }
}

/** Asserts a non-empty string argument. */
export function assertString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string') throw new TypeError(`${name}: expected a string, found ${describe(value)}`);
  if (value.length === 0) throw new RangeError(`${name}: expected a non-empty string`);
}

/** A short description of a value's type for error messages (never its content). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return `a Uint8Array of ${value.length} bytes`;
  return typeof value;
}

/** True for a plain object (not an array, not null, prototype Object or null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
