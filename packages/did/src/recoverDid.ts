import type { KeyPair, KeyType } from '@realdid/crypto';
import type { GeneratedKeyOptions, VerificationKey } from './createDid.js';
import {
  buildContent,
  finish,
  multikeyOf,
  nextKey,
  type OperationSigner,
  operationTarget,
  type PublicKeyInput,
  type ServiceInput,
  withProof,
} from './internal/build.js';
import { commitmentOf } from './internal/hash.js';
import type { BuiltOperation, RecoverOperation } from './Operation.js';

/** Options of {@link recoverDid}. */
export interface RecoverDidOptions {
  /** The DID (short or long form). */
  did: string;
  /**
   * The `versionId` the recovery follows: the DID's current one, or any version since the last
   * recovery (or the create). A recovery applies whatever updates were appended after the
   * version it names, so one built on a head that a thief has since moved past still applies.
   */
  previous: string;
  /** The current recovery key. */
  recoveryKey: OperationSigner;
  /** New verification keys to generate (default: one Ed25519 `key-1` unless `publicKeys` is given). */
  keys?: GeneratedKeyOptions[];
  /** New verification keys held by the caller. */
  publicKeys?: PublicKeyInput[];
  /** The new services. */
  services?: ServiceInput[];
  /** The next update key (default: fresh, of `nextUpdateKeyType`, Ed25519 by default) or its commitment. */
  nextUpdateKey?: KeyPair;
  nextUpdateCommitment?: string;
  nextUpdateKeyType?: KeyType;
  /** The next recovery key (default: fresh, of the current recovery key's type) or its commitment. */
  nextRecoveryKey?: KeyPair;
  nextRecoveryCommitment?: string;
  nextRecoveryKeyType?: KeyType;
}

/** What {@link recoverDid} returns. */
export interface RecoveredDid extends BuiltOperation<RecoverOperation> {
  keys: {
    verificationMethods: VerificationKey[];
    update: KeyPair | undefined;
    recovery: KeyPair | undefined;
  };
  nextUpdateCommitment: string;
  nextRecoveryCommitment: string;
}

/**
 * Builds and signs a recover operation: signed by the current recovery key, it replaces the whole
 * document and both commitments. The answer to a lost or stolen update key.
 *
 * @param options - the DID, the previous version, the recovery key, the new content and keys
 * @returns the signed operation and the new keys to keep
 * @throws TypeError / RangeError on malformed options
 * @example
 * ```ts
 * import { createDid, recoverDid } from '@realdid/did';
 * const created = createDid();
 * const rec = recoverDid({ did: created.did, previous: created.suffix, recoveryKey: created.keys.recovery! });
 * rec.keys.recovery !== undefined; // the new recovery key
 * ```
 */
export function recoverDid(options: RecoverDidOptions): RecoveredDid {
  const { suffix, shortForm, previous, signer } = operationTarget(options, 'recoveryKey');
  const { publicKeys, services, generated } = buildContent(options);
  const nextUpdate = nextKey(
    options.nextUpdateKey,
    options.nextUpdateCommitment,
    options.nextUpdateKeyType,
    'Ed25519',
    'nextUpdateKey',
  );
  const nextRecovery = nextKey(
    options.nextRecoveryKey,
    options.nextRecoveryCommitment,
    options.nextRecoveryKeyType,
    signer.type,
    'nextRecoveryKey',
  );
  const recoveryKey = multikeyOf(signer);
  if (nextRecovery.commitment === commitmentOf(recoveryKey))
    throw new TypeError('nextRecoveryKey: must differ from recoveryKey');
  if (nextUpdate.commitment === commitmentOf(recoveryKey))
    throw new TypeError(
      'nextUpdateKey: must differ from recoveryKey (a revealed key is never committed again)',
    );
  if (nextRecovery.commitment === nextUpdate.commitment)
    throw new TypeError('the next update and recovery keys must differ');
  const op = withProof<RecoverOperation>(
    {
      type: 'recover',
      did: suffix,
      previous,
      recoveryKey,
      nextRecoveryCommitment: nextRecovery.commitment,
      nextUpdateCommitment: nextUpdate.commitment,
      document: { publicKeys, services },
    },
    signer,
  );
  return {
    ...finish(op, suffix, shortForm),
    keys: { verificationMethods: generated, update: nextUpdate.keyPair, recovery: nextRecovery.keyPair },
    nextUpdateCommitment: nextUpdate.commitment,
    nextRecoveryCommitment: nextRecovery.commitment,
  };
}
