import type { Ciphersuite } from './Ciphersuite.js';
import {
  assertBytes,
  assertOptions,
  bytesArray,
  checkCount,
  ciphersuiteOption,
  complement,
  indexesOption,
  maxMessagesOption,
  optionalBytes,
} from './internal/assert.js';
import { decodePublicKey } from './internal/codec.js';
import {
  apiOf,
  decodeProof,
  generatorsOf,
  messagesToScalars,
  proofChallenge,
  proofPairingCheck,
  proofVerifyInit,
  undisclosedCount,
} from './internal/core.js';
import { bbsError } from './internal/errors.js';

/** Options of {@link proofVerify}. */
export interface ProofVerifyOptions {
  /** The signer's 96-byte public key. */
  publicKey: Uint8Array;
  /** The proof. */
  proof: Uint8Array;
  /** The header of the signature (empty when absent). */
  header?: Uint8Array;
  /** The presentation header the proof must be bound to (the verifier's nonce; empty when absent). */
  presentationHeader?: Uint8Array;
  /** The disclosed messages, in the order of their indexes. */
  disclosedMessages: readonly Uint8Array[];
  /** Their indexes among all signed messages, strictly ascending. */
  disclosedIndexes: readonly number[];
  /** `BLS12-381-SHAKE-256` (default) or `BLS12-381-SHA-256`. */
  ciphersuite?: Ciphersuite;
  /** The most messages (disclosed + hidden) accepted (default 1024). */
  maxMessages?: number;
}

/**
 * ProofVerify of draft-irtf-cfrg-bbs-signatures: checks that the prover knows a signature of the
 * public key's holder over a list of messages that has the disclosed messages at the disclosed
 * indexes, under `header`, and that the proof was made for `presentationHeader`.
 *
 * @param options - see {@link ProofVerifyOptions}
 * @returns `true` (only when the proof verifies)
 * @throws `ERR_BBS_PUBLIC_KEY_INVALID`, `ERR_BBS_PROOF_MALFORMED`, `ERR_BBS_INDEXES_INVALID`,
 *   `ERR_BBS_LIMIT`, `ERR_BBS_PROOF_INVALID`; TypeError on wrong-typed input
 * @example
 * ```ts
 * import { generateKeyPair, proofGen, proofVerify, sign } from '@realdid/bbs';
 * const { secretKey, publicKey } = generateKeyPair();
 * const messages = [new TextEncoder().encode('a'), new TextEncoder().encode('b')];
 * const signature = sign({ secretKey, messages });
 * const proof = proofGen({ publicKey, signature, messages, disclosedIndexes: [0] });
 * proofVerify({ publicKey, proof, disclosedMessages: [messages[0]!], disclosedIndexes: [0] }); // true
 * ```
 */
export function proofVerify(options: ProofVerifyOptions): true {
  assertOptions(options, 'proofVerify');
  const ciphersuite = ciphersuiteOption(options.ciphersuite);
  assertBytes(options.publicKey, 'publicKey');
  assertBytes(options.proof, 'proof');
  const header = optionalBytes(options.header, 'header');
  const ph = optionalBytes(options.presentationHeader, 'presentationHeader');
  const disclosedMessages = bytesArray(options.disclosedMessages, 'disclosedMessages');
  const max = maxMessagesOption(options.maxMessages);
  const proofBytes = options.proof;
  const L = disclosedMessages.length + undisclosedCount(proofBytes.length);
  checkCount(L, max);
  const disclosed = indexesOption(options.disclosedIndexes, L, true);
  if (disclosed.length !== disclosedMessages.length) {
    throw bbsError(
      'ERR_BBS_INDEXES_INVALID',
      `expected one index per disclosed message (${disclosedMessages.length}), found ${disclosed.length}`,
    );
  }
  const W = decodePublicKey(options.publicKey);
  const proof = decodeProof(proofBytes);
  const api = apiOf(ciphersuite);
  const gens = generatorsOf(api, L);
  const scalars = messagesToScalars(api, disclosedMessages);
  const undisclosed = complement(disclosed, L);
  const init = proofVerifyInit(api, options.publicKey, proof, gens, header, disclosed, scalars, undisclosed);
  if (proofChallenge(api, init, disclosed, scalars, ph) !== proof.c) {
    throw bbsError('ERR_BBS_PROOF_INVALID', 'the proof challenge does not match');
  }
  if (!proofPairingCheck(W, proof)) {
    throw bbsError('ERR_BBS_PROOF_INVALID', 'the proof pairing check fails');
  }
  return true;
}
