import { isRealNameClaim, type RealNameClaim } from '../claims.js';
import type { Account } from '../roles/RelyingParty.js';

/** Longest DID (of the account, of the issuer) an account may hold. */
const MAX_DID_LENGTH = 2048;

/** DID Core's DID syntax: `did:` method-name `:` method-specific-id (idchar, `:` and pct-encoded). */
const DID = /^did:[a-z0-9]+:(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2}|:)*(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})$/;
const KNOWN = new Set(['did', 'claims', 'trace', 'credential', 'registeredAt']);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v;
}

/** Whether a value is JSON data: what survives `JSON.stringify` → `JSON.parse` unchanged. */
function isJsonValue(v: unknown, depth: number): boolean {
  if (depth > 32) return false;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every((x) => isJsonValue(x, depth + 1));
  if (isPlainObject(v)) return Object.values(v).every((x) => isJsonValue(x, depth + 1));
  return false;
}

function str(v: unknown, where: string, fail: (m: string) => never, max = 4096): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > max)
    fail(`${where}: expected a non-empty string of at most ${max} characters, found ${describe(v)}`);
  return v as string;
}

/**
 * Checks that a value is a well-formed {@link Account} — what an `AccountStore` hands back must
 * be one — and returns a plain copy of it: JSON data only, fresh objects, `claims` limited to the
 * real-name claims, `credential` and `trace` complete, `registeredAt` an ISO 8601 date-time.
 * Fields it does not know are kept when they are JSON data (an account written by a newer
 * version is not truncated). An `AccountStore` over a database runs each row it reads through it
 * and reports a `TypeError` as its own "corrupt row" error.
 *
 * @param value - the account to check (not modified)
 * @returns a checked copy
 * @throws TypeError naming the first field that is missing or malformed
 * @example
 * ```ts
 * import { parseAccount } from '@realdid/realname';
 * try {
 *   parseAccount({ did: 'did:realdid:zQmPairwise' });
 * } catch (err) {
 *   (err as TypeError).message; // 'account.claims: expected an object, found undefined'
 * }
 * ```
 */
export function parseAccount(value: unknown): Account {
  const fail = (message: string): never => {
    throw new TypeError(message);
  };
  if (!isPlainObject(value)) fail(`account: expected an object, found ${describe(value)}`);
  const a = value as Record<string, unknown>;
  const did = str(a.did, 'account.did', fail, MAX_DID_LENGTH);
  if (!DID.test(did)) fail('account.did: expected a DID (did:<method>:<method-specific-id>, ASCII)');

  if (!isPlainObject(a.claims)) fail(`account.claims: expected an object, found ${describe(a.claims)}`);
  const claims: Partial<Record<RealNameClaim, unknown>> = {};
  for (const [k, v] of Object.entries(a.claims as Record<string, unknown>)) {
    if (!isRealNameClaim(k)) fail(`account.claims: unknown claim ${JSON.stringify(k.slice(0, 40))}`);
    if (!isJsonValue(v, 0)) fail(`account.claims.${k}: expected JSON data`);
    claims[k as RealNameClaim] = structuredClone(v);
  }

  if (!isPlainObject(a.trace)) fail(`account.trace: expected an object, found ${describe(a.trace)}`);
  const t = a.trace as Record<string, unknown>;
  const trace = {
    committee: str(t.committee, 'account.trace.committee', fail),
    token: str(t.token, 'account.trace.token', fail),
    context: str(t.context, 'account.trace.context', fail),
  };
  if (!/^[A-Za-z0-9_-]+$/.test(trace.token)) fail('account.trace.token: expected base64url');
  if (!/^[A-Za-z0-9_-]+$/.test(trace.context)) fail('account.trace.context: expected base64url');

  if (!isPlainObject(a.credential))
    fail(`account.credential: expected an object, found ${describe(a.credential)}`);
  const c = a.credential as Record<string, unknown>;
  const iss = str(c.iss, 'account.credential.iss', fail, MAX_DID_LENGTH);
  if (!DID.test(iss)) fail('account.credential.iss: expected a DID');
  if (typeof c.exp !== 'number' || !Number.isSafeInteger(c.exp) || c.exp < 0)
    fail('account.credential.exp: expected a non-negative integer (seconds since the epoch)');
  const status = c.status as Record<string, unknown> | undefined;
  const list = isPlainObject(status) ? status.status_list : undefined;
  if (!isPlainObject(list)) fail('account.credential.status: expected { status_list: { idx, uri } }');
  const l = list as Record<string, unknown>;
  if (typeof l.idx !== 'number' || !Number.isSafeInteger(l.idx) || l.idx < 0)
    fail('account.credential.status.status_list.idx: expected a non-negative integer');
  const uri = str(l.uri, 'account.credential.status.status_list.uri', fail);

  const registeredAt = str(a.registeredAt, 'account.registeredAt', fail, 64);
  if (!ISO_TIME.test(registeredAt) || Number.isNaN(Date.parse(registeredAt)))
    fail('account.registeredAt: expected an ISO 8601 date-time');

  const extra: [string, unknown][] = [];
  for (const [k, v] of Object.entries(a)) {
    if (KNOWN.has(k)) continue;
    if (!isJsonValue(v, 0)) fail(`account.${k.slice(0, 40)}: expected JSON data`);
    extra.push([k, structuredClone(v)]);
  }
  return {
    // Object.fromEntries defines own properties: a key "__proto__" stays data.
    ...Object.fromEntries(extra),
    did,
    claims,
    trace,
    credential: {
      iss,
      exp: c.exp as number,
      status: { status_list: { idx: l.idx as number, uri } },
    },
    registeredAt,
  };
}
