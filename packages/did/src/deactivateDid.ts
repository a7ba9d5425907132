import { finish, multikeyOf, type OperationSigner, operationTarget, withProof } from './internal/build.js';
import type { BuiltOperation, DeactivateOperation } from './Operation.js';

/** Options of {@link deactivateDid}. */
export interface DeactivateDidOptions {
  /** The DID (short or long form). */
  did: string;
  /**
   * The `versionId` the deactivation follows: the DID's current one, or any version since the
   * last recovery (or the create). It applies whatever updates were appended after that version.
   */
  previous: string;
  /** The current recovery key. */
  recoveryKey: OperationSigner;
}

/**
 * Builds and signs a deactivate operation (signed by the current recovery key). Final: once it
 * applies, the DID resolves with `deactivated: true` and no keys, and nothing applies after it.
 *
 * @param options - the DID, the previous version, the recovery key
 * @returns the signed operation, its payload, hash and topic
 * @throws TypeError on malformed options
 * @example
 * ```ts
 * import { createDid, deactivateDid } from '@realdid/did';
 * const created = createDid();
 * const op = deactivateDid({ did: created.did, previous: created.suffix, recoveryKey: created.keys.recovery! });
 * op.operation.type; // 'deactivate'
 * ```
 */
export function deactivateDid(options: DeactivateDidOptions): BuiltOperation<DeactivateOperation> {
  const { suffix, shortForm, previous, signer } = operationTarget(options, 'recoveryKey');
  const op = withProof<DeactivateOperation>(
    { type: 'deactivate', did: suffix, previous, recoveryKey: multikeyOf(signer) },
    signer,
  );
  return finish(op, suffix, shortForm);
}
