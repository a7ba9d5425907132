import { vcError } from './errors.js';

/** Limits applied to untrusted documents. */
export interface DocumentLimits {
  /** Maximum nesting depth of objects and arrays (default 32). */
  readonly maxDepth?: number;
  /**
   * Maximum number of values (objects, arrays, primitives) in the document (default 2 000: the
   * costliest credential within it verifies in well under 200 ms, see docs/benchmarks.md).
   */
  readonly maxNodes?: number;
  /**
   * Maximum number of proofs on one credential or presentation (default 8). Each proof costs a
   * canonicalization and a signature check, so without this bound one document of repeated
   * proofs within `maxNodes` (thousands of copies) kept a verifier busy for many seconds.
   */
  readonly maxProofs?: number;
  /** Maximum number of credentials in one presentation (default 16), for the same reason. */
  readonly maxCredentials?: number;
  /**
   * Canonicalization budget, checked before any JSON-LD processing: most `@context` entries in
   * one document, its embedded credentials and proofs together (default 16).
   */
  readonly maxContexts?: number;
  /**
   * Canonicalization budget: most members in inline contexts, when allowed, term definitions and
   * scoped contexts included (default 64).
   */
  readonly maxContextTerms?: number;
  /** Canonicalization budget: most values in one array, sets and lists alike (default 256). */
  readonly maxArrayLength?: number;
  /**
   * Canonicalization budget: most blank nodes (objects that are neither value objects nor carry
   * an `id`, the document itself and each proof included) in one document (default 128). RDFC-1.0
   * costs grow fast with many similar blank nodes.
   */
  readonly maxBlankNodes?: number;
}

/** Every limit, with its default filled in. */
export type ResolvedLimits = Required<DocumentLimits>;

/** The defaults of {@link DocumentLimits}. */
export const DEFAULT_LIMITS: ResolvedLimits = Object.freeze({
  maxDepth: 32,
  maxNodes: 2_000,
  maxProofs: 8,
  maxCredentials: 16,
  maxContexts: 16,
  maxContextTerms: 64,
  maxArrayLength: 256,
  maxBlankNodes: 128,
});

/** Checks the caller's limits (TypeError / RangeError on misuse) and fills in the defaults. */
export function checkLimits(limits: unknown): ResolvedLimits {
  if (limits === undefined) return DEFAULT_LIMITS;
  if (!isPlainObject(limits)) throw new TypeError('options.limits: expected a plain object');
  const out: Record<string, number> = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS)) {
    const v = limits[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      throw new RangeError(`options.limits.${key}: expected a positive integer`);
    }
    out[key] = v;
  }
  return out as ResolvedLimits;
}

const DEFAULT_DEPTH = DEFAULT_LIMITS.maxDepth;
const DEFAULT_NODES = DEFAULT_LIMITS.maxNodes;

/**
 * Copies untrusted input into fresh plain data (null-prototype-free objects, arrays, strings,
 * finite numbers, booleans, null), refusing anything else and enforcing the limits. The input is
 * never mutated and later code never sees an object the caller can change under it.
 */
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function toPlainJson(input: unknown, limits: DocumentLimits = {}): unknown {
  const maxDepth = limits.maxDepth ?? DEFAULT_DEPTH;
  const maxNodes = limits.maxNodes ?? DEFAULT_NODES;
  let nodes = 0;
  const seen = new Set<object>();
  const copy = (v: unknown, depth: number): unknown => {
    nodes++;
    if (nodes > maxNodes) throw vcError('ERR_VC_MALFORMED', `document has more than ${maxNodes} values`);
    if (typeof v === 'string') {
      // a lone surrogate has no UTF-8 form: hashing encodes it as U+FFFD, so two different
      // strings would sign the same bytes
      if (LONE_SURROGATE.test(v))
        throw vcError('ERR_VC_MALFORMED', 'a string holds a lone surrogate (not Unicode text)');
      return v;
    }
    if (v === null || typeof v === 'boolean') return v;
    if (typeof v === 'number') {
      if (!Number.isFinite(v))
        throw vcError('ERR_VC_MALFORMED', 'expected a finite number, found a non-finite one');
      return v;
    }
    if (typeof v !== 'object') throw vcError('ERR_VC_MALFORMED', `expected JSON data, found a ${typeof v}`);
    if (depth >= maxDepth) throw vcError('ERR_VC_MALFORMED', `document nests deeper than ${maxDepth} levels`);
    if (seen.has(v)) throw vcError('ERR_VC_MALFORMED', 'document contains a cycle');
    seen.add(v);
    try {
      if (Array.isArray(v)) return v.map((x) => copy(x, depth + 1));
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        throw vcError('ERR_VC_MALFORMED', 'expected a plain object, found a class instance');
      }
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v)) {
        if (key === '__proto__') throw vcError('ERR_VC_MALFORMED', 'a "__proto__" key is not allowed');
        if (LONE_SURROGATE.test(key))
          throw vcError('ERR_VC_MALFORMED', 'a member name holds a lone surrogate (not Unicode text)');
        const value = (v as Record<string, unknown>)[key];
        // like JSON.stringify: a property whose value is undefined is absent
        if (value === undefined) continue;
        out[key] = copy(value, depth + 1);
      }
      return out;
    } finally {
      seen.delete(v);
    }
  };
  return copy(input, 0);
}

/** True for a non-null, non-array object. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The values of a property that may be one value or an array of them. */
export function valuesOf(v: unknown): unknown[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** True for a plain object (created by JSON.parse or a literal). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (!isObject(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
