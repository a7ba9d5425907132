import type { KeyType } from '@realdid/crypto';
import type { Purpose } from '@realdid/did';

/** A secret key in an exported role state: its type and the base64url of the 32 secret bytes. */
export interface RoleKeyState {
  type: KeyType;
  /** base64url of the secret key (an Ed25519 seed or an ECDSA scalar). Secret. */
  secretKey: string;
}

/** The roles whose state {@link RoleState} describes. */
export type RoleName = 'relying-party' | 'registry-authority' | 'business';

/**
 * The exported state of a role that owns an anchored `did:realdid` (a relying party, a registry
 * authority, a business): its DID and the DID's three keys. JSON-serialisable.
 *
 * It is **secret**: whoever holds it can sign as the role and update or recover its DID. Store it
 * encrypted (a secrets manager such as Vault, a `Vault` of this package, or at least a file
 * readable only by the service, mode 0600) and never log it.
 */
export interface RoleState<R extends RoleName = RoleName> {
  v: 1;
  /** Which role the state belongs to: restoring it as another role is refused. */
  role: R;
  /** The DID (short form, anchored). */
  did: string;
  /** The signing key of the DID document (its id, its purposes and its secret). */
  verificationMethod: RoleKeyState & { id: string; purposes: Purpose[] };
  /** The DID's update key. */
  updateKey: RoleKeyState;
  /** The DID's recovery key. */
  recoveryKey: RoleKeyState;
}

/** The exported state of a `RelyingParty` (its accounts live in its `AccountStore`). */
export type RelyingPartyState = RoleState<'relying-party'>;
/** The exported state of a `RegistryAuthority`. */
export type RegistryAuthorityState = RoleState<'registry-authority'>;
/** The exported state of a `Business`. */
export type BusinessState = RoleState<'business'>;
