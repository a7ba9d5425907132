import { hkdf, type KeyPair, keyPairFromSecretKey, publicKeyToMultibase } from '@realdid/crypto';
import { utf8 } from './bytes.js';

/** A pairwise DID and the key that proves control of it. */
export interface PairwiseDid {
  /** The pairwise DID: `did:key` of its Ed25519 key (self-certifying; resolves without a ledger). */
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
 */
export function derivePairwiseDid(master: Uint8Array, rpId: string): PairwiseDid {
  const okm = hkdf('sha-256', master, utf8('realdid/pairwise/v2'), utf8(rpId), 32);
  const key = keyPairFromSecretKey('Ed25519', okm);
  okm.fill(0);
  const mb = publicKeyToMultibase('Ed25519', key.publicKey);
  const did = `did:key:${mb}`;
  return { did, kid: `${did}#${mb}`, key };
}
