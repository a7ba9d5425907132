import { base64urlDecode, base64urlEncode } from '@realdid/crypto';

/**
 * A verified result as one JSON string, built in the worker and parsed on the main thread: about a
 * third of the CPU of `structuredClone` for a verified SD-JWT VC (a string crosses threads as one
 * copy; the object graph is built once, by `JSON.parse`). Exact by construction: a result is
 * encoded only when every member round-trips through JSON unchanged — plain objects and arrays,
 * strings, booleans, `null`, finite numbers other than `-0` — except, at the top level, the
 * resolved keys (`{ type, publicKey: Uint8Array }`, sent as `[type, base64url]`) and `cnf` /
 * `status` when they are the very objects of `claims` (sent as `0` and re-linked, so the result
 * shares them as the in-process one does). Anything else (a plug-in's key with more members, a
 * number JSON cannot hold, a cycle, deep nesting) gives `undefined`: the caller then sends the
 * result by structured clone, as before.
 */

/** Nesting beyond this is sent by structured clone (the verifier's default limit is far below). */
const MAX_DEPTH = 64;

const KEY_MEMBERS = new Set(['issuerKey', 'holderKey']);
const ALIAS_MEMBERS = new Set(['cnf', 'status']);

function isPlain(v: object): boolean {
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/** Whether `v` survives `JSON.parse(JSON.stringify(v))` as a deep-equal value. */
export function jsonExact(v: unknown, depth: number): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v) && !Object.is(v, -0);
    case 'object': {
      if (v === null) return true;
      if (depth > MAX_DEPTH) return false;
      if (Array.isArray(v)) {
        if (Object.getPrototypeOf(v) !== Array.prototype) return false;
        const n = v.length;
        // A hole reads as undefined (refused below); named members of an array would be dropped.
        for (let i = 0; i < n; i++) if (!jsonExact(v[i], depth + 1)) return false;
        return Object.keys(v).length === n;
      }
      if (!isPlain(v)) return false;
      if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
      for (const k of Object.keys(v)) {
        if (!jsonExact((v as Record<string, unknown>)[k], depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** A resolved key as `[type, base64url]`, or undefined when it is not exactly `{ type, publicKey }`. */
function encodeKey(v: unknown): [string, string] | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || !isPlain(v)) return undefined;
  const keys = Object.keys(v);
  const k = v as { type?: unknown; publicKey?: unknown };
  if (keys.length !== 2 || typeof k.type !== 'string' || !(k.publicKey instanceof Uint8Array)) {
    return undefined;
  }
  if (keys[0] !== 'type' || keys[1] !== 'publicKey') return undefined;
  return [k.type, base64urlEncode(k.publicKey)];
}

/**
 * Encodes a verified result (worker side).
 *
 * @returns the JSON string, or undefined when the result must be sent by structured clone
 */
export function encodeVerified(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null || Array.isArray(result) || !isPlain(result)) {
    return undefined;
  }
  const r = result as Record<string, unknown>;
  const claims = r.claims;
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(r)) {
    const v = r[name];
    if (KEY_MEMBERS.has(name)) {
      const k = encodeKey(v);
      if (k === undefined) return undefined;
      out[name] = k;
    } else if (
      ALIAS_MEMBERS.has(name) &&
      typeof v === 'object' &&
      v !== null &&
      typeof claims === 'object' &&
      claims !== null &&
      (claims as Record<string, unknown>)[name] === v
    ) {
      out[name] = 0;
    } else if (ALIAS_MEMBERS.has(name) && typeof v === 'number') {
      return undefined; // a number here would read as a link on the other side
    } else {
      if (!jsonExact(v, 1)) return undefined;
      out[name] = v;
    }
  }
  try {
    return JSON.stringify(out);
  } catch {
    return undefined;
  }
}

/** Rebuilds what {@link encodeVerified} encoded (main thread). */
export function decodeVerified<T>(s: string): T {
  const r = JSON.parse(s) as Record<string, unknown>;
  for (const name of KEY_MEMBERS) {
    const v = r[name];
    if (Array.isArray(v)) r[name] = { type: v[0], publicKey: base64urlDecode(v[1] as string) };
  }
  for (const name of ALIAS_MEMBERS) {
    if (r[name] === 0) r[name] = (r.claims as Record<string, unknown>)[name];
  }
  return r as T;
}
