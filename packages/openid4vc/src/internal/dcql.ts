import { DcqlQuery, type DcqlQueryResult } from 'dcql';
import { oidError } from './errors.js';

/** Parses and validates an untrusted DCQL query (OpenID4VP §6) with the `dcql` package. */
export function parseDcqlQuery(input: unknown): DcqlQuery {
  try {
    const q = DcqlQuery.parse(input as DcqlQuery.Input);
    DcqlQuery.validate(q);
    return q;
  } catch (cause) {
    throw oidError('ERR_OID4VC_DCQL_INVALID', 'the DCQL query does not parse or validate', cause);
  }
}

/** A claim path of a DCQL claims query: names, indexes and `null` (every element). */
export type DcqlPath = ReadonlyArray<string | number | null>;

/** The claim paths of each claim set of a credential query, in the query's order of preference. */
export function claimSetsOf(cq: DcqlQuery['credentials'][number]): DcqlPath[][] {
  const claims = (cq.claims ?? []) as ReadonlyArray<{ id?: string; path: DcqlPath }>;
  if (cq.claim_sets === undefined) return [claims.map((c) => c.path)];
  return cq.claim_sets.map((set) =>
    set.map((id) => {
      const c = claims.find((x) => x.id === id);
      if (c === undefined) throw oidError('ERR_OID4VC_DCQL_INVALID', `claim_sets names an unknown claim id`);
      return c.path;
    }),
  );
}

/**
 * True when a disclosed claim path is allowed by the requested paths: it lies under a requested
 * path (a requested object comes with its content) or above one (a parent disclosed to reach it).
 */
export function pathAllowed(
  disclosed: ReadonlyArray<string | number>,
  requested: readonly DcqlPath[],
): boolean {
  return requested.some((r) => {
    const n = Math.min(r.length, disclosed.length);
    for (let i = 0; i < n; i++) {
      const want = r[i];
      const got = disclosed[i];
      if (want === null) {
        if (typeof got !== 'number') return false;
      } else if (want !== got) return false;
    }
    return true;
  });
}

function under(path: ReadonlyArray<string | number>, prefix: DcqlPath): boolean {
  if (prefix.length > path.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    const want = prefix[i];
    if (want === null ? typeof path[i] !== 'number' : want !== path[i]) return false;
  }
  return true;
}

function isPrefix(prefix: ReadonlyArray<string | number>, path: ReadonlyArray<string | number>): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => p === path[i]);
}

function leaves(
  v: unknown,
  at: Array<string | number>,
  out: Array<Array<string | number>>,
  depth: number,
): void {
  if (depth > 64) throw oidError('ERR_OID4VC_RESPONSE_INVALID', 'claims nested deeper than 64');
  if (Array.isArray(v) && v.length > 0) {
    for (let i = 0; i < v.length; i++) leaves(v[i], [...at, i], out, depth + 1);
  } else if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > 0) {
    for (const [k, e] of Object.entries(v)) leaves(e, [...at, k], out, depth + 1);
  } else out.push(at);
}

/**
 * Finds a claim a presentation reveals beyond the requested paths: a disclosure that is neither
 * under nor above a requested path, or a value inside a disclosed object that no requested path
 * covers (a parent disclosed to reach a requested child must not carry plain siblings). Claims
 * the issuer made always visible are not counted. Returns the offending path, or undefined.
 */
export function excessClaim(
  claims: Record<string, unknown>,
  disclosed: ReadonlyArray<ReadonlyArray<string | number>>,
  requested: readonly DcqlPath[],
): ReadonlyArray<string | number> | undefined {
  for (const d of disclosed) if (!pathAllowed(d, requested)) return d;
  const all: Array<Array<string | number>> = [];
  leaves(claims, [], all, 0);
  for (const leaf of all) {
    if (!disclosed.some((d) => isPrefix(d, leaf))) continue;
    if (!requested.some((r) => under(leaf, r))) return leaf;
  }
  return undefined;
}

/** Members of a W3C credential that are about the credential, not claims about its subject. */
const LDP_METADATA = new Set([
  '@context',
  'id',
  'type',
  'issuer',
  'validFrom',
  'validUntil',
  'issuanceDate',
  'expirationDate',
  'credentialStatus',
  'credentialSchema',
  'proof',
  'name',
  'description',
  'termsOfUse',
  'evidence',
  'refreshService',
  'renderMethod',
]);

/**
 * The claim paths a W3C credential reveals, for the excess-claims check of an `ldp_vc`
 * presentation: every member of `credentialSubject` but its `id` and `type`, and every top-level
 * member that is not credential metadata. (A Data Integrity credential discloses what it holds:
 * a derived `ecdsa-sd-2023` / `bbs-2023` one only what the holder selected and the issuer made
 * mandatory.)
 */
export function ldpDisclosed(credential: Record<string, unknown>): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [];
  for (const [k, v] of Object.entries(credential)) {
    if (k === 'credentialSubject') {
      const subjects = Array.isArray(v) ? v : [v];
      subjects.forEach((subject, i) => {
        const at: Array<string | number> = Array.isArray(v) ? [k, i] : [k];
        if (typeof subject !== 'object' || subject === null) return;
        for (const m of Object.keys(subject)) if (m !== 'id' && m !== 'type') out.push([...at, m]);
      });
    } else if (!LDP_METADATA.has(k)) out.push([k]);
  }
  return out;
}

/** What {@link selectDcqlMatches} found: the credential query ids to answer and their matches. */
export interface DcqlSelection {
  /** The credential query ids to answer, in order: all of them, or a satisfiable option of each required set. */
  readonly ids: string[];
  /** The successful match of a credential query id, or undefined. */
  readonly matched: (
    id: string,
  ) => Extract<DcqlQueryResult['credential_matches'][string], { success: true }> | undefined;
}

/**
 * Runs a DCQL query over the held credentials (`dcql`) and picks what to answer: every credential
 * query when there are no credential sets, else the first option of each required set whose
 * queries all match. `ERR_OID4VC_DCQL_UNSATISFIED` when the query or a required set cannot be met.
 */
export function selectDcqlMatches(
  query: DcqlQuery,
  held: Parameters<typeof DcqlQuery.query>[1],
): DcqlSelection {
  const result = DcqlQuery.query(query, held);
  if (!result.can_be_satisfied)
    throw oidError('ERR_OID4VC_DCQL_UNSATISFIED', 'the held credentials do not satisfy the query');
  const matched: DcqlSelection['matched'] = (id) => {
    const m = result.credential_matches[id];
    return m?.success === true ? (m as ReturnType<DcqlSelection['matched']>) : undefined;
  };
  if (query.credential_sets === undefined) return { ids: query.credentials.map((c) => c.id), matched };
  const ids: string[] = [];
  for (const set of query.credential_sets) {
    if (!set.required) continue;
    const option = set.options.find((o) => o.every((id) => matched(id) !== undefined));
    if (option === undefined)
      throw oidError('ERR_OID4VC_DCQL_UNSATISFIED', 'a required credential set cannot be satisfied');
    for (const id of option) if (!ids.includes(id)) ids.push(id);
  }
  return { ids, matched };
}
