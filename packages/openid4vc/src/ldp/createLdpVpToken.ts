import {
  createPresentation,
  type DataIntegritySigner,
  type DocumentLoader,
  deriveCredential,
  signPresentation,
} from '@realdid/vc';
import type { DcqlW3cVcCredential } from 'dcql';
import {
  claimSetsOf,
  type DcqlPath,
  excessClaim,
  ldpDisclosed,
  selectDcqlMatches,
} from '../internal/dcql.js';
import { oidError } from '../internal/errors.js';
import { isPlainObject } from '../internal/json.js';
import type { VerifiedAuthorizationRequest } from '../verifyAuthorizationRequest.js';
import { typesOf } from './typesOf.js';

/** Options of {@link createLdpVpToken}. */
export interface CreateLdpVpTokenOptions {
  /**
   * The Data Integrity credentials the wallet holds (JSON). `ecdsa-sd-2023` / `bbs-2023` ones hold
   * their base proof: the wallet derives a disclosure of exactly the requested claims.
   */
  credentials: readonly Record<string, unknown>[];
  /** The holder's signer (`createDidKeySigner` of `@realdid/vc`): it signs each presentation. */
  signer: DataIntegritySigner;
  /** The holder's DID (default: the DID of `signer.id`). */
  holder?: string;
  /** The JSON-LD document loader (default: `@realdid/vc`'s offline loader). */
  documentLoader?: DocumentLoader;
}

/** What {@link createLdpVpToken} returns. */
export interface CreatedLdpVpToken {
  /** The `vp_token`: for each answered `ldp_vc` query id, one signed presentation (JSON). */
  vpToken: Record<string, Record<string, unknown>[]>;
  /** Which held credential answered each query id. */
  used: Record<string, number>;
}

const SD_SUITES = new Set(['ecdsa-sd-2023', 'bbs-2023']);

function cryptosuitesOf(credential: Record<string, unknown>): string[] {
  const proofs = Array.isArray(credential.proof) ? credential.proof : [credential.proof];
  return proofs.flatMap((p) =>
    isPlainObject(p) && typeof p.cryptosuite === 'string' ? [p.cryptosuite] : [],
  );
}

/** JSON pointers (RFC 6901) for DCQL claim paths in a credential; `null` is every array element. */
function pointersFor(credential: unknown, paths: readonly DcqlPath[]): string[] {
  const out: string[] = [];
  const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
  const walk = (node: unknown, rest: DcqlPath, at: string) => {
    const [head, ...tail] = rest;
    if (head === undefined) {
      out.push(at);
      return;
    }
    if (head === null) {
      if (Array.isArray(node)) for (const [i, child] of node.entries()) walk(child, tail, `${at}/${i}`);
      return;
    }
    const child =
      typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[String(head)] : undefined;
    if (child !== undefined) walk(child, tail, `${at}/${esc(String(head))}`);
  };
  for (const p of paths) walk(credential, p, '');
  return out;
}

/**
 * Answers the `ldp_vc` credential queries of a verified request from Data Integrity credentials:
 * evaluates the query with the `dcql` package (types matched as written and expanded to IRIs), picks
 * for each needed query the first matching credential and its first satisfiable claim set, and
 * presents exactly those claims — a derived `ecdsa-sd-2023` / `bbs-2023` disclosure (the claims
 * asked for and `credentialSubject.id`, which binds the credential to the holder), or, for a
 * credential without selective disclosure, the whole credential only when it holds no claim beyond
 * the query — in a presentation signed by the holder with the request's nonce as `challenge` and
 * its audience as `domain` (OpenID4VP 1.0 B.1.3.2).
 *
 * @param request - from `verifyAuthorizationRequest`
 * @param options - held credentials, holder signer, document loader
 * @returns the `vp_token` entries and which credential answered each query
 * @throws TypeError on misuse; RealDidError `ERR_OID4VC_DCQL_UNSATISFIED` when the held
 *   credentials cannot answer, or only by disclosing more than asked; `@realdid/vc` errors
 * @example
 * ```ts
 * // const { vpToken } = await createLdpVpToken(request, { credentials: [vc], signer: holder });
 * ```
 */
export async function createLdpVpToken(
  request: VerifiedAuthorizationRequest,
  options: CreateLdpVpTokenOptions,
): Promise<CreatedLdpVpToken> {
  if (!isPlainObject(request) || typeof request.nonce !== 'string' || typeof request.audience !== 'string')
    throw new TypeError('request must come from verifyAuthorizationRequest');
  if (
    !isPlainObject(options) ||
    !Array.isArray(options.credentials) ||
    !options.credentials.every(isPlainObject)
  )
    throw new TypeError('options.credentials must be an array of credential objects');
  const signer = options.signer;
  if (typeof signer !== 'object' || signer === null || typeof signer.id !== 'string')
    throw new TypeError('options.signer must be a Data Integrity signer');
  const holder = options.holder ?? signer.id.split('#')[0];
  if (typeof holder !== 'string' || !holder.startsWith('did:'))
    throw new TypeError('options.holder must be a DID');
  const loader = options.documentLoader;
  const query = request.dcqlQuery;
  if (query.credentials.some((c) => c.format !== 'ldp_vc'))
    throw new TypeError('createLdpVpToken answers ldp_vc queries; use createVpToken for SD-JWT VC');
  const held: DcqlW3cVcCredential[] = [];
  for (const c of options.credentials) {
    const { proof: _proof, ...claims } = c;
    const subject = c.credentialSubject;
    held.push({
      credential_format: 'ldp_vc',
      type: await typesOf(c, loader),
      claims: claims as DcqlW3cVcCredential['claims'],
      cryptographic_holder_binding: isPlainObject(subject) && subject.id === holder,
    });
  }
  const { ids, matched } = selectDcqlMatches(query, held);
  const vpToken: Record<string, Record<string, unknown>[]> = {};
  const used: Record<string, number> = {};
  for (const id of ids) {
    const m = matched(id);
    const cq = query.credentials.find((c) => c.id === id);
    if (m === undefined || cq === undefined)
      throw oidError('ERR_OID4VC_DCQL_UNSATISFIED', `no credential for ${id}`);
    const sets = claimSetsOf(cq);
    let answer: Record<string, unknown> | undefined;
    for (const cand of m.valid_credentials) {
      const index = cand.input_credential_index;
      const credential = options.credentials[index] as Record<string, unknown>;
      const paths = sets.find((set) => pointersFor(credential, set).length >= set.length) ?? sets[0] ?? [];
      if (cryptosuitesOf(credential).some((s) => SD_SUITES.has(s))) {
        const subject = credential.credentialSubject;
        const pointers = pointersFor(credential, paths);
        if (isPlainObject(subject) && typeof subject.id === 'string') pointers.push('/credentialSubject/id');
        answer = await deriveCredential(credential, {
          selectivePointers: [...new Set(pointers)],
          ...(loader === undefined ? {} : { documentLoader: loader }),
        });
      } else if (excessClaim(credential, ldpDisclosed(credential), paths) === undefined) {
        answer = credential;
      } else continue; // a whole credential would disclose more than asked: try the next one
      used[id] = index;
      break;
    }
    if (answer === undefined)
      throw oidError(
        'ERR_OID4VC_DCQL_UNSATISFIED',
        `${id}: no matching credential can disclose only the requested claims`,
      );
    const vp = await signPresentation(createPresentation({ verifiableCredential: [answer], holder }), {
      signer,
      challenge: request.nonce,
      domain: request.audience,
      ...(loader === undefined ? {} : { documentLoader: loader }),
    });
    vpToken[id] = [vp];
  }
  return { vpToken, used };
}
