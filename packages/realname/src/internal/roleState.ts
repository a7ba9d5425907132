/** Export and strict restore of the DID and keys of a role (see RoleState). */
import {
  base64urlDecode,
  base64urlEncode,
  type KeyPair,
  type KeyType,
  keyPairFromSecretKey,
} from '@realdid/crypto';
import { type CreatedDid, createDid, PURPOSES, type Purpose } from '@realdid/did';
import type { RoleKeyState, RoleName, RoleState } from '../roles/RoleState.js';
import { isPlainObject } from './bytes.js';
import { fail } from './errors.js';

/** What a role keeps of its DID. */
export interface RoleIdentity {
  did: string;
  vmId: string;
  purposes: Purpose[];
  key: KeyPair;
  update: KeyPair;
  recovery: KeyPair;
}

const KEY_TYPES: readonly KeyType[] = ['Ed25519', 'P-256', 'secp256k1'];

/** The identity of a DID the role has just created (all keys generated, none given as a commitment). */
export function identityOf(created: CreatedDid): RoleIdentity {
  const vm = created.keys.verificationMethods[0];
  const { update, recovery } = created.keys;
  if (vm === undefined || update === undefined || recovery === undefined) {
    throw new TypeError('expected a DID created with its keys');
  }
  return { did: created.did, vmId: vm.id, purposes: [...vm.purposes], key: vm.keyPair, update, recovery };
}

/** The JSON-safe form of a key pair. */
export function keyState(k: KeyPair): RoleKeyState {
  return { type: k.type, secretKey: base64urlEncode(k.secretKey) };
}

/** The JSON-safe state of a role's identity. */
export function exportRoleState<R extends RoleName>(role: R, id: RoleIdentity): RoleState<R> {
  return {
    v: 1,
    role,
    did: id.did,
    verificationMethod: { id: id.vmId, purposes: [...id.purposes], ...keyState(id.key) },
    updateKey: keyState(id.update),
    recoveryKey: keyState(id.recovery),
  };
}

function hasOnly(o: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(o).every((k) => keys.includes(k));
}

/** Parses a {@link RoleKeyState}; `ERR_STATE_INVALID` when malformed. */
export function parseKey(value: unknown, where: string, extra: readonly string[] = []): KeyPair {
  if (!isPlainObject(value) || !hasOnly(value, ['type', 'secretKey', ...extra])) {
    throw fail('ERR_STATE_INVALID', `${where}: expected { type, secretKey }`);
  }
  const { type, secretKey } = value;
  if (typeof type !== 'string' || !KEY_TYPES.includes(type as KeyType)) {
    throw fail('ERR_STATE_INVALID', `${where}: unknown key type`);
  }
  if (typeof secretKey !== 'string')
    throw fail('ERR_STATE_INVALID', `${where}: expected a base64url secret key`);
  try {
    return keyPairFromSecretKey(type as KeyType, base64urlDecode(secretKey));
  } catch (cause) {
    throw fail('ERR_STATE_INVALID', `${where}: not a valid secret key`, undefined, cause);
  }
}

/**
 * Parses an exported role state strictly: shape, version, role, keys, and that the keys are the
 * ones the DID was created with (the DID is recomputed from them).
 *
 * @throws TypeError when `state` is not an object (misuse)
 * @throws RealDidError `ERR_STATE_INVALID` for a malformed state, another role's state, or keys that do not make the DID
 */
export function parseRoleState(state: unknown, role: RoleName): RoleIdentity {
  if (!isPlainObject(state)) throw new TypeError(`restore: expected an exported ${role} state object`);
  const bad = (why: string) => fail('ERR_STATE_INVALID', `${role} state: ${why}`);
  if (!hasOnly(state, ['v', 'role', 'did', 'verificationMethod', 'updateKey', 'recoveryKey'])) {
    throw bad('unexpected members');
  }
  if (state.v !== 1) throw bad('unsupported version');
  if (state.role !== role)
    throw bad(`expected the state of a ${role}, found ${String(state.role).slice(0, 40)}`);
  if (typeof state.did !== 'string' || !state.did.startsWith('did:realdid:'))
    throw bad('expected a did:realdid');
  const vm = state.verificationMethod;
  if (!isPlainObject(vm)) throw bad('expected a verificationMethod');
  if (typeof vm.id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(vm.id))
    throw bad('bad verification method id');
  if (
    !Array.isArray(vm.purposes) ||
    vm.purposes.length === 0 ||
    vm.purposes.some((p) => !PURPOSES.includes(p as Purpose))
  ) {
    throw bad('bad verification method purposes');
  }
  const purposes = [...(vm.purposes as Purpose[])];
  const key = parseKey(vm, `${role} state verificationMethod`, ['id', 'purposes']);
  const update = parseKey(state.updateKey, `${role} state updateKey`);
  const recovery = parseKey(state.recoveryKey, `${role} state recoveryKey`);
  let did: string;
  try {
    did = createDid({
      publicKeys: [{ id: vm.id, purposes, type: key.type, publicKey: key.publicKey }],
      updateKey: update,
      recoveryKey: recovery,
    }).did;
  } catch (cause) {
    throw fail('ERR_STATE_INVALID', `${role} state: the keys do not form a DID`, undefined, cause);
  }
  if (did !== state.did) throw bad('the keys are not the keys of this DID');
  return { did, vmId: vm.id, purposes, key, update, recovery };
}
