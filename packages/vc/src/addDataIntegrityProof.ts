import jsigs from 'jsonld-signatures';
import type { Bbs2023Signer } from './createBbs2023Signer.js';
import type { DataIntegritySigner } from './createDataIntegritySigner.js';
import type { DocumentLoader } from './createDocumentLoader.js';
import { bbsBindingOption } from './internal/bbs2023/issueOptions.js';
import { getDefaultLoader } from './internal/context.js';
import { toVcError } from './internal/errors.js';
import { isUrl } from './internal/model.js';
import { isObject, isPlainObject, toPlainJson, valuesOf } from './internal/plain.js';
import type { ProofPurposeName } from './internal/purpose.js';
import { RealDidProofPurpose } from './internal/purpose.js';
import { assertCreated, assertIssuingSigner, pickSuite } from './internal/signing.js';
import type { CryptosuiteName } from './internal/suites.js';
import { signingSuite } from './internal/suites.js';

/** Options of {@link addDataIntegrityProof}. */
export interface AddDataIntegrityProofOptions {
  /** The signer. */
  readonly signer: DataIntegritySigner | Bbs2023Signer;
  /** The cryptosuite (default from the signer's curve). */
  readonly cryptosuite?: CryptosuiteName;
  /** `ecdsa-sd-2023`: the mandatory pointers. */
  readonly mandatoryPointers?: readonly string[];
  /** The proof purpose (default `assertionMethod`). */
  readonly purpose?: ProofPurposeName;
  /** Authentication: the challenge to embed. */
  readonly challenge?: string;
  /** Authentication: the domain to embed. */
  readonly domain?: string;
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
  /** The proof's `created` time (default: now). */
  readonly created?: Date;
  /** The JSON-LD document loader (default: the offline loader). */
  readonly documentLoader?: DocumentLoader;
  /** The new proof's `id` (a URL), so that a later proof can chain to it. */
  readonly proofId?: string;
  /**
   * The `id` of the proof(s) of the document this proof chains to (VC Data Integrity proof
   * chains): the new proof signs the document *with* those proofs in it.
   */
  readonly previousProof?: string | readonly string[];
}

/**
 * Adds a Data Integrity proof to any JSON-LD document, with no VC data-model rules (use
 * {@link issueCredential} for credentials: it also checks the data model and that the issuer is
 * the signer). For status list credentials, DID-linked documents, test vectors.
 *
 * @param document - the JSON-LD document (not mutated)
 * @param options - signer, cryptosuite, purpose, created time, loader
 * @returns a copy of the document with the proof added
 * @throws RealDidError `ERR_VC_JSONLD`, `ERR_VC_CONTEXT_NOT_ALLOWED`, `ERR_VC_SIGN`; TypeError on misuse
 * @example
 * ```ts
 * import { addDataIntegrityProof } from '@realdid/vc';
 * const signed = await addDataIntegrityProof(document, { signer, created: new Date() });
 * ```
 */
export async function addDataIntegrityProof(
  document: unknown,
  options: AddDataIntegrityProofOptions,
): Promise<Record<string, unknown>> {
  if (!isPlainObject(document)) throw new TypeError('document: expected a JSON object');
  if (!isObject(options)) throw new TypeError('options: expected an object');
  const signer = assertIssuingSigner(options.signer);
  const name = pickSuite(signer, options.cryptosuite);
  const term = options.purpose ?? 'assertionMethod';
  if (term !== 'assertionMethod' && term !== 'authentication') {
    throw new TypeError('options.purpose: expected "assertionMethod" or "authentication"');
  }
  assertCreated(options.created);
  const commitment = bbsBindingOption(options, name);
  if (options.proofId !== undefined && !isUrl(options.proofId))
    throw new TypeError('options.proofId: expected a URL');
  const prev = options.previousProof;
  if (
    prev !== undefined &&
    !(
      typeof prev === 'string' ||
      (Array.isArray(prev) && prev.length > 0 && prev.every((p) => typeof p === 'string'))
    )
  ) {
    throw new TypeError('options.previousProof: expected a proof id or a non-empty array of them');
  }
  const doc = toPlainJson(document) as Record<string, unknown>;
  if (prev !== undefined) {
    const ids = new Set(valuesOf(doc.proof).map((p) => (isObject(p) ? p.id : undefined)));
    for (const id of valuesOf(prev)) {
      if (!ids.has(id))
        throw new TypeError(`options.previousProof: the document has no proof with the id ${String(id)}`);
    }
  }
  try {
    return await jsigs.sign(doc, {
      suite: signingSuite(name, signer, {
        created: options.created,
        mandatoryPointers: options.mandatoryPointers,
        commitmentWithProof: commitment,
        proofId: options.proofId,
        previousProof: prev,
      }),
      purpose: new RealDidProofPurpose({
        term,
        challenge: options.challenge,
        domain: options.domain,
        now: options.created ?? new Date(),
      }),
      documentLoader: options.documentLoader ?? getDefaultLoader(),
    });
  } catch (e) {
    throw toVcError(e, 'ERR_VC_SIGN');
  }
}
