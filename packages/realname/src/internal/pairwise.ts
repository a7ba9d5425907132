import { hkdf, type KeyPair, keyPairFromSecretKey } from '@realdid/crypto';
import { type CreatedDid, createDid } from '@realdid/did';
import { utf8 } from './bytes.js';

/** A pairwise DID and the key that proves control of it. */
export interface PairwiseDid {
  /** The long-form DID (resolves without a ledger). */
  did: string;
  /** The verification method id of its authentication key. */
  kid: string;
  key: KeyPair;
  created: CreatedDid;
}

/**
 * Derives a site's pairwise DID from the master secret: HKDF-SHA-256(master, salt
 * `realdid/pairwise/v1`, info = RP identifier) gives the authentication, update and recovery keys,
 * so the same master and RP always give the same long-form DID, and different RPs unrelated ones.
 */
export function derivePairwiseDid(master: Uint8Array, rpId: string): PairwiseDid {
  const okm = hkdf('sha-256', master, utf8('realdid/pairwise/v1'), utf8(rpId), 96);
  const auth = keyPairFromSecretKey('Ed25519', okm.slice(0, 32));
  const update = keyPairFromSecretKey('Ed25519', okm.slice(32, 64));
  const recovery = keyPairFromSecretKey('Ed25519', okm.slice(64, 96));
  okm.fill(0);
  const created = createDid({
    publicKeys: [{ id: 'key-1', type: 'Ed25519', publicKey: auth.publicKey, purposes: ['authentication'] }],
    updateKey: update,
    recoveryKey: recovery,
  });
  return { did: created.longFormDid, kid: `${created.longFormDid}#key-1`, key: auth, created };
}
