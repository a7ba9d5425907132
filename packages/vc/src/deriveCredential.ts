import * as dbvc from '@digitalbazaar/vc';
import type { DocumentLoader } from './createDocumentLoader.js';
import { getDefaultLoader } from './internal/context.js';
import { toVcError, vcError } from './internal/errors.js';
import { isObject, isPlainObject, toPlainJson, valuesOf } from './internal/plain.js';
import { disclosingSuite } from './internal/suites.js';

/** Options of {@link deriveCredential}. */
export interface DeriveCredentialOptions {
  /** JSON pointers to the claims to reveal (the issuer's mandatory ones are always revealed). */
  readonly selectivePointers: readonly string[];
  /**
   * `bbs-2023`: bytes bound into the proof (a verifier's nonce, so the disclosure cannot be
   * replayed elsewhere); the verifier reads them from the proof. Empty by default.
   */
  readonly presentationHeader?: Uint8Array;
  /**
   * `bbs-2023` `anonymous_holder_binding`: the holder secret the base proof is bound to, and the
   * `secretProverBlind` that `blindCommit` returned with the commitment. Required for such a base
   * proof; the secret stays hidden in the derived proof.
   */
  readonly holderSecret?: Uint8Array;
  /** `bbs-2023` `anonymous_holder_binding`: see `holderSecret`. */
  readonly secretProverBlind?: Uint8Array;
  /** The JSON-LD document loader (default: the offline loader). */
  readonly documentLoader?: DocumentLoader;
}

/**
 * Derives a selective disclosure from a credential carrying an `ecdsa-sd-2023` or `bbs-2023` base
 * proof: the result reveals the mandatory claims and those named by `selectivePointers`, with a
 * derived proof that any verifier checks with {@link verifyCredential}. A `bbs-2023` disclosure is
 * a fresh zero-knowledge proof each time: two disclosures of one credential cannot be linked by
 * their proofs.
 *
 * @param credential - the credential with its base proof, as issued
 * @param options - the selective pointers, a loader
 * @returns the derived credential
 * @throws RealDidError `ERR_VC_DERIVE` (no base proof, a pointer that matches nothing, a base
 *   proof that does not fit the credential, …); TypeError
 *   on misuse
 * @example
 * ```ts
 * import { deriveCredential } from '@realdid/vc';
 * const disclosed = await deriveCredential(vc, { selectivePointers: ['/credentialSubject/birthCountry'] });
 * ```
 */
export async function deriveCredential(
  credential: unknown,
  options: DeriveCredentialOptions,
): Promise<Record<string, unknown>> {
  if (!isPlainObject(credential)) throw new TypeError('credential: expected a JSON object');
  if (!isObject(options)) throw new TypeError('options: expected an object');
  const ptrs = options.selectivePointers;
  if (!Array.isArray(ptrs) || ptrs.some((p) => typeof p !== 'string' || (p !== '' && !p.startsWith('/')))) {
    throw new TypeError('options.selectivePointers: expected an array of JSON pointers');
  }
  const doc = toPlainJson(credential) as Record<string, unknown>;
  const ph = options.presentationHeader;
  if (ph !== undefined && !(ph instanceof Uint8Array)) {
    throw new TypeError('options.presentationHeader: expected a Uint8Array');
  }
  const base = valuesOf(doc.proof).find(
    (p) => isObject(p) && (p.cryptosuite === 'ecdsa-sd-2023' || p.cryptosuite === 'bbs-2023'),
  ) as Record<string, unknown> | undefined;
  if (base === undefined) {
    throw vcError('ERR_VC_DERIVE', 'the credential has no ecdsa-sd-2023 or bbs-2023 base proof');
  }
  const name = base.cryptosuite as 'ecdsa-sd-2023' | 'bbs-2023';
  if (ph !== undefined && name !== 'bbs-2023') {
    throw new TypeError('options.presentationHeader: only for bbs-2023');
  }
  const { holderSecret, secretProverBlind } = options;
  if (holderSecret !== undefined || secretProverBlind !== undefined) {
    if (
      !(holderSecret instanceof Uint8Array) ||
      !(secretProverBlind instanceof Uint8Array) ||
      name !== 'bbs-2023'
    ) {
      throw new TypeError(
        'options.holderSecret, options.secretProverBlind: expected two Uint8Arrays, for bbs-2023',
      );
    }
  }
  const holder =
    holderSecret instanceof Uint8Array && secretProverBlind instanceof Uint8Array
      ? { holderSecret: holderSecret.slice(), secretProverBlind: secretProverBlind.slice() }
      : undefined;
  try {
    return await dbvc.derive({
      verifiableCredential: doc,
      suite: disclosingSuite(name, ptrs, ph?.slice(), holder),
      documentLoader: options.documentLoader ?? getDefaultLoader(),
    });
  } catch (e) {
    throw toVcError(e, 'ERR_VC_DERIVE');
  }
}
