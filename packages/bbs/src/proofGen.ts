import { createProof, type ProofGenOptions } from './internal/createProof.js';
import { calculateRandomScalars } from './internal/random.js';

export type { ProofGenOptions } from './internal/createProof.js';

/**
 * ProofGen of draft-irtf-cfrg-bbs-signatures: a fresh zero-knowledge proof that the holder knows a
 * valid signature over all `messages` under `header`, revealing only the messages at
 * `disclosedIndexes` and bound to `presentationHeader` (a verifier nonce). Two proofs of the same
 * signature are unlinkable. The signature is not checked here; verify it once when received.
 *
 * Options: `publicKey` (96 bytes), `signature` (80 bytes), `header`, `presentationHeader`,
 * `messages` (all signed messages, in order), `disclosedIndexes` (strictly ascending),
 * `ciphersuite` (default `BLS12-381-SHAKE-256`), `maxMessages` (default 1024).
 *
 * @param options - see {@link ProofGenOptions}
 * @returns the proof: 272 + 32 * (number of undisclosed messages) bytes
 * @throws `ERR_BBS_PUBLIC_KEY_INVALID`, `ERR_BBS_SIGNATURE_MALFORMED`, `ERR_BBS_LIMIT`;
 *   TypeError / RangeError on misuse (indexes not ascending or out of range)
 * @example
 * ```ts
 * import { generateKeyPair, proofGen, proofVerify, sign } from '@realdid/bbs';
 * const { secretKey, publicKey } = generateKeyPair();
 * const messages = ['name=Alice', 'age>18', 'city=Paris'].map((s) => new TextEncoder().encode(s));
 * const signature = sign({ secretKey, publicKey, messages });
 * const presentationHeader = new TextEncoder().encode('nonce-from-site');
 * const proof = proofGen({ publicKey, signature, messages, disclosedIndexes: [1], presentationHeader });
 * proofVerify({ publicKey, proof, presentationHeader, disclosedMessages: [messages[1]!], disclosedIndexes: [1] });
 * ```
 */
export function proofGen(options: ProofGenOptions): Uint8Array {
  return createProof(options, calculateRandomScalars);
}
