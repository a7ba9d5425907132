import type { KeyPair } from '@realdid/crypto';
import { createSigner } from '@realdid/crypto';

/**
 * A signer in the shape the Data Integrity cryptosuites expect: the verification method it signs
 * for, the curve (`Ed25519`, `P-256`), and an async `sign({data})`.
 */
export interface DataIntegritySigner {
  /** The verification method id (a DID URL such as `did:key:z6Mk…#z6Mk…`). */
  readonly id: string;
  /** `Ed25519`, `P-256` or `SM2`. */
  readonly algorithm: 'Ed25519' | 'P-256' | 'SM2';
  /** Signs the bytes the cryptosuite prepared. */
  sign(input: { data: Uint8Array }): Promise<Uint8Array>;
}

/**
 * Adapts a `@realdid/crypto` key pair into a Data Integrity signer. Ed25519 keys sign for
 * `eddsa-rdfc-2022`; P-256 keys for `ecdsa-rdfc-2019` and `ecdsa-sd-2023` (ECDSA over SHA-256,
 * deterministic, raw r‖s); SM2 keys for `sm2-rdfc-2025` (SM2 over SM3 with the default user ID
 * `1234567812345678`, deterministic nonce, raw r‖s). The secret key stays inside the
 * `@realdid/crypto` signer.
 *
 * @param keyPair - an Ed25519, P-256 or SM2 key pair from `@realdid/crypto`
 * @param verificationMethod - the id of the verification method the key is published under
 * @returns the signer
 * @throws TypeError / RangeError when the key pair is not usable or the id is not a DID URL
 * @example
 * ```ts
 * import { generateKeyPair, publicKeyToMultibase } from '@realdid/crypto';
 * import { createDataIntegritySigner } from '@realdid/vc';
 * const keyPair = generateKeyPair('Ed25519');
 * const mb = publicKeyToMultibase('Ed25519', keyPair.publicKey);
 * const signer = createDataIntegritySigner(keyPair, `did:key:${mb}#${mb}`);
 * signer.algorithm; // 'Ed25519'
 * ```
 */
export function createDataIntegritySigner(keyPair: KeyPair, verificationMethod: string): DataIntegritySigner {
  if (typeof verificationMethod !== 'string' || !/^did:[a-z0-9]+:[^#\s]+#[^\s]+$/.test(verificationMethod)) {
    throw new TypeError('verificationMethod: expected a DID URL with a fragment (did:…#key)');
  }
  const signer = createSigner(keyPair);
  if (signer.type !== 'Ed25519' && signer.type !== 'P-256' && signer.type !== 'SM2') {
    throw new RangeError(
      `keyPair: Data Integrity signing supports Ed25519, P-256 and SM2, found ${signer.type}`,
    );
  }
  const algorithm = signer.type;
  return Object.freeze({
    id: verificationMethod,
    algorithm,
    async sign({ data }: { data: Uint8Array }): Promise<Uint8Array> {
      return signer.sign(data);
    },
  });
}
