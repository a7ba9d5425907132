/**
 * Deployment profiles: which algorithms the roles sign and accept (docs/realname.md, "The gm
 * profile"). `international`: Ed25519 / EdDSA, SHA-256. `gm`: China's national algorithms — SM2
 * signatures over SM3 with the default user ID (JWS `alg` `SM2`), `_sd_alg: sm3`, HKDF-SM3.
 */
import type { HashAlgorithm, KeyType } from '@realdid/crypto';
import { fail } from './errors.js';
import type { RoleIdentity } from './roleState.js';

/** A deployment profile: `'international'` (the default) or `'gm'` (SM2 and SM3 throughout). */
export type DeploymentProfile = 'international' | 'gm';

/** What a profile selects. */
export interface ProfileSuite {
  profile: DeploymentProfile;
  /** The key type of every signing key the roles make (DIDs, holder keys, pairwise DIDs). */
  keyType: 'Ed25519' | 'SM2';
  /** The JWS `alg` of those keys, and the only one accepted for credentials, proofs and lists. */
  alg: 'EdDSA' | 'SM2';
  /** The SD-JWT `_sd_alg` of issued credentials, and the only one accepted. */
  sdAlg: 'sha-256' | 'sm3';
  /** The hash of the HKDF that derives pairwise DIDs. */
  kdfHash: HashAlgorithm;
}

const SUITES: Readonly<Record<DeploymentProfile, ProfileSuite>> = Object.freeze({
  international: Object.freeze({
    profile: 'international',
    keyType: 'Ed25519',
    alg: 'EdDSA',
    sdAlg: 'sha-256',
    kdfHash: 'sha-256',
  }),
  gm: Object.freeze({ profile: 'gm', keyType: 'SM2', alg: 'SM2', sdAlg: 'sm3', kdfHash: 'sm3' }),
} as const);

/**
 * Reads a `profile` option: absent is `'international'`; anything but the two names is caller
 * misuse (a TypeError).
 */
export function readProfile(value: unknown, where = 'profile'): ProfileSuite {
  if (value === undefined) return SUITES.international;
  if (value === 'international' || value === 'gm') return SUITES[value];
  const found = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
  throw new TypeError(`${where}: expected "international" or "gm", found ${found}`);
}

/** The suite of a profile name already checked. */
export function suiteOf(profile: DeploymentProfile): ProfileSuite {
  return SUITES[profile];
}

/** The JWS `alg` of a signing key type of the profiles, or undefined for any other type. */
export function algOfKeyType(type: KeyType): 'EdDSA' | 'SM2' | undefined {
  return type === 'Ed25519' ? 'EdDSA' : type === 'SM2' ? 'SM2' : undefined;
}

/** The key type of a profile JWS `alg`, or undefined for any other value. */
export function keyTypeOfAlg(alg: unknown): 'Ed25519' | 'SM2' | undefined {
  return alg === 'EdDSA' ? 'Ed25519' : alg === 'SM2' ? 'SM2' : undefined;
}

/**
 * A restored role's signing key must be of its profile's type, and in the gm profile its update and
 * recovery keys too (`ERR_STATE_INVALID` otherwise).
 */
export function checkProfileKeys(
  id: RoleIdentity,
  suite: ProfileSuite,
  where = 'relying-party',
): RoleIdentity {
  const keys = suite.profile === 'gm' ? [id.key, id.update, id.recovery] : [id.key];
  for (const k of keys) {
    if (k.type !== suite.keyType) {
      throw fail(
        'ERR_STATE_INVALID',
        `${where} state: the ${suite.profile} profile has ${suite.keyType} keys, found ${k.type}`,
      );
    }
  }
  return id;
}
