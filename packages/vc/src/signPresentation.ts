import * as dbvc from '@digitalbazaar/vc';
import type { DataIntegritySigner } from './createDataIntegritySigner.js';
import type { DocumentLoader } from './createDocumentLoader.js';
import { getDefaultLoader } from './internal/context.js';
import { toVcError, vcError } from './internal/errors.js';
import { checkPresentation, idOf } from './internal/model.js';
import { isObject, isPlainObject, toPlainJson } from './internal/plain.js';
import { RealDidProofPurpose } from './internal/purpose.js';
import { assertCreated, assertSigner, didOf, pickSuite } from './internal/signing.js';
import type { CryptosuiteName } from './internal/suites.js';
import { signingSuite } from './internal/suites.js';

/** Options of {@link signPresentation}. */
export interface SignPresentationOptions {
  /** The holder's signer. When the presentation names a holder, it must be the signer's DID. */
  readonly signer: DataIntegritySigner;
  /** The verifier's challenge (a nonce). */
  readonly challenge: string;
  /** The verifier's domain (for instance its origin or DID). */
  readonly domain?: string;
  /** `eddsa-rdfc-2022` (Ed25519), `ecdsa-rdfc-2019` (P-256) or `sm2-rdfc-2025` (SM2); default from the signer. */
  readonly cryptosuite?: Exclude<CryptosuiteName, 'ecdsa-sd-2023'>;
  /** The proof's `created` time (default: now). */
  readonly created?: Date;
  /** The JSON-LD document loader (default: the offline loader). */
  readonly documentLoader?: DocumentLoader;
}

/**
 * Signs a presentation with a Data Integrity proof for `authentication`, bound to the verifier's
 * challenge and domain.
 *
 * @param presentation - the unsigned presentation ({@link createPresentation})
 * @param options - signer, challenge, domain, cryptosuite, created time, loader
 * @returns the signed presentation
 * @throws RealDidError (`ERR_VC_HOLDER_MISMATCH`, data model codes, `ERR_VC_JSONLD`, `ERR_VC_SIGN`);
 *   TypeError on misuse
 * @example
 * ```ts
 * import { signPresentation } from '@realdid/vc';
 * const signed = await signPresentation(vp, { signer, challenge: nonce, domain: 'https://rp.example' });
 * ```
 */
export async function signPresentation(
  presentation: unknown,
  options: SignPresentationOptions,
): Promise<Record<string, unknown>> {
  if (!isPlainObject(presentation)) throw new TypeError('presentation: expected a JSON object');
  if (!isObject(options)) throw new TypeError('options: expected an object');
  const signer = assertSigner(options.signer);
  if (options.cryptosuite === ('ecdsa-sd-2023' as unknown)) {
    throw new TypeError('options.cryptosuite: ecdsa-sd-2023 is for credentials');
  }
  const suiteName = pickSuite(signer, options.cryptosuite);
  if (typeof options.challenge !== 'string' || options.challenge.length === 0) {
    throw new TypeError('options.challenge: expected a non-empty string');
  }
  if (options.domain !== undefined && (typeof options.domain !== 'string' || options.domain.length === 0)) {
    throw new TypeError('options.domain: expected a non-empty string');
  }
  assertCreated(options.created);
  const doc = toPlainJson(presentation) as Record<string, unknown>;
  const first = checkPresentation(doc, { allowV1: false })[0];
  if (first !== undefined) throw vcError(first.code, first.message);
  const holder = idOf(doc.holder);
  if (holder !== undefined && holder !== didOf(signer.id)) {
    throw vcError('ERR_VC_HOLDER_MISMATCH', 'the holder must be the DID of the signing key');
  }
  const now = options.created ?? new Date();
  try {
    return await dbvc.signPresentation({
      presentation: doc,
      suite: signingSuite(suiteName, signer, { created: options.created }),
      purpose: new RealDidProofPurpose({
        term: 'authentication',
        challenge: options.challenge,
        domain: options.domain,
        now,
      }),
      documentLoader: options.documentLoader ?? getDefaultLoader(),
    });
  } catch (e) {
    throw toVcError(e, 'ERR_VC_SIGN');
  }
}
