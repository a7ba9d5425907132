import { blindSign, blindSignWithNym, sign, skToPk } from '@realdid/bbs';
import { encodeBlsMultikey } from './internal/bbs2023/multikey.js';

/**
 * A `bbs-2023` issuer's signer: BBS over BLS12-381 (`BLS12-381-SHA-256`), signing the
 * non-mandatory statements of a credential as separate messages under one header. The same shape
 * as `@digitalbazaar/bls12-381-multikey` signers, so either works with either suite.
 */
export interface Bbs2023Signer {
  /** The verification method id (a DID URL). */
  readonly id: string;
  /** `BBS-BLS12-381-SHA-256`. */
  readonly algorithm: 'BBS-BLS12-381-SHA-256';
  /** The 96-byte BLS12-381 G2 public key. */
  readonly publicKey: Uint8Array;
  /** The public key as a Multikey (`zUC7…`), for the DID document or `did:key`. */
  readonly publicKeyMultibase: string;
  /** Signs the messages under the header (BBS Sign). */
  multisign(input: { header: Uint8Array; messages: readonly Uint8Array[] }): Promise<Uint8Array>;
  /**
   * Signs the messages and the holder's committed secret, unseen (BBS BlindSign; the commitment's
   * proof is checked first): the `anonymous_holder_binding` feature.
   */
  blindSign(input: {
    header: Uint8Array;
    messages: readonly Uint8Array[];
    commitmentWithProof: Uint8Array;
  }): Promise<Uint8Array>;
  /**
   * Signs the messages, the holder's committed values and their `prover_nym` plus the signer's nym
   * entropy, unseen (BBS BlindSignWithNym of the per-verifier-linkability draft, one nym): the
   * `pseudonym` and `holder_binding_pseudonym` features. Returns the entropy used (fresh random
   * unless given), which goes into the base proof.
   */
  blindSignWithNym(input: {
    header: Uint8Array;
    messages: readonly Uint8Array[];
    commitmentWithProof: Uint8Array;
    signerNymEntropy?: Uint8Array;
  }): Promise<{ signature: Uint8Array; signerNymEntropy: Uint8Array }>;
}

/**
 * Adapts a BBS key pair of `@realdid/bbs` into the signer `issueCredential` /
 * `addDataIntegrityProof` use with `cryptosuite: 'bbs-2023'`. The secret key stays in the closure.
 *
 * @param keyPair - `{ secretKey }` (32 bytes) and optionally `publicKey` (96 bytes; checked against the
 *   secret key when given)
 * @param verificationMethod - the id the public key is published under; a function of the
 *   Multikey is accepted too (`(mb) => \`did:key:${mb}#${mb}\``)
 * @returns the signer
 * @throws TypeError / RangeError when the key pair or the id is malformed
 * @example
 * ```ts
 * import { generateKeyPair } from '@realdid/bbs';
 * import { createBbs2023Signer } from '@realdid/vc';
 * const signer = createBbs2023Signer(generateKeyPair({ ciphersuite: 'BLS12-381-SHA-256' }), (mb) => `did:key:${mb}#${mb}`);
 * signer.algorithm; // 'BBS-BLS12-381-SHA-256'
 * ```
 */
export function createBbs2023Signer(
  keyPair: { readonly secretKey: Uint8Array; readonly publicKey?: Uint8Array },
  verificationMethod: string | ((publicKeyMultibase: string) => string),
): Bbs2023Signer {
  let given: { secretKey: unknown; publicKey: unknown };
  try {
    given = { secretKey: keyPair.secretKey, publicKey: keyPair.publicKey };
  } catch {
    throw new TypeError('keyPair: expected { secretKey: Uint8Array, publicKey?: Uint8Array }');
  }
  if (!(given.secretKey instanceof Uint8Array)) {
    throw new TypeError('keyPair: expected { secretKey: Uint8Array, publicKey?: Uint8Array }');
  }
  if (given.secretKey.length !== 32) throw new RangeError('keyPair.secretKey: expected 32 bytes');
  if (given.publicKey !== undefined && !(given.publicKey instanceof Uint8Array)) {
    throw new TypeError('keyPair.publicKey: expected a Uint8Array');
  }
  const secretKey = given.secretKey.slice();
  let publicKey: Uint8Array;
  try {
    publicKey = skToPk(secretKey);
  } catch {
    throw new RangeError('keyPair.secretKey: not a valid BBS secret key');
  }
  const gp = given.publicKey;
  if (gp !== undefined && (gp.length !== 96 || gp.some((b, i) => b !== publicKey[i]))) {
    throw new RangeError('keyPair.publicKey: not the public key of keyPair.secretKey');
  }
  const publicKeyMultibase = encodeBlsMultikey(publicKey);
  const id =
    typeof verificationMethod === 'function' ? verificationMethod(publicKeyMultibase) : verificationMethod;
  if (typeof id !== 'string' || !/^did:[a-z0-9]+:[^#\s]+#[^\s]+$/.test(id)) {
    throw new TypeError('verificationMethod: expected a DID URL with a fragment (did:…#key)');
  }
  return Object.freeze({
    id,
    algorithm: 'BBS-BLS12-381-SHA-256' as const,
    get publicKey() {
      return publicKey.slice();
    },
    publicKeyMultibase,
    async multisign({ header, messages }: { header: Uint8Array; messages: readonly Uint8Array[] }) {
      return sign({
        secretKey,
        publicKey,
        header,
        messages,
        ciphersuite: 'BLS12-381-SHA-256',
        maxMessages: 4096,
      });
    },
    async blindSign({
      header,
      messages,
      commitmentWithProof,
    }: {
      header: Uint8Array;
      messages: readonly Uint8Array[];
      commitmentWithProof: Uint8Array;
    }) {
      return blindSign({
        secretKey,
        publicKey,
        header,
        messages,
        commitmentWithProof,
        ciphersuite: 'BLS12-381-SHA-256',
        maxMessages: 4096,
      });
    },
    async blindSignWithNym({
      header,
      messages,
      commitmentWithProof,
      signerNymEntropy,
    }: {
      header: Uint8Array;
      messages: readonly Uint8Array[];
      commitmentWithProof: Uint8Array;
      signerNymEntropy?: Uint8Array;
    }) {
      return blindSignWithNym({
        secretKey,
        publicKey,
        header,
        messages,
        commitmentWithProof,
        nymCount: 1,
        ...(signerNymEntropy === undefined ? {} : { signerNymEntropy }),
        ciphersuite: 'BLS12-381-SHA-256',
        maxMessages: 4096,
      });
    },
  });
}
