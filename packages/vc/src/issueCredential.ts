import * as dbvc from '@digitalbazaar/vc';
import type { Bbs2023Signer } from './createBbs2023Signer.js';
import type { DataIntegritySigner } from './createDataIntegritySigner.js';
import type { DocumentLoader } from './createDocumentLoader.js';
import { bbsBindingOption } from './internal/bbs2023/issueOptions.js';
import { getDefaultLoader } from './internal/context.js';
import { toVcError, vcError } from './internal/errors.js';
import { checkCredential, idOf } from './internal/model.js';
import { isObject, isPlainObject, toPlainJson } from './internal/plain.js';
import { checkSignedForm, signedFormContext } from './internal/profile.js';
import { RealDidProofPurpose } from './internal/purpose.js';
import { assertCreated, assertIssuingSigner, didOf, pickSuite } from './internal/signing.js';
import type { CryptosuiteName } from './internal/suites.js';
import { signingSuite } from './internal/suites.js';

/** Options of {@link issueCredential}. */
export interface IssueCredentialOptions {
  /** The issuer's signer ({@link createDataIntegritySigner}). Its DID must be the issuer. */
  readonly signer: DataIntegritySigner | Bbs2023Signer;
  /**
   * The cryptosuite (default: `eddsa-rdfc-2022` for Ed25519, `ecdsa-rdfc-2019` for P-256,
   * `sm2-rdfc-2025` for SM2, whose JCS variant is `sm2-jcs-2025`). Use
   * `ecdsa-sd-2023` for a base proof from which holders derive selective disclosures; `bbs-2023`
   * (the default for a {@link createBbs2023Signer} signer) for unlinkable ones.
   */
  readonly cryptosuite?: CryptosuiteName;
  /** `ecdsa-sd-2023`, `bbs-2023`: JSON pointers to the claims every disclosure must reveal. */
  readonly mandatoryPointers?: readonly string[];
  /**
   * `bbs-2023` `anonymous_holder_binding`: the holder's `commitmentWithProof` (from `blindCommit` of
   * `@realdid/bbs` over their holder secret). The base proof then also signs that secret, unseen,
   * and only its holder can derive disclosures.
   */
  readonly commitmentWithProof?: Uint8Array;
  /**
   * `bbs-2023`: the feature option of the base proof (vc-di-bbs): `baseline` (the default without a
   * commitment), `anonymous_holder_binding` (the default with one), `pseudonym` or
   * `holder_binding_pseudonym` (the holder's `commitmentWithProof` from `commitWithNym` of
   * `@realdid/bbs`, over their `prover_nym`, after their holder secret for the latter). The
   * pseudonym options add the issuer's `signer_nym_entropy`, so every holder gets a per-verifier
   * pseudonym that the issuer cannot compute.
   */
  readonly featureOption?: 'baseline' | 'anonymous_holder_binding' | 'pseudonym' | 'holder_binding_pseudonym';
  /**
   * `bbs-2023` `pseudonym`, `holder_binding_pseudonym`: the issuer's 32-byte nym entropy (fresh
   * random when absent; given only to re-issue a credential bound to the same nym secret).
   */
  readonly signerNymEntropy?: Uint8Array;
  /** The proof's `created` time (default: now; `bbs-2023`: none, since it would link disclosures). */
  readonly created?: Date;
  /** The JSON-LD document loader (default: the offline loader). */
  readonly documentLoader?: DocumentLoader;
}

/**
 * Issues a VC 2.0 credential: checks it against the data model, then adds a Data Integrity proof
 * for `assertionMethod`. The input is not mutated.
 *
 * @param credential - the unsigned credential (a proof already present makes a proof set)
 * @param options - signer, cryptosuite, mandatory pointers, created time, loader
 * @returns the signed credential
 * @throws RealDidError with a `VcErrorCode` when the credential does not conform (`ERR_VC_TYPE`,
 *   `ERR_VC_ISSUER`, …), when the issuer is not the signer's DID (`ERR_VC_ISSUER_MISMATCH`), when
 *   its JSON is not the signed form verifiers require (`ERR_VC_NOT_SIGNED_FORM`, `ERR_VC_LIMIT`;
 *   inline contexts are allowed here), when JSON-LD processing fails (`ERR_VC_JSONLD`, `ERR_VC_CONTEXT_NOT_ALLOWED`) or signing fails
 *   (`ERR_VC_SIGN`); TypeError on misuse
 * @example
 * ```ts
 * import { issueCredential } from '@realdid/vc';
 * const vc = await issueCredential(
 *   {
 *     '@context': ['https://www.w3.org/ns/credentials/v2'],
 *     type: ['VerifiableCredential'],
 *     issuer: 'did:key:z6Mk…',
 *     credentialSubject: { id: 'did:example:alice' },
 *   },
 *   { signer },
 * );
 * ```
 */
export async function issueCredential(
  credential: unknown,
  options: IssueCredentialOptions,
): Promise<Record<string, unknown>> {
  if (!isPlainObject(credential)) throw new TypeError('credential: expected a JSON object');
  if (!isObject(options)) throw new TypeError('options: expected an object');
  const signer = assertIssuingSigner(options.signer);
  const suiteName = pickSuite(signer, options.cryptosuite);
  if (options.mandatoryPointers !== undefined) {
    if (
      !Array.isArray(options.mandatoryPointers) ||
      options.mandatoryPointers.some((p) => typeof p !== 'string')
    ) {
      throw new TypeError('options.mandatoryPointers: expected an array of JSON pointers');
    }
    if (suiteName !== 'ecdsa-sd-2023' && suiteName !== 'bbs-2023')
      throw new TypeError('options.mandatoryPointers: only for ecdsa-sd-2023 and bbs-2023');
  }
  assertCreated(options.created);
  const commitment = bbsBindingOption(options, suiteName);
  const doc = toPlainJson(credential) as Record<string, unknown>;
  const { issues } = checkCredential(doc, { allowV1: false });
  const first = issues[0];
  if (first !== undefined) throw vcError(first.code, first.message);
  if (idOf(doc.issuer) !== didOf(signer.id)) {
    throw vcError('ERR_VC_ISSUER_MISMATCH', 'the issuer must be the DID of the signing key');
  }
  const documentLoader = options.documentLoader ?? getDefaultLoader();
  // Refuse to sign what verifiers would refuse to read: the JSON must be the signed form (inline
  // contexts are allowed here; verifiers accept them only when they opt in).
  const form = await checkSignedForm(doc, signedFormContext(documentLoader), 'credential');
  const bad = form[0];
  if (bad !== undefined) throw vcError(bad.code, bad.message);
  const suite = signingSuite(suiteName, signer, {
    created: options.created,
    mandatoryPointers: options.mandatoryPointers,
    commitmentWithProof: commitment,
  });
  const now = options.created ?? new Date();
  try {
    return await dbvc.issue({
      credential: doc,
      suite,
      purpose: new RealDidProofPurpose({ term: 'assertionMethod', now }),
      documentLoader,
      now,
    });
  } catch (e) {
    throw toVcError(e, 'ERR_VC_SIGN');
  }
}
