import { ownScalar } from './internal/nym.js';
import { type ProofGenWithNymOptions, proofGenWithNymUsing } from './internal/nymOps.js';
import { calculateRandomScalars } from './internal/random.js';

/** Options of `proofGenWithNymLinked`: those of `proofGenWithNym` plus the blindings to fix. */
export interface ProofGenWithNymLinkedOptions extends ProofGenWithNymOptions {
  /**
   * For some undisclosed signer messages (index into `messages`), the 32-byte scalar m~ to use as
   * that message's proof blinding instead of a fresh random one. The proof's response for the
   * message is then m^ = m~ + c·m, which lets the caller run a second Sigma protocol on the same
   * hidden message with the same challenge (put its commitments into the presentation header).
   * Each blinding must be fresh, secret and uniformly random, and used for one proof only.
   */
  linkedBlindings: readonly { index: number; blinding: Uint8Array }[];
}

/**
 * ProofGenWithNym (draft-irtf-cfrg-bbs-per-verifier-linkability-03) with caller-chosen blindings
 * for some undisclosed signer messages, for composing another Sigma protocol on those messages
 * (equality of a hidden message with a value used elsewhere). The proof is an ordinary
 * ProofGenWithNym proof: `proofVerifyWithNym` verifies it, and nothing in it shows that a blinding
 * was chosen by the caller. Use `proofResponses` on the verifier side to read m^ and c.
 *
 * @param options - as `proofGenWithNym`, plus `linkedBlindings`
 * @returns the proof and the 48-byte pseudonym
 * @throws as `proofGenWithNym`; RangeError for an index that is disclosed, repeated or out of range
 * @example
 * ```ts
 * // see docs/unlinkable-mode.md: the trace token's ElGamal proof shares the handle's m~ and c
 * ```
 */
export function proofGenWithNymLinked(options: ProofGenWithNymLinkedOptions): {
  proof: Uint8Array;
  pseudonym: Uint8Array;
} {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('proofGenWithNymLinked: expected an options object');
  }
  const linked = options.linkedBlindings;
  if (!Array.isArray(linked)) throw new TypeError('linkedBlindings: expected an array');
  const L = Array.isArray(options.messages) ? options.messages.length : 0;
  const disclosed = new Set<number>(Array.isArray(options.disclosedIndexes) ? options.disclosedIndexes : []);
  const fixed = new Map<number, bigint>();
  const seen = new Set<number>();
  for (const [n, item] of linked.entries()) {
    if (typeof item !== 'object' || item === null)
      throw new TypeError(`linkedBlindings[${n}]: expected an object`);
    const { index } = item;
    if (!Number.isSafeInteger(index) || index < 0 || index >= L || disclosed.has(index) || seen.has(index)) {
      throw new RangeError(`linkedBlindings[${n}].index: expected a distinct undisclosed message index`);
    }
    seen.add(index);
    // position of the message among the undisclosed scalars (signer messages come first)
    let k = 0;
    for (let i = 0; i < index; i++) if (!disclosed.has(i)) k++;
    fixed.set(k, ownScalar(item.blinding, `linkedBlindings[${n}].blinding`));
  }
  const { linkedBlindings: _unused, ...rest } = options;
  return proofGenWithNymUsing(rest, (count) => {
    const r = calculateRandomScalars(count);
    for (const [k, v] of fixed) r[5 + k] = v;
    return r;
  });
}
