import { type CommonVerifyOptions, verifyPresentation } from '@realdid/vc';
import { oidError } from '../internal/errors.js';
import type { LdpPresentationVerifier } from '../types.js';
import { typesOf } from './typesOf.js';

/** Options of {@link ldpPresentationVerifier}: those of `@realdid/vc`'s `verifyPresentation`. */
export type LdpPresentationVerifierOptions = CommonVerifyOptions;

/**
 * An {@link LdpPresentationVerifier} on `@realdid/vc`: `verifyPresentation` with the transaction's
 * nonce as `challenge` and its audience (the client identifier) as `domain`, both required, and
 * every check of `verifyCredential` on each credential in it (issuer proof — `eddsa-rdfc-2022`,
 * `ecdsa-rdfc-2019`, or a derived `ecdsa-sd-2023` / `bbs-2023` disclosure —, validity, status).
 * Give it to `verifyAuthorizationResponse` as `verifyLdpPresentation`.
 *
 * @param options - document loader, key resolver, clock, `checkStatus` / `requireStatusCheck`
 * @returns the verifier plug-in
 * @throws TypeError on misuse
 * @example
 * ```ts
 * import { ldpPresentationVerifier } from '@realdid/openid4vc/ldp';
 * const verifyLdpPresentation = ldpPresentationVerifier({ requireStatusCheck: false });
 * ```
 */
export function ldpPresentationVerifier(
  options: LdpPresentationVerifierOptions = {},
): LdpPresentationVerifier {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  const o = { ...options };
  return async (presentation, { challenge, domain }) => {
    const r = await verifyPresentation(presentation, { ...o, challenge, domain, requireDomain: true });
    const credentials = [];
    for (const c of r.credentials) {
      // a credential must carry its issuer's proof: a self-asserted one (signed only by the
      // holder's presentation proof) is no credential for a verifier
      if (c.proofs.length === 0)
        throw oidError('ERR_OID4VC_PRESENTATION_INVALID', 'a presented credential has no issuer proof');
      const credential = c.credential as Record<string, unknown>;
      credentials.push({ credential, types: await typesOf(credential, o.documentLoader) });
    }
    return r.holder === undefined ? { credentials } : { holder: r.holder, credentials };
  };
}
