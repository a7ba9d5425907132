import { base58btcDecode, base64urlDecode, type KeyType, sha256, utf8Encode, verify } from '@realdid/crypto';
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
import { MAX_OPERATION_BYTES } from './limits.js';
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

/** An entry to fold: payload, ledger time, and the ledger's id of it (a hint, see foldHistory). */
export interface FoldEntry {
  payload: Uint8Array;
  time: string;
  id?: string;
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
  // ECDSA: low-S only, so that one operation has one valid proof (and one hash). SM2 (spec §3.6):
  // over SM3(Z_A ‖ message) with the default user ID, which `verify` uses when none is given.
  const ok =
    key.type === 'Ed25519' || key.type === 'SM2'
      ? verify(key.type, key.publicKey, message, sig)
      : verify(key.type as KeyType, key.publicKey, message, sig, { lowS: true });
  if (!ok)
    throw didError(
      'ERR_DID_SIGNATURE_INVALID',
      `${op.type}: the proof does not verify under the revealed key`,
    );
}

/**
 * What the fold knows beyond the state (spec §5.1): the operations of the current recovery epoch
 * (the create or the last applied recovery, and every operation applied after it), which a
 * recover or deactivate may name as `previous`; and the commitments of every key revealed so far,
 * which no operation may commit to again.
 */
export interface ChainContext {
  epoch: ReadonlySet<string>;
  revealed: ReadonlySet<string>;
}

function checkNotRevealed(
  ctx: ChainContext | undefined,
  revealedNow: string,
  commitment: string,
  where: string,
): void {
  if (commitment === revealedNow || ctx?.revealed.has(commitment) === true) {
    throw didError('ERR_DID_COMMITMENT_MISMATCH', `${where} commits to a key already revealed`);
  }
}

/**
 * Applies one parsed operation to a state whose head is `head`. Returns the new state, or throws a
 * coded error saying why the operation is not a valid successor. Without `ctx`, the recovery epoch
 * is `{ head }` and no key but the one the operation reveals counts as revealed.
 */
