/**
 * The JSON Canonicalization Scheme (RFC 8785) of plain JSON data: object members sorted by the
 * UTF-16 code units of their names, no whitespace, strings and numbers serialized as ECMAScript's
 * `JSON.stringify` does (RFC 8785 §3.2.2 adopts exactly that serialization). Members whose value
 * is `undefined` are left out, as `JSON.stringify` leaves them out.
 */
export function jcs(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('JCS: numbers must be finite');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : jcs(v))).join(',')}]`;
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${jcs(o[k])}`).join(',')}}`;
  }
  throw new TypeError(`JCS: a ${typeof value} is not JSON`);
}
