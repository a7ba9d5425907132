/** True for a plain JSON object (not null, not an array, not a class instance). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  try {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    const proto = Object.getPrototypeOf(v);
    return proto === Object.prototype || proto === null;
  } catch {
    return false; // a proxy that throws is not plain data
  }
}

/** A deep copy through JSON (drops getters' side effects to one read; refuses non-JSON). */
export function copyJson<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Reads a string field, or undefined when absent; the caller decides what a wrong type means. */
export function str(o: Record<string, unknown>, k: string): string | undefined {
  const v = Object.hasOwn(o, k) ? o[k] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** Throws a TypeError unless `v` is a plain object (without narrowing the caller's type). */
export function assertObject(v: unknown, what: string): void {
  if (!isPlainObject(v)) throw new TypeError(`${what} must be an object`);
}

/**
 * Copies untrusted input into plain JSON data (getters run once, here; cycles, BigInts and
 * over-deep or over-large values are refused). Returns undefined when it cannot be copied.
 */
export function plainCopy(v: unknown, maxChars = 4_194_304): unknown {
  try {
    const s = JSON.stringify(v);
    if (typeof s !== 'string' || s.length > maxChars) return undefined;
    return JSON.parse(s) as unknown;
  } catch {
    return undefined;
  }
}