export function applyOperation(
  state: DidState,
  head: string,
  parsed: ParsedOperation,
  ctx?: ChainContext,
): DidState {
  const op = parsed.op;
  if (op.type === 'create') throw didError('ERR_DID_PREVIOUS_MISMATCH', 'create: the DID already exists');
  if (op.did !== state.suffix) throw didError('ERR_DID_SUFFIX_MISMATCH', `${op.type}: names another DID`);
  if (op.type === 'update') {
    if (op.previous !== head)
      throw didError('ERR_DID_PREVIOUS_MISMATCH', 'update: previous is not the current head');
  } else if (op.previous !== head && !(ctx?.epoch.has(op.previous) ?? false)) {
    throw didError(
      'ERR_DID_PREVIOUS_MISMATCH',
      `${op.type}: previous is neither the last recovery (or create) nor an operation applied after it`,
    );
  }
  if (state.deactivated) throw didError('ERR_DID_DEACTIVATED', `${op.type}: the DID is deactivated`);
  if (op.type === 'update') {
    const revealed = commitmentOf(op.updateKey);
    if (revealed !== state.updateCommitment) {
      throw didError('ERR_DID_COMMITMENT_MISMATCH', 'update: updateKey is not the committed update key');
    }
    checkNotRevealed(ctx, revealed, op.nextUpdateCommitment, 'update: nextUpdateCommitment');
    if (op.nextUpdateCommitment === state.recoveryCommitment) {
      throw didError(
        'ERR_DID_COMMITMENT_MISMATCH',
        'update: nextUpdateCommitment equals the recovery commitment',
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
    checkNotRevealed(ctx, revealed, op.nextRecoveryCommitment, 'recover: nextRecoveryCommitment');
    checkNotRevealed(ctx, revealed, op.nextUpdateCommitment, 'recover: nextUpdateCommitment');
    if (op.nextUpdateCommitment === op.nextRecoveryCommitment) {
      throw didError(
        'ERR_DID_COMMITMENT_MISMATCH',
        'recover: nextUpdateCommitment equals nextRecoveryCommitment',
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

/** The budget of one resolution (spec §5.5): entries examined, their bytes, and a deadline. */
export interface FoldBudget {
  maxEntries: number;
  maxBytes: number;
  /** `performance.now()` value after which the fold stops; `Infinity` for none. */
  deadline: number;
}

/** No budget: for tests and callers that bound the input themselves. */
export const NO_BUDGET: FoldBudget = { maxEntries: Infinity, maxBytes: Infinity, deadline: Infinity };

const B58 = '[1-9A-HJ-NP-Za-km-z]';
// The canonical (JCS) form of an operation sorts its members, so the revealed key and `previous`
// sit at fixed places at its end: checked on the last bytes alone, before any parse.
const UPDATE_TAIL = new RegExp(
  `"previous":"(zQm${B58}{44})","proof":"[A-Za-z0-9_-]{86}","type":"update","updateKey":"(z${B58}{1,199})"\\}$`,
);
const RECOVERY_TAIL = new RegExp(
  `"previous":"(zQm${B58}{44})","proof":"[A-Za-z0-9_-]{86}","recoveryKey":"(z${B58}{1,199})","type":"(?:recover|deactivate)"\\}$`,
);
const TAIL_BYTES = 512;
const DEADLINE_EVERY = 256;

function latin1(bytes: Uint8Array): string {
  return String.fromCharCode.apply(null, bytes as unknown as number[]);
}

/** The SHA-256 digest inside a commitment (`zQm…`), or undefined. */
function digestOf(commitment: string | undefined): Uint8Array | undefined {
  if (commitment === undefined) return undefined;
  return base58btcDecode(commitment.slice(1)).subarray(2);
}

/** Whether `commitment(key)` equals the commitment whose digest is `digest`: one SHA-256, no base58. */
function opens(key: string, digest: Uint8Array | undefined): boolean {
  if (digest === undefined) return false;
  const h = sha256(utf8Encode(key));
  for (let i = 0; i < 32; i++) if (h[i] !== digest[i]) return false;
  return true;
}

/** The current commitments of the fold, as digests, for {@link passesScreen}. */
interface ScreenKeys {
  update: Uint8Array | undefined;
  recovery: Uint8Array | undefined;
}

/**
 * The cheap checks of spec §5.1 step 5, on the bytes alone: the payload starts with the DID's
 * `did` member, and its end names a `previous` the operation may follow and reveals the key whose
 * commitment is current (one SHA-256 of the key). Necessary for a valid successor, never
 * sufficient: an entry that passes is then parsed, validated and its proof verified.
 */
function passesScreen(
  payload: Uint8Array,
  prefix: Uint8Array,
  keys: ScreenKeys,
  head: string,
  epoch: ReadonlySet<string>,
): boolean {
  if (payload.length <= prefix.length || payload.length > MAX_OPERATION_BYTES) return false;
  for (let i = 0; i < prefix.length; i++) if (payload[i] !== prefix[i]) return false;
  const tail = latin1(payload.subarray(Math.max(prefix.length, payload.length - TAIL_BYTES)));
  const u = UPDATE_TAIL.exec(tail);
  if (u !== null) return u[1] === head && opens(u[2] as string, keys.update);
  const r = RECOVERY_TAIL.exec(tail);
  if (r !== null) return epoch.has(r[1] as string) && opens(r[2] as string, keys.recovery);
  return false;
}

/** The later of two ledger times (the first when the second is not a valid time). */
function laterTime(a: string | undefined, b: string): string {
  if (a === undefined) return b;
  const tb = Date.parse(b);
  return Number.isNaN(tb) || tb < Date.parse(a) ? a : b;
}

function overBudget(what: string): never {
  throw didError('ERR_DID_RESOLUTION_LIMIT', `resolution stopped: ${what}`);
}

/**
 * Folds a topic: finds the first valid create hashing to the suffix, then applies each later
 * entry that is a valid successor (spec §5.1). Invalid entries are skipped; each entry costs a
 * comparison of its first and last bytes unless it names the DID, a `previous` it may follow and
 * the committed key.
 *
 * @returns the applied versions in order; empty when no valid create was found
 * @throws RealDidError ERR_DID_RESOLUTION_LIMIT when the budget is exhausted
 */
export function foldHistory(
  suffix: string,
  network: string | undefined,
  entries: readonly FoldEntry[],
  budget: FoldBudget = NO_BUDGET,
): Version[] {
  if (entries.length > budget.maxEntries)
    overBudget(`the topic holds ${entries.length} entries, more than the limit of ${budget.maxEntries}`);
  const timed = budget.deadline !== Infinity;
  let bytes = 0;
  const versions: Version[] = [];
  let i = 0;
  for (; i < entries.length; i++) {
    const e = entries[i] as FoldEntry;
    bytes += e.payload.length;
    if (bytes > budget.maxBytes) overBudget(`the topic holds more than ${budget.maxBytes} bytes`);
    if (timed && i % DEADLINE_EVERY === 0 && performance.now() > budget.deadline) overBudget('timeoutMs');
    // The entry id, when the ledger gives one, is a hint only: a ledger that lies about it can
    // only hide the create, which it could do by withholding it.
    if (e.id !== undefined && e.id !== suffix) continue;
    const create = parseCreate(e.payload, suffix, network);
    if (create !== undefined) {
      versions.push({ id: suffix, time: e.time, state: stateFromCreate(create, suffix) });
      i++;
      break;
    }
  }
  if (versions.length === 0) return versions;
  let current = versions[0] as Version;
  const epoch = new Set<string>([suffix]);
  const revealed = new Set<string>();
  const ctx: ChainContext = { epoch, revealed };
  const prefix = utf8Encode(`{"did":"${suffix}",`);
  let keys: ScreenKeys = {
    update: digestOf(current.state.updateCommitment),
    recovery: digestOf(current.state.recoveryCommitment),
  };
  for (; i < entries.length; i++) {
    if (current.state.deactivated) break;
    const e = entries[i] as FoldEntry;
    bytes += e.payload.length;
    if (bytes > budget.maxBytes) overBudget(`the topic holds more than ${budget.maxBytes} bytes`);
    if (timed && i % DEADLINE_EVERY === 0 && performance.now() > budget.deadline) overBudget('timeoutMs');
    if (!passesScreen(e.payload, prefix, keys, current.id, epoch)) continue;
    let parsed: ParsedOperation;
    try {
      parsed = parseOperationBytes(e.payload);
      const state = applyOperation(current.state, current.id, parsed, ctx);
      const op = parsed.op as Exclude<DidOperation, CreateOperation>;
      revealed.add(commitmentOf(op.type === 'update' ? op.updateKey : op.recoveryKey));
      if (op.type === 'recover') epoch.clear();
      epoch.add(parsed.hash);
      // versions take the running maximum of ledger times (spec §5.1 step 6): a ledger whose
      // times go backwards cannot make a later version precede an earlier one in time
      current = { id: parsed.hash, time: laterTime(current.time, e.time), state };
      versions.push(current);
      keys = { update: digestOf(state.updateCommitment), recovery: digestOf(state.recoveryCommitment) };
    } catch {
      // not a valid successor of the head: ignored, as the method says
    }
  }
  return versions;
}
