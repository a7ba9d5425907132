import { hkdf, type KeyPair, keyPairFromSecretKey, publicKeyToMultibase } from '@realdid/crypto';
import { utf8 } from './bytes.js';
import type { ProfileSuite } from './profile.js';

/** A pairwise DID and the key that proves control of it. */
export interface PairwiseDid {
  /** The pairwise DID: `did:key` of its Ed25519 (gm profile: SM2) key (self-certifying; resolves without a ledger). */
  did: string;
  /** The verification method id of its key. */
  kid: string;
  key: KeyPair;
}

/**
 * Derives a site's pairwise DID from the master secret: HKDF-SHA-256(master, salt
 * `realdid/pairwise/v2`, info = RP identifier) gives an Ed25519 key, and the DID is its `did:key`.
 * The same master and RP always give the same DID, different RPs unrelated ones. A `did:key` is
 * self-certifying and not updatable: resolving it reads no ledger (a remote ledger's operator never
 * learns which accounts sites look up), and a lost key is replaced by registering again with a new
 * pairwise DID.
 *
 * In the gm profile: HKDF-SM3(master, salt `realdid/pairwise/gm/v1`, info = RP identifier ‖ 0x00 ‖
 * counter) gives a 32-byte SM2 secret key (the counter, from 0, moves on in the rare case, about
 * 2⁻³², that the bytes are not a scalar in [1, n − 2]), and the DID is the `did:key` of its SM2 key.
 */
export function derivePairwiseDid(master: Uint8Array, rpId: string, suite?: ProfileSuite): PairwiseDid {
  const type = suite?.keyType ?? 'Ed25519';
  let key: KeyPair | undefined;
  if (type === 'Ed25519') {
    const okm = hkdf('sha-256', master, utf8('realdid/pairwise/v2'), utf8(rpId), 32);
    key = keyPairFromSecretKey('Ed25519', okm);
    okm.fill(0);
  } else {
    const info = utf8(rpId);
    for (let counter = 0; key === undefined; counter++) {
      if (counter > 255) throw new RangeError('derivePairwiseDid: no SM2 scalar found');
      const okm = hkdf('sm3', master, utf8('realdid/pairwise/gm/v1'), concat(info, counter), 32);
      try {
        key = keyPairFromSecretKey('SM2', okm);
      } catch {
        // not a scalar in [1, n − 2]: next counter
      }
      okm.fill(0);
    }
  }
  const mb = publicKeyToMultibase(key.type, key.publicKey);
  const did = `did:key:${mb}`;
  return { did, kid: `${did}#${mb}`, key };
}

function concat(info: Uint8Array, counter: number): Uint8Array {
  const out = new Uint8Array(info.length + 2);
  out.set(info, 0);
  out[info.length] = 0;
  out[info.length + 1] = counter;
  return out;
}
