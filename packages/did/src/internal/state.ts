import { base64urlDecode, type KeyType, utf8Encode, verify } from '@realdid/crypto';
import { canonicalize } from '../canonicalize.js';
import type {
  CreateOperation,
  DidOperation,
  DocumentContent,
  PublicKeyEntry,
  ServiceEntry,
} from '../Operation.js';
import { didError } from './errors.js';
import { commitmentOf } from './hash.js';
import { decodeMultikey } from './multikey.js';
import { checkContent, type ParsedOperation, parseOperationBytes } from './validate.js';

/** The state of a DID after some operations. Never mutated once built. */
export interface DidState {
  suffix: string;
  network: string | undefined;
  content: DocumentContent;
  updateCommitment: string | undefined;
  recoveryCommitment: string | undefined;
  deactivated: boolean;
}

/** One applied operation: its hash (versionId), ledger time, and the state after it. */
export interface Version {
  id: string;
  time: string | undefined;
  state: DidState;
}

/** An entry to fold: payload and ledger time. */
export interface FoldEntry {
  payload: Uint8Array;
  time: string;
}

export function stateFromCreate(op: CreateOperation, suffix: string): DidState {
  return {
    suffix,
    network: op.network,
    content: op.document,
    updateCommitment: op.updateCommitment,
    recoveryCommitment: op.recoveryCommitment,
    deactivated: false,
  };
}

/** The bytes an operation's proof signs: JCS of the operation without `proof`. */
export function signingInput(op: Record<string, unknown>): Uint8Array {
  const { proof: _proof, ...rest } = op;
  return utf8Encode(canonicalize(rest));
}

function checkProof(op: DidOperation & { proof: string }, multikey: string): void {
  const key = decodeMultikey(multikey);
  let sig: Uint8Array;
  try {
    sig = base64urlDecode(op.proof);
  } catch (cause) {
    throw didError('ERR_DID_OPERATION_INVALID', `${op.type}.proof: not base64url`, cause);
  }
  const message = signingInput(op as unknown as Record<string, unknown>);
  // ECDSA: low-S only, so that one operation has one valid proof (and one hash)
  const ok =
    key.type === 'Ed25519'
      ? verify('Ed25519', key.publicKey, message, sig)
      : verify(key.type as KeyType, key.publicKey, message, sig, { lowS: true });
  if (!ok)
    throw didError(
      'ERR_DID_SIGNATURE_INVALID',
      `${op.type}: the proof does not verify under the revealed key`,
    );
}

/**
 * Applies one parsed operation to a state whose head is `head`. Returns the new state, or throws a
 * coded error saying why the operation is not a valid successor.
 */
