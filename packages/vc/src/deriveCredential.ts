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
  /** The JSON-LD document loader (default: the offline loader). */
  readonly documentLoader?: DocumentLoader;
}

/**
 * Derives a selective disclosure from a credential carrying an `ecdsa-sd-2023` base proof: the
 * result reveals the mandatory claims and those named by `selectivePointers`, with a derived
 * proof that any verifier checks with {@link verifyCredential}.
 *
 * @param credential - the credential with its base proof, as issued
 * @param options - the selective pointers, a loader
 * @returns the derived credential
 * @throws RealDidError `ERR_VC_DERIVE` (no base proof, a pointer that matches nothing, …); TypeError
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
  const base = valuesOf(doc.proof).find((p) => isObject(p) && p.cryptosuite === 'ecdsa-sd-2023');
  if (base === undefined) throw vcError('ERR_VC_DERIVE', 'the credential has no ecdsa-sd-2023 base proof');
  try {
    return await dbvc.derive({
      verifiableCredential: doc,
      suite: disclosingSuite(ptrs),
      documentLoader: options.documentLoader ?? getDefaultLoader(),
    });
  } catch (e) {
    throw toVcError(e, 'ERR_VC_DERIVE');
  }
}
