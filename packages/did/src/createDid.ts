import { base64urlEncode, type KeyPair, type KeyType } from '@realdid/crypto';
import { buildContent, finish, nextKey, type PublicKeyInput, type ServiceInput } from './internal/build.js';
import { describe } from './internal/errors.js';
import { MAX_LONG_FORM_BYTES, NETWORK_PATTERN } from './internal/limits.js';
import type { BuiltOperation, CreateOperation, Purpose } from './Operation.js';

/** A verification key that {@link createDid} generates. */
export interface GeneratedKeyOptions {
  /** Key id (default `key-1`, `key-2`, …). */
  id?: string;
  /** Key type (default Ed25519). */
  type?: KeyType;
  /** Purposes (default: authentication, assertionMethod, capabilityInvocation, capabilityDelegation). */
  purposes?: Purpose[];
}

/** Options of {@link createDid}. */
export interface CreateDidOptions {
  /** The network name; omit for the main network. */
  network?: string;
  /** Verification keys to generate (default: one Ed25519 key `key-1`, unless `publicKeys` is given). */
  keys?: GeneratedKeyOptions[];
  /** Verification keys the caller already holds (public part only). */
  publicKeys?: PublicKeyInput[];
  /** Services of the document. */
  services?: ServiceInput[];
  /** The first update key (default: a fresh key of `updateKeyType`). */
  updateKey?: KeyPair;
  /** Commit to an update key held elsewhere instead (its commitment). */
  updateCommitment?: string;
  /** Type of a generated update key (default Ed25519). */
  updateKeyType?: KeyType;
  /** The first recovery key (default: a fresh key of `recoveryKeyType`). */
  recoveryKey?: KeyPair;
  /** Commit to a recovery key held elsewhere (for instance offline) instead. */
  recoveryCommitment?: string;
  /** Type of a generated recovery key (default Ed25519). */
  recoveryKeyType?: KeyType;
}

/** A generated verification key with its id and purposes. */
export interface VerificationKey {
  id: string;
  purposes: Purpose[];
  keyPair: KeyPair;
}

/** What {@link createDid} returns. The caller must keep the secret keys; nothing is stored. */
export interface CreatedDid extends BuiltOperation<CreateOperation> {
  /** The short form `did:realdid[:<network>]:<suffix>`: valid once anchored. */
  did: string;
  /** The long form, which resolves without any ledger. */
  longFormDid: string;
  /** The suffix: the hash of the create operation and the ledger topic. */
  suffix: string;
  /** The network, undefined for the main network. */
  network: string | undefined;
  /** The keys to keep. `update`/`recovery` are absent when only a commitment was given. */
  keys: {
    verificationMethods: VerificationKey[];
    update: KeyPair | undefined;
    recovery: KeyPair | undefined;
  };
  /** The commitment of the current update key: the next update must reveal that key. */
  updateCommitment: string;
  /** The commitment of the current recovery key. */
  recoveryCommitment: string;
}

/**
 * Builds a did:realdid create operation and the DID it defines. Generates the keys that are not
 * given. Writes nothing anywhere: anchor it with {@link anchorDid}, or use the long form as is.
 *
 * @param options - keys, services, network, update and recovery keys or commitments
 * @returns the DID (short and long form), the operation, its payload and hash, and the keys
 * @throws TypeError / RangeError on malformed options
 * @example
 * ```ts
 * import { createDid } from '@realdid/did';
 * const created = createDid({ services: [{ id: 'site', type: 'LinkedDomains', serviceEndpoint: 'https://example.com' }] });
 * created.did.startsWith('did:realdid:zQm'); // true
 * created.keys.update !== undefined; // keep it: the next update must be signed with it
 * ```
 */
export function createDid(options: CreateDidOptions = {}): CreatedDid {
  if (options === null || typeof options !== 'object')
    throw new TypeError(`options: expected an object, found ${describe(options)}`);
  const { network } = options;
  if (
    network !== undefined &&
    (typeof network !== 'string' || !NETWORK_PATTERN.test(network) || network === 'main')
  ) {
    throw new TypeError('network: expected 1-32 characters a-z 0-9, other than "main"');
  }
  const { publicKeys, services, generated } = buildContent(options);

  const update = nextKey(
    options.updateKey,
    options.updateCommitment,
    options.updateKeyType,
    'Ed25519',
    'updateKey',
  );
  const recovery = nextKey(
    options.recoveryKey,
    options.recoveryCommitment,
    options.recoveryKeyType,
    'Ed25519',
    'recoveryKey',
  );
  if (update.commitment === recovery.commitment)
    throw new TypeError('the update and recovery keys must differ');

  const operation: CreateOperation = {
    type: 'create',
    ...(network === undefined ? {} : { network }),
    document: { publicKeys, services },
    updateCommitment: update.commitment,
    recoveryCommitment: recovery.commitment,
  };
  const built = finish(operation, '');
  if (built.payload.length > MAX_LONG_FORM_BYTES) {
    throw new RangeError(
      `the create operation is ${built.payload.length} bytes; a long form holds at most ${MAX_LONG_FORM_BYTES}`,
    );
  }
  const suffix = built.hash;
  const did = network === undefined ? `did:realdid:${suffix}` : `did:realdid:${network}:${suffix}`;
  return {
    ...built,
    topic: suffix,
    did,
    longFormDid: `${did}:${base64urlEncode(built.payload)}`,
    suffix,
    network,
    keys: { verificationMethods: generated, update: update.keyPair, recovery: recovery.keyPair },
    updateCommitment: update.commitment,
    recoveryCommitment: recovery.commitment,
  };
}
