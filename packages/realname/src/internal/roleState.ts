/** Export and strict restore of the DID and keys of a role (see RoleState). */
import {
  base64urlDecode,
  base64urlEncode,
  type Clock,
  KEY_TYPES,
  type KeyPair,
  type KeyType,
  keyPairFromSecretKey,
  type RealDidError,
  toClock,
} from '@realdid/crypto';
import { type CreatedDid, createDid, PURPOSES, type Purpose } from '@realdid/did';
import type { LedgerClient } from '@realdid/ledger';
import type { RealNameErrorCode } from '../RealNameErrorCode.js';
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

/** The identity of a DID the role has just created (all keys generated, none given as a commitment). */
export function identityOf(created: CreatedDid): RoleIdentity {
  const vm = created.keys.verificationMethods[0];
  const { update, recovery } = created.keys;
  if (vm === undefined || update === undefined || recovery === undefined) {
    throw new TypeError('expected a DID created with its keys');
  }
  return { did: created.did, vmId: vm.id, purposes: [...vm.purposes], key: vm.keyPair, update, recovery };
}

/**
 * Checks the options every anchored role takes (a ledger, an optional clock); misuse is a TypeError.
 *
 * @param where - the method, for the message (e.g. `Business.create`)
 */
export function checkRoleOptions(
  options: unknown,
  where: string,
): asserts options is { ledger: LedgerClient; now?: Clock | (() => Date) | Date } {
  if (!isPlainObject(options)) throw new TypeError(`${where}: expected options`);
  if (typeof (options.ledger as LedgerClient | undefined)?.append !== 'function') {
    throw new TypeError('ledger: expected a LedgerClient');
  }
  toClock(options.now, 'now');
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

/** True when `o` has no members other than `keys` (some may be missing). */
export function hasOnly(o: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(o).every((k) => keys.includes(k));
}

/** A coded `ERR_STATE_INVALID` about the state named `where` (e.g. `business state`). */
export function stateError(where: string, why: string, cause?: unknown): RealDidError<RealNameErrorCode> {
  return fail('ERR_STATE_INVALID', `${where}: ${why}`, undefined, cause);
}

/** Checks the DID of an exported state: a `did:realdid`. */
export function checkStateDid(where: string, did: unknown): asserts did is string {
  if (typeof did !== 'string' || !did.startsWith('did:realdid:'))
    throw stateError(where, 'expected a did:realdid');
}

/** Checks a verification method id of an exported state. */
export function checkStateVmId(where: string, id: unknown): asserts id is string {
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(id))
    throw stateError(where, 'bad verification method id');
}

/**
 * Recomputes a DID from its one verification method and its update and recovery keys, and checks
 * that it is `did`: the keys of a restored state are the ones its DID was created with.
 */
export function checkKeysMakeDid(
  where: string,
  did: string,
  vm: { id: string; purposes: readonly Purpose[]; key: KeyPair },
  update: KeyPair,
  recovery: KeyPair,
): void {
  let recomputed: string;
  try {
    recomputed = createDid({
      publicKeys: [{ id: vm.id, purposes: [...vm.purposes], type: vm.key.type, publicKey: vm.key.publicKey }],
      updateKey: update,
      recoveryKey: recovery,
    }).did;
  } catch (cause) {
    throw stateError(where, 'the keys do not form a DID', cause);
  }
  if (recomputed !== did) throw stateError(where, 'the keys are not the keys of this DID');
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
  const where = `${role} state`;
  const bad = (why: string) => stateError(where, why);
  if (!hasOnly(state, ['v', 'role', 'did', 'verificationMethod', 'updateKey', 'recoveryKey'])) {
    throw bad('unexpected members');
  }
  if (state.v !== 1) throw bad('unsupported version');
  if (state.role !== role)
    throw bad(
      `expected the state of a ${role}, found ${typeof state.role === 'string' ? JSON.stringify(state.role.slice(0, 40)) : typeof state.role}`,
    );
  checkStateDid(where, state.did);
  const vm = state.verificationMethod;
  if (!isPlainObject(vm)) throw bad('expected a verificationMethod');
  checkStateVmId(where, vm.id);
  if (
    !Array.isArray(vm.purposes) ||
    vm.purposes.length === 0 ||
    vm.purposes.some((p) => !PURPOSES.includes(p as Purpose))
  ) {
    throw bad('bad verification method purposes');
  }
  const purposes = [...(vm.purposes as Purpose[])];
  const key = parseKey(vm, `${where} verificationMethod`, ['id', 'purposes']);
  const update = parseKey(state.updateKey, `${where} updateKey`);
  const recovery = parseKey(state.recoveryKey, `${where} recoveryKey`);
  checkKeysMakeDid(where, state.did, { id: vm.id, purposes, key }, update, recovery);
  return { did: state.did, vmId: vm.id, purposes, key, update, recovery };
}
