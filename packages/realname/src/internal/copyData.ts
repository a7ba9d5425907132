/**
 * Deep copies of plain data (what JSON holds: objects, arrays, strings, numbers, booleans, null,
 * and undefined members), several times faster than `structuredClone` on the small records of
 * the account store. Anything else — a class instance, a Date, bytes, a sparse or subclassed
 * array, a cycle, nesting deeper than {@link MAX_DEPTH} — goes to `structuredClone`, so the copy
 * is always as deep and as independent as `structuredClone`'s (and a function or a symbol still
 * throws its `DataCloneError`).
 */

/** Deeper data is copied by `structuredClone`. */
const MAX_DEPTH = 32;

/** Marker: the value is not plain data (or too deep); copy with `structuredClone`. */
const NOT_PLAIN: unique symbol = Symbol('notPlain');

function copyPlain(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') {
    // bigint, symbol and function are not plain data: structuredClone copies a bigint and
    // throws on the other two.
    return typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint'
      ? NOT_PLAIN
      : value;
  }
  if (depth >= MAX_DEPTH) return NOT_PLAIN;
  const proto = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    if (proto !== Array.prototype) return NOT_PLAIN;
    const n = value.length;
    // structuredClone keeps only indexed elements and holes; an extra own property (or a hole)
    // is left to it.
    if (Object.keys(value).length !== n) return NOT_PLAIN;
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const v = copyPlain(value[i], depth + 1);
      if (v === NOT_PLAIN) return NOT_PLAIN;
      out[i] = v;
    }
    return out;
  }
  if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) {
    const v = copyPlain((value as Record<string, unknown>)[k], depth + 1);
    if (v === NOT_PLAIN) return NOT_PLAIN;
    // defineProperty: a member named __proto__ stays an own member, as structuredClone keeps it
    if (k === '__proto__')
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = v;
  }
  return out;
}

/**
 * A deep copy of `value` that shares nothing with it: plain data is copied directly, anything
 * else by `structuredClone`.
 *
 * @param value - the value to copy
 * @returns the copy
 * @throws DOMException `DataCloneError` where `structuredClone` throws (a function, a symbol)
 */
export function copyData<T>(value: T): T {
  const out = copyPlain(value, 0);
  return (out === NOT_PLAIN ? structuredClone(value) : out) as T;
}
