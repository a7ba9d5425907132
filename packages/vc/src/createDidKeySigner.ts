import type { KeyPair } from '@realdid/crypto';
import { keyPairFromSecretKey, multibaseToSecretKey, publicKeyToMultibase } from '@realdid/crypto';
import type { DataIntegritySigner } from './createDataIntegritySigner.js';
import { createDataIntegritySigner } from './createDataIntegritySigner.js';

/** A did:key Data Integrity signer and the DID it signs for. */
export interface DidKeySigner extends DataIntegritySigner {
  /** The did:key DID (`did:key:z…`): the issuer of the credentials, or the holder of presentations. */
  readonly did: string;
}

/**
 * A Data Integrity signer for a did:key in one call: the verification method is
 * `did:key:<multibase>#<multibase>`, as did:key resolution names it. Ed25519 keys sign for
 * `eddsa-rdfc-2022`, P-256 keys for `ecdsa-rdfc-2019` and `ecdsa-sd-2023`, SM2 keys for
 * `sm2-rdfc-2025` (`did:key:zEP…`, the `sm2-pub` multicodec).
 *
 * @param key - a `@realdid/crypto` key pair, or a multibase (Multikey) secret key
 * @returns the signer, with `did` set to the did:key DID
 * @throws TypeError / RangeError when the key is not an Ed25519, P-256 or SM2 key
 * @example
 * ```ts
 * import { generateKeyPair } from '@realdid/crypto';
 * import { createDidKeySigner } from '@realdid/vc';
 * const signer = createDidKeySigner(generateKeyPair('Ed25519'));
 * signer.id === `${signer.did}#${signer.did.slice('did:key:'.length)}`; // true
 * ```
 */
export function createDidKeySigner(key: KeyPair | string): DidKeySigner {
  let keyPair: KeyPair;
  if (typeof key === 'string') {
    const { type, secretKey } = multibaseToSecretKey(key);
    keyPair = keyPairFromSecretKey(type, secretKey);
  } else if (typeof key === 'object' && key !== null && key.secretKey instanceof Uint8Array) {
    // derive the public key from the secret one: a mismatched pair would sign for another DID
    keyPair = keyPairFromSecretKey(key.type, key.secretKey);
  } else {
    throw new TypeError('key: expected a key pair from @realdid/crypto or a multibase secret key');
  }
  if (keyPair.type !== 'Ed25519' && keyPair.type !== 'P-256' && keyPair.type !== 'SM2') {
    throw new RangeError(
      `key: Data Integrity signing supports Ed25519, P-256 and SM2, found ${keyPair.type}`,
    );
  }
  const mb = publicKeyToMultibase(keyPair.type, keyPair.publicKey);
  const did = `did:key:${mb}`;
  const signer = createDataIntegritySigner(keyPair, `${did}#${mb}`);
  return Object.freeze({ id: signer.id, algorithm: signer.algorithm, sign: signer.sign, did });
}
