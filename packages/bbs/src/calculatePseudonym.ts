import type { Ciphersuite } from './Ciphersuite.js';
import { assertBytes, assertOptions, ciphersuiteOption } from './internal/assert.js';
import { contextPoint, nymApi, ownScalar, polyEval } from './internal/nym.js';

/** Options of {@link calculatePseudonym}. */
export interface CalculatePseudonymOptions {
  /** The context (a verifier's identifier) the pseudonym is scoped to. */
  contextId: Uint8Array;
  /** The nym secrets (32-byte scalars) returned by `verifyFinalizeWithNym`. */
  nymSecrets: readonly Uint8Array[];
  /** `BLS12-381-SHAKE-256` (default) or `BLS12-381-SHA-256`. */
  ciphersuite?: Ciphersuite;
}

/**
 * The pseudonym of draft-irtf-cfrg-bbs-per-verifier-linkability-03 §4:
 * OP * sum(nym_secrets[i] * z^i) with OP = hash_to_curve_g1(context_id) and z =
 * hash_to_scalar(context_id). The same secrets give the same pseudonym in one context and
 * unlinkable ones across contexts. `proofGenWithNym` returns the same value with its proof.
 *
 * @param options - context id, nym secrets, ciphersuite
 * @returns the 48-byte compressed pseudonym
 * @throws TypeError / RangeError on misuse (a nym secret that is not a 32-byte scalar in [1, r-1])
 * @example
 * ```ts
 * import { calculatePseudonym } from '@realdid/bbs';
 * const nym = calculatePseudonym({
 *   contextId: new TextEncoder().encode('https://rp.example'),
 *   nymSecrets: [new Uint8Array(32).fill(7)],
 * });
 * ```
 */
export function calculatePseudonym(options: CalculatePseudonymOptions): Uint8Array {
  assertOptions(options, 'calculatePseudonym');
  const api = nymApi(ciphersuiteOption(options.ciphersuite));
  assertBytes(options.contextId, 'contextId');
  if (!Array.isArray(options.nymSecrets) || options.nymSecrets.length === 0) {
    throw new TypeError('nymSecrets: expected a non-empty array of 32-byte scalars');
  }
  const secrets = options.nymSecrets.map((s, i) => ownScalar(s, `nymSecrets[${i}]`));
  const { OP, z } = contextPoint(api, options.contextId);
  return OP.multiply(polyEval(secrets, z)).toBytes(true);
}
