/** Options of {@link canonicalize}. */
export interface JcsCanonicalizeOptions {
  /** Deepest nesting of arrays and objects accepted (default 64). */
  maxDepth?: number;
  /**
   * Leave out object members whose value is `undefined`, as `JSON.stringify` does (default
   * false: `undefined` is not JSON data and throws). For signing objects built in code whose
   * optional members may be absent or undefined; array elements must still be JSON data.
   */
  omitUndefined?: boolean;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The largest `maxDepth` accepted (the serializer recurses once per level). */
const MAX_DEPTH_CAP = 1000;

/**
 * Serialises a JSON value with the JSON Canonicalization Scheme (RFC 8785): object members sorted
 * by the UTF-16 code units of their names, no whitespace, numbers as ECMAScript
 * `Number.prototype.toString` writes them, strings with the minimal JSON escapes.
 *
 * Only JSON data is accepted: `null`, booleans, finite numbers, strings that are well-formed
 * Unicode, arrays and plain objects. The input is not modified.
 *
 * @param value - the JSON value
 * @param options - `maxDepth`, the deepest nesting accepted (default 64, at most 1000)
 * @returns the canonical JSON text (encode it as UTF-8 to get the canonical bytes)
 * @throws TypeError when the value is not JSON data (undefined, a function, a bigint, a class
 *   instance, a non-finite number, a lone surrogate); RangeError when it nests too deeply
 * @example
 * ```ts
 * import { canonicalize } from '@realdid/did';
 * canonicalize({ b: [1e21, 0.1], a: 'é' }); // '{"a":"é","b":[1e+21,0.1]}'
 * ```
 */
export function canonicalize(value: unknown, options?: JcsCanonicalizeOptions): string {
  const maxDepth = options?.maxDepth ?? 64;
  // The serializer recurses once per level: a cap keeps a large maxDepth on deep input from
  // overflowing the stack ("Maximum call stack size exceeded" at maxDepth 1e6, 100 000 levels).
  if (!Number.isInteger(maxDepth) || maxDepth < 0 || maxDepth > MAX_DEPTH_CAP)
    throw new RangeError(`maxDepth must be an integer from 0 to ${MAX_DEPTH_CAP}`);
  return serialize(value, 0, maxDepth, options?.omitUndefined === true);
}

function serialize(value: unknown, depth: number, maxDepth: number, omit: boolean): string {
  switch (typeof value) {
    case 'string':
      if (LONE_SURROGATE.test(value)) throw new TypeError('canonicalize: a string holds a lone surrogate');
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalize: ${value} is not a JSON number`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (depth >= maxDepth) throw new RangeError(`canonicalize: nesting deeper than ${maxDepth}`);
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          out += serialize(value[i], depth + 1, maxDepth, omit);
        }
        return `${out}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError('canonicalize: only plain objects and arrays are JSON data');
      }
      const keys = Object.keys(value).sort();
      let out = '{';
      let first = true;
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i] as string;
        const v = (value as Record<string, unknown>)[k];
        if (v === undefined && omit) continue;
        if (!first) out += ',';
        first = false;
        if (LONE_SURROGATE.test(k)) throw new TypeError('canonicalize: a member name holds a lone surrogate');
        out += `${JSON.stringify(k)}:${serialize(v, depth + 1, maxDepth, omit)}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonicalize: a ${typeof value} is not JSON data`);
  }
}
