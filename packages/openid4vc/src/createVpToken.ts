import { decodeSdJwt, type JwsSigner, type PresentationFrame, presentSdJwt } from '@realdid/sd-jwt';
import type { DcqlSdJwtVcCredential } from 'dcql';
import { claimSetsOf, type DcqlPath, selectDcqlMatches } from './internal/dcql.js';
import { oidError } from './internal/errors.js';
import { isPlainObject } from './internal/json.js';
import type { VerifiedAuthorizationRequest } from './verifyAuthorizationRequest.js';

/** Options of {@link createVpToken}. */
export interface CreateVpTokenOptions {
  /** The SD-JWT VCs the wallet holds (compact, with all their disclosures). */
  credentials: readonly string[];
  /** The holder key signer for a credential (by its index in `credentials`). */
  holderSigner: (credentialIndex: number) => JwsSigner | Promise<JwsSigner>;
  /**
   * `iat` of the key binding JWTs in seconds. Default: now, rounded down to the minute, so the
   * device clock never reaches the site at second precision (the verifier's window is minutes).
   */
  iat?: number;
  /** The current time in milliseconds (default `Date.now`), for the default `iat`. */
  now?: () => number;
}

/** What {@link createVpToken} returns. */
export interface CreatedVpToken {
  /** The `vp_token`: for each answered credential query id, its presentations. */
  vpToken: Record<string, string[]>;
  /** Which held credential answered each query id (mark one-time credentials as spent). */
  used: Record<string, number>;
}

function frameFor(claims: unknown, paths: readonly DcqlPath[]): PresentationFrame {
  const root: PresentationFrame = {};
  const add = (node: unknown, frame: PresentationFrame, path: DcqlPath): void => {
    const [head, ...rest] = path;
    if (head === undefined) return;
    const keys: string[] =
      head === null ? (Array.isArray(node) ? node.map((_, i) => String(i)) : []) : [String(head)];
    for (const k of keys) {
      const child =
        typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[k] : undefined;
      if (rest.length === 0) frame[k] = true;
      else {
        const existing = frame[k];
        if (existing === true) continue;
        const sub: PresentationFrame = isPlainObject(existing) ? existing : {};
        frame[k] = sub;
        add(child, sub, rest);
      }
    }
  };
  for (const p of paths) add(claims, root, p);
  return root;
}

/**
 * Answers a verified request's DCQL query from the credentials the wallet holds: evaluates the
 * query with the `dcql` package, picks for each needed credential query the first matching
 * credential and its first satisfiable claim set (for `credential_sets`, the first satisfiable
 * option of each required set; optional sets are left out), and presents it with exactly those
 * claims, key-bound to the request's nonce and audience.
 *
 * @param request - from {@link verifyAuthorizationRequest}
 * @param options - held credentials and holder signers
 * @returns the `vp_token` and which credential answered each query
 * @throws TypeError on misuse; RealDidError `ERR_OID4VC_DCQL_UNSATISFIED` when the held
 *   credentials cannot answer; `@realdid/sd-jwt` errors for a malformed held credential
 * @example
 * ```ts
 * // const { vpToken } = await createVpToken(request, { credentials: [vc], holderSigner: () => signer });
 * ```
 */
export async function createVpToken(
  request: VerifiedAuthorizationRequest,
  options: CreateVpTokenOptions,
): Promise<CreatedVpToken> {
  if (!isPlainObject(request) || typeof request.nonce !== 'string')
    throw new TypeError('request must come from verifyAuthorizationRequest');
  if (!isPlainObject(options) || !Array.isArray(options.credentials))
    throw new TypeError('options.credentials must be an array');
  if (typeof options.holderSigner !== 'function')
    throw new TypeError('options.holderSigner must be a function');
  const decoded = options.credentials.map((c) => decodeSdJwt(c));
  const dcqlCreds: DcqlSdJwtVcCredential[] = decoded.map((d) => ({
    credential_format: d.header.typ === 'vc+sd-jwt' ? 'vc+sd-jwt' : 'dc+sd-jwt',
    vct: typeof d.claims.vct === 'string' ? d.claims.vct : '',
    claims: d.claims as DcqlSdJwtVcCredential['claims'],
    cryptographic_holder_binding: isPlainObject(d.claims.cnf),
  }));
  const query = request.dcqlQuery;
  const { ids, matched } = selectDcqlMatches(query, dcqlCreds);
  const vpToken: Record<string, string[]> = {};
  const used: Record<string, number> = {};
  const usedIndexes = new Set<number>();
  for (const id of ids) {
    const m = matched(id);
    const cq = query.credentials.find((c) => c.id === id);
    if (m === undefined || cq === undefined)
      throw oidError('ERR_OID4VC_DCQL_UNSATISFIED', `no credential for ${id}`);
    // Prefer a credential not already used for another query: one-time credentials stay one-time.
    const cand =
      m.valid_credentials.find((v) => !usedIndexes.has(v.input_credential_index)) ?? m.valid_credentials[0];
    const index = cand.input_credential_index;
    usedIndexes.add(index);
    const sets = claimSetsOf(cq);
    const firstValid =
      cand.claims.success && 'valid_claim_sets' in cand.claims && Array.isArray(cand.claims.valid_claim_sets)
        ? cand.claims.valid_claim_sets[0]
        : undefined;
    let paths: DcqlPath[] = sets[0] ?? [];
    if (cq.claim_sets !== undefined && firstValid !== undefined) {
      const idxs = (firstValid as { valid_claim_indexes?: number[] }).valid_claim_indexes ?? [];
      const claims = (cq.claims ?? []) as ReadonlyArray<{ path: DcqlPath }>;
      paths = idxs.map((i) => (claims[i] as { path: DcqlPath }).path);
    }
    const cred = options.credentials[index] as string;
    const signer = await options.holderSigner(index);
    const kb = {
      signer,
      aud: request.audience,
      nonce: request.nonce,
      iat: options.iat ?? Math.floor((options.now ?? Date.now)() / 60_000) * 60,
    };
    const frame = frameFor((decoded[index] as { claims: unknown }).claims, paths);
    vpToken[id] = [await presentSdJwt(cred, frame, { keyBinding: kb })];
    used[id] = index;
  }
  return { vpToken, used };
}
