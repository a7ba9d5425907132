import { didKeyToPublicKey, jwkToPublicKey, type KeyType } from '@realdid/crypto';
import { PROOF_JWT_TYP } from '../types.js';
import { isPlainObject } from './json.js';
import { jwtVerifies, keyTypeFor, parseJwt } from './jws.js';

/** Why a proof JWT was refused: the OAuth error the credential endpoint answers with. */
export type ProofError = 'invalid_proof' | 'invalid_nonce';

/** A verified proof of possession: the holder's public JWK. */
export interface VerifiedProof {
  jwk: Record<string, unknown>;
  nonce: string;
}

/**
 * Verifies an OpenID4VCI proof JWT (Appendix F.1): `typ`, `alg`, the key in `jwk` (public only)
 * or a did:key `kid`, the signature, `aud` (the credential issuer) and `iat`. The nonce is
 * returned for the caller to check against its issued `c_nonce`s.
 */
export function verifyProofJwt(
  jwt: unknown,
  audience: string,
  nowSeconds: number,
  skewSeconds: number,
  algs: readonly string[],
): VerifiedProof | ProofError {
  if (typeof jwt !== 'string') return 'invalid_proof';
  const p = parseJwt(jwt, 16_384);
  if (p === undefined) return 'invalid_proof';
  const { header, payload } = p;
  if (header.typ !== PROOF_JWT_TYP || Object.hasOwn(header, 'crit')) return 'invalid_proof';
  const type = keyTypeFor(header.alg, algs);
  if (type === undefined) return 'invalid_proof';
  let key: { type: KeyType; publicKey: Uint8Array };
  let jwk: Record<string, unknown>;
  try {
    if (header.jwk !== undefined) {
      if (!isPlainObject(header.jwk) || header.jwk.d !== undefined || header.kid !== undefined)
        return 'invalid_proof';
      key = jwkToPublicKey(header.jwk);
      jwk = { ...header.jwk };
    } else if (typeof header.kid === 'string' && header.kid.startsWith('did:key:')) {
      key = didKeyToPublicKey(header.kid.split('#')[0] as string) as { type: KeyType; publicKey: Uint8Array };
      jwk = { kid: header.kid };
    } else return 'invalid_proof';
  } catch {
    return 'invalid_proof';
  }
  if (key.type !== type || !jwtVerifies(p, type, key.publicKey, algs)) return 'invalid_proof';
  if (
    payload.aud !== audience &&
    !(Array.isArray(payload.aud) && payload.aud.length === 1 && payload.aud[0] === audience)
  )
    return 'invalid_proof';
  const iat = payload.iat;
  if (typeof iat !== 'number' || iat - skewSeconds > nowSeconds || iat + 300 + skewSeconds < nowSeconds)
    return 'invalid_proof';
  if (typeof payload.nonce !== 'string') return 'invalid_nonce';
  return { jwk, nonce: payload.nonce };
}
