import type { KeyPair, KeyType } from '@realdid/crypto';
import {
  finish,
  multikeyOf,
  nextKey,
  type OperationSigner,
  operationTarget,
  type PublicKeyInput,
  type ServiceInput,
  toPublicKeyEntry,
  toServiceEntry,
  withProof,
} from './internal/build.js';
import { describe } from './internal/errors.js';
import { commitmentOf } from './internal/hash.js';
import { ID_PATTERN, MAX_PATCHES } from './internal/limits.js';
import type { BuiltOperation, Patch, UpdateOperation } from './Operation.js';

/** A patch as given to {@link updateDid}: keys may be given as bytes. */
export type PatchInput =
  | { action: 'add-keys'; publicKeys: PublicKeyInput[] }
  | { action: 'remove-keys'; ids: string[] }
  | { action: 'add-services'; services: ServiceInput[] }
  | { action: 'remove-services'; ids: string[] };

/** Options of {@link updateDid}. */
export interface UpdateDidOptions {
  /** The DID (short or long form). */
  did: string;
  /** The hash of the operation this one follows: the current `versionId` of the DID. */
  previous: string;
  /** The current update key (the one the DID committed to). */
  updateKey: OperationSigner;
  /** The patches, applied in order. */
  patches: PatchInput[];
  /** The next update key (default: a fresh key of `nextUpdateKeyType`)… */
  nextUpdateKey?: KeyPair;
  /** …or only its commitment. */
  nextUpdateCommitment?: string;
  /** Type of a generated next update key (default: the type of `updateKey`). */
  nextUpdateKeyType?: KeyType;
}

/** What {@link updateDid} returns. */
export interface UpdatedDid extends BuiltOperation<UpdateOperation> {
  /** The next update key: keep it, the following update must be signed with it. */
  nextUpdateKey: KeyPair | undefined;
  nextUpdateCommitment: string;
}

function toPatch(p: unknown, where: string): Patch {
  if (p === null || typeof p !== 'object')
    throw new TypeError(`${where}: expected an object, found ${describe(p)}`);
  const o = p as Record<string, unknown>;
  const list = (v: unknown, w: string): unknown[] => {
    if (!Array.isArray(v) || v.length === 0) throw new TypeError(`${w}: expected a non-empty array`);
    return v;
  };
  switch (o.action) {
    case 'add-keys':
      return {
        action: 'add-keys',
        publicKeys: list(o.publicKeys, `${where}.publicKeys`).map((k, i) =>
          toPublicKeyEntry(k, `${where}.publicKeys[${i}]`),
        ),
      };
    case 'add-services':
      return {
        action: 'add-services',
        services: list(o.services, `${where}.services`).map((s, i) =>
          toServiceEntry(s, `${where}.services[${i}]`),
        ),
      };
    case 'remove-keys':
    case 'remove-services':
      return {
        action: o.action,
        ids: list(o.ids, `${where}.ids`).map((id, i) => {
          if (typeof id !== 'string' || !ID_PATTERN.test(id))
            throw new TypeError(`${where}.ids[${i}]: expected an id`);
          return id;
        }),
      };
    default:
      throw new TypeError(`${where}.action: expected add-keys, remove-keys, add-services or remove-services`);
  }
}

/**
 * Builds and signs an update operation: reveals the current update key, commits to the next one,
 * and applies patches (add or remove keys and services). Publish it with {@link publishOperation}.
 *
 * @param options - the DID, the previous version, the update key, the patches, the next key
 * @returns the signed operation, its payload, hash and topic, and the next update key to keep
 * @throws TypeError / RangeError on malformed options
 * @example
 * ```ts
 * import { createDid, updateDid } from '@realdid/did';
 * const created = createDid();
 * const update = updateDid({
 *   did: created.did,
 *   previous: created.suffix,
 *   updateKey: created.keys.update!,
 *   patches: [{ action: 'add-services', services: [{ id: 'hub', type: 'Hub', serviceEndpoint: 'https://hub.example' }] }],
 * });
 * update.nextUpdateKey !== undefined; // keep it for the next update
 * ```
 */
export function updateDid(options: UpdateDidOptions): UpdatedDid {
  const { suffix, shortForm, previous, signer } = operationTarget(options, 'updateKey');
  if (
    !Array.isArray(options.patches) ||
    options.patches.length === 0 ||
    options.patches.length > MAX_PATCHES
  ) {
    throw new TypeError(`patches: expected 1-${MAX_PATCHES} patches`);
  }
  const patches = options.patches.map((p, i) => toPatch(p, `patches[${i}]`));
  const next = nextKey(
    options.nextUpdateKey,
    options.nextUpdateCommitment,
    options.nextUpdateKeyType,
    signer.type,
    'nextUpdateKey',
  );
  const updateKey = multikeyOf(signer);
  if (next.commitment === commitmentOf(updateKey))
    throw new TypeError('nextUpdateKey: must differ from updateKey');
  const op = withProof<UpdateOperation>(
    { type: 'update', did: suffix, previous, updateKey, nextUpdateCommitment: next.commitment, patches },
    signer,
  );
  return {
    ...finish(op, suffix, shortForm),
    nextUpdateKey: next.keyPair,
    nextUpdateCommitment: next.commitment,
  };
}