export function applyOperation(state: DidState, head: string, parsed: ParsedOperation): DidState {
  const op = parsed.op;
  if (op.type === 'create') throw didError('ERR_DID_PREVIOUS_MISMATCH', 'create: the DID already exists');
  if (op.did !== state.suffix) throw didError('ERR_DID_SUFFIX_MISMATCH', `${op.type}: names another DID`);
  if (op.previous !== head)
    throw didError('ERR_DID_PREVIOUS_MISMATCH', `${op.type}: previous is not the current head`);
  if (state.deactivated) throw didError('ERR_DID_DEACTIVATED', `${op.type}: the DID is deactivated`);
  if (op.type === 'update') {
    const revealed = commitmentOf(op.updateKey);
    if (revealed !== state.updateCommitment) {
      throw didError('ERR_DID_COMMITMENT_MISMATCH', 'update: updateKey is not the committed update key');
    }
    if (op.nextUpdateCommitment === revealed) {
      throw didError(
        'ERR_DID_COMMITMENT_MISMATCH',
        'update: nextUpdateCommitment commits to the revealed key again',
      );
    }
    let keys: PublicKeyEntry[] = state.content.publicKeys;
    let services: ServiceEntry[] = state.content.services;
    for (const p of op.patches) {
      if (p.action === 'add-keys') {
        for (const k of p.publicKeys) {
          if (keys.some((x) => x.id === k.id) || services.some((x) => x.id === k.id)) {
            throw didError('ERR_DID_OPERATION_INVALID', `update: add-keys: id "${k.id}" exists`);
          }
          keys = [...keys, k];
        }
      } else if (p.action === 'add-services') {
        for (const s of p.services) {
          if (keys.some((x) => x.id === s.id) || services.some((x) => x.id === s.id)) {
            throw didError('ERR_DID_OPERATION_INVALID', `update: add-services: id "${s.id}" exists`);
          }
          services = [...services, s];
        }
      } else if (p.action === 'remove-keys') {
        for (const id of p.ids) {
          if (!keys.some((x) => x.id === id))
            throw didError('ERR_DID_OPERATION_INVALID', `update: remove-keys: no key "${id}"`);
          keys = keys.filter((x) => x.id !== id);
        }
      } else {
        for (const id of p.ids) {
          if (!services.some((x) => x.id === id)) {
            throw didError('ERR_DID_OPERATION_INVALID', `update: remove-services: no service "${id}"`);
          }
          services = services.filter((x) => x.id !== id);
        }
      }
    }
    checkContent(keys, services);
    checkProof(op, op.updateKey);
    return { ...state, content: { publicKeys: keys, services }, updateCommitment: op.nextUpdateCommitment };
  }
  const revealed = commitmentOf(op.recoveryKey);
  if (revealed !== state.recoveryCommitment) {
    throw didError(
      'ERR_DID_COMMITMENT_MISMATCH',
      `${op.type}: recoveryKey is not the committed recovery key`,
    );
  }
  if (op.type === 'recover') {
    if (op.nextRecoveryCommitment === revealed) {
      throw didError(
        'ERR_DID_COMMITMENT_MISMATCH',
        'recover: nextRecoveryCommitment commits to the revealed key again',
      );
    }
    checkProof(op, op.recoveryKey);
    return {
      ...state,
      content: op.document,
      updateCommitment: op.nextUpdateCommitment,
      recoveryCommitment: op.nextRecoveryCommitment,
    };
  }
  checkProof(op, op.recoveryKey);
  return {
    ...state,
    content: { publicKeys: [], services: [] },
    updateCommitment: undefined,
    recoveryCommitment: undefined,
    deactivated: true,
  };
}

/**
 * Tries to parse `bytes` as a create operation hashing to `suffix` on `network`; undefined
 * otherwise (never throws).
 */
export function parseCreate(
  bytes: Uint8Array,
  suffix: string,
  network: string | undefined,
): CreateOperation | undefined {
  let parsed: ParsedOperation;
  try {
    parsed = parseOperationBytes(bytes);
  } catch {
    return undefined;
  }
  if (parsed.op.type !== 'create' || parsed.hash !== suffix || parsed.op.network !== network)
    return undefined;
  return parsed.op;
}

/**
 * Folds a topic: finds the first valid create hashing to the suffix, then applies each later
 * entry that is a valid successor of the current head. Invalid entries are skipped.
 *
 * @returns the applied versions in order; empty when no valid create was found
 */
export function foldHistory(
  suffix: string,
  network: string | undefined,
  entries: readonly FoldEntry[],
): Version[] {
  const versions: Version[] = [];
  let i = 0;
  for (; i < entries.length; i++) {
    const e = entries[i] as FoldEntry;
    const create = parseCreate(e.payload, suffix, network);
    if (create !== undefined) {
      versions.push({ id: suffix, time: e.time, state: stateFromCreate(create, suffix) });
      i++;
      break;
    }
  }
  if (versions.length === 0) return versions;
  let current = versions[0] as Version;
  for (; i < entries.length; i++) {
    if (current.state.deactivated) break;
    const e = entries[i] as FoldEntry;
    let parsed: ParsedOperation;
    try {
      parsed = parseOperationBytes(e.payload);
      const state = applyOperation(current.state, current.id, parsed);
      current = { id: parsed.hash, time: e.time, state };
      versions.push(current);
    } catch {
      // not a valid successor of the head: ignored, as the method says
    }
  }
  return versions;
}
