import * as dbvc from '@digitalbazaar/vc';
import type { DocumentLoader } from './createDocumentLoader.js';
import type { HolderBinding } from './internal/bbs2023/cryptosuite.js';
import { isUint8Array } from './internal/bbs2023/isBytes.js';
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
  /**
   * `bbs-2023` `anonymous_holder_binding`, `pseudonym`, `holder_binding_pseudonym`: the blinding
   * factor the holder's commitment function (`blindCommit`, `commitWithNym`) returned.
   */
  readonly secretProverBlind?: Uint8Array;
  /**
   * `bbs-2023` `pseudonym`, `holder_binding_pseudonym`: the holder's `prover_nym` (the 32-byte
   * scalar committed with `commitWithNym`). With the issuer's entropy in the base proof it makes the
   * nym secret; neither is ever disclosed. A `holder_binding_pseudonym` base proof also needs
   * `holderSecret`.
   */
  readonly proverNym?: Uint8Array;
  /**
   * `bbs-2023` `pseudonym`, `holder_binding_pseudonym`: the `nym_domain` the pseudonym is scoped to
   * — the verifier's id (a string is taken as its UTF-8 bytes). The same holder always shows the
   * same pseudonym to one nym domain, and unlinkable ones to different domains.
   */
  readonly nymDomain?: string | Uint8Array;
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
  const holder = holderInputs(options, name);
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

const MAX_NYM_DOMAIN = 1024;

/** The holder's `bbs-2023` secrets, type-checked and copied (TypeError / RangeError on misuse). */
function holderInputs(options: DeriveCredentialOptions, name: string): HolderBinding | undefined {
  const { holderSecret, secretProverBlind, proverNym, nymDomain } = options;
  if (
    holderSecret === undefined &&
    secretProverBlind === undefined &&
    proverNym === undefined &&
    nymDomain === undefined
  ) {
    return undefined;
  }
  if (name !== 'bbs-2023') {
    throw new TypeError('options.holderSecret, secretProverBlind, proverNym, nymDomain: only for bbs-2023');
  }
  const bytes = (v: unknown, what: string): Uint8Array | undefined => {
    if (v === undefined) return undefined;
    if (!isUint8Array(v)) throw new TypeError(`options.${what}: expected a Uint8Array`);
    return v.slice();
  };
  const blind = bytes(secretProverBlind, 'secretProverBlind');
  if (blind === undefined) throw new TypeError('options.secretProverBlind: expected a Uint8Array');
  let domain: Uint8Array | undefined;
  if (typeof nymDomain === 'string') domain = new TextEncoder().encode(nymDomain);
  else domain = bytes(nymDomain, 'nymDomain (a string or a Uint8Array)');
  if (domain !== undefined && (domain.length === 0 || domain.length > MAX_NYM_DOMAIN)) {
    throw new RangeError(`options.nymDomain: expected 1 to ${MAX_NYM_DOMAIN} bytes`);
  }
  return {
    holderSecret: bytes(holderSecret, 'holderSecret'),
    secretProverBlind: blind,
    proverNym: bytes(proverNym, 'proverNym'),
    nymDomain: domain,
  };
}
