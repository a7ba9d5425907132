import type { Ciphersuite } from '../Ciphersuite.js';
import {
  assertBytes,
  assertOptions,
  blindDisclosed,
  bytesArray,
  checkCount,
  ciphersuiteOption,
  complement,
  maxMessagesOption,
  optionalBytes,
  secretKeyScalar,
} from './assert.js';
import {
  blindGeneratorsOf,
  committedCount,
  coreCommit,
  finalizeBlindSign,
  verifyCommitment,
} from './blind.js';
import { i2osp } from './bytes.js';
import { decodePublicKey, decodeScalar, decodeSignature } from './codec.js';
import {
  coreVerify,
  decodeProof,
  generatorsOf,
  proofChallenge,
  proofPairingCheck,
  proofVerifyInit,
  proveScalars,
  undisclosedCount,
} from './core.js';
import { Fr, R, SCALAR_LEN } from './curve.js';
import { bbsError } from './errors.js';
import { msm } from './msm.js';
import {
  combinedHeader,
  contextPoint,
  decodePseudonym,
  messagesToScalars,
  nymApi,
  nymChallengeParts,
  nymLayout,
  ownScalar,
  polyEval,
} from './nym.js';
import type { RandomScalars } from './random.js';

const scalarBytes = (s: bigint) => i2osp(s, SCALAR_LEN);

function ownScalars(value: unknown, name: string): bigint[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new TypeError(`${name}: expected a non-empty array of 32-byte scalars`);
  }
  return value.map((s, i) => ownScalar(s, `${name}[${i}]`));
}

/** Options of CommitWithNym. */
export interface CommitWithNymOptions {
  /** Messages the prover wants signed without showing them to the signer. */
  committedMessages?: readonly Uint8Array[];
  /** The prover's part of the nym secrets: 32-byte scalars (one is usual). */
  proverNyms: readonly Uint8Array[];
  ciphersuite?: Ciphersuite;
}

/** The result of CommitWithNym. */
export interface CommitWithNymResult {
  /** Send to the signer (with the number of prover nyms). */
  commitmentWithProof: Uint8Array;
  /** Keep secret: needed to verify the signature and to make proofs. */
  secretProverBlind: Uint8Array;
}

export function commitWithNymUsing(
  options: CommitWithNymOptions,
  random: RandomScalars,
): CommitWithNymResult {
  assertOptions(options, 'commitWithNym');
  const api = nymApi(ciphersuiteOption(options.ciphersuite));
  const committed = bytesArray(options.committedMessages ?? [], 'committedMessages');
  const nyms = ownScalars(options.proverNyms, 'proverNyms');
  const scalars = [...messagesToScalars(api, committed), ...nyms];
  const gens = blindGeneratorsOf(api, scalars.length);
  const r = random(scalars.length + 2);
  const out = coreCommit(api, scalars, gens, r);
  return {
    commitmentWithProof: out.commitmentWithProof,
    secretProverBlind: scalarBytes(out.secretProverBlind),
  };
}

/** Options of BlindSignWithNym. */
export interface BlindSignWithNymOptions {
  secretKey: Uint8Array;
  publicKey?: Uint8Array;
  /** From the prover's `commitWithNym`. */
  commitmentWithProof: Uint8Array;
  /** The number of prover nyms committed (length_nym_vector), sent by the prover with the commitment. */
  nymCount: number;
  /** The signer's entropy added to the last nym secret; fresh random when absent. */
  signerNymEntropy?: Uint8Array;
  header?: Uint8Array;
  /** The signer's own messages. */
  messages?: readonly Uint8Array[];
  ciphersuite?: Ciphersuite;
  maxMessages?: number;
}

export function blindSignWithNymUsing(
  options: BlindSignWithNymOptions,
  pkOf: (sk: Uint8Array) => Uint8Array,
  random: RandomScalars,
): { signature: Uint8Array; signerNymEntropy: Uint8Array } {
  assertOptions(options, 'blindSignWithNym');
  const api = nymApi(ciphersuiteOption(options.ciphersuite));
  const sk = secretKeyScalar(options.secretKey);
  const pk = options.publicKey ?? pkOf(options.secretKey);
  assertBytes(pk, 'publicKey');
  assertBytes(options.commitmentWithProof, 'commitmentWithProof');
  const N = options.nymCount;
  if (!Number.isSafeInteger(N) || N < 1) throw new TypeError('nymCount: expected a positive integer');
  const entropy =
    options.signerNymEntropy === undefined
      ? random(1)[0]!
      : ownScalar(options.signerNymEntropy, 'signerNymEntropy');
  const header = optionalBytes(options.header, 'header');
  const messages = bytesArray(options.messages ?? [], 'messages');
  const max = maxMessagesOption(options.maxMessages);
  const M = committedCount(options.commitmentWithProof); // committed messages + nyms
  checkCount(messages.length + M + 1, max);
  if (M < N) {
    throw bbsError(
      'ERR_BBS_COMMITMENT_MALFORMED',
      `the commitment holds ${M} scalars, fewer than nymCount ${N}`,
    );
  }
  const blindGens = blindGeneratorsOf(api, M);
  const C = verifyCommitment(api, options.commitmentWithProof, blindGens);
  const gens = generatorsOf(api, messages.length);
  const commitment = C.add(blindGens[blindGens.length - 1]!.multiply(entropy));
  const signature = finalizeBlindSign(
    api,
    sk,
    pk,
    gens,
    blindGens,
    combinedHeader(header, N),
    messagesToScalars(api, messages),
    commitment,
  );
  return { signature, signerNymEntropy: scalarBytes(entropy) };
}

/** Options of VerifyFinalizeWithNym. */
export interface VerifyFinalizeWithNymOptions {
  publicKey: Uint8Array;
  signature: Uint8Array;
  header?: Uint8Array;
  messages?: readonly Uint8Array[];
  committedMessages?: readonly Uint8Array[];
  proverNyms: readonly Uint8Array[];
  /** As returned by the signer. */
  signerNymEntropy: Uint8Array;
  secretProverBlind: Uint8Array;
  ciphersuite?: Ciphersuite;
  maxMessages?: number;
}

export function verifyFinalizeWithNymImpl(options: VerifyFinalizeWithNymOptions): Uint8Array[] {
  assertOptions(options, 'verifyFinalizeWithNym');
  const api = nymApi(ciphersuiteOption(options.ciphersuite));
  assertBytes(options.publicKey, 'publicKey');
  assertBytes(options.signature, 'signature');
  assertBytes(options.signerNymEntropy, 'signerNymEntropy');
  const header = optionalBytes(options.header, 'header');
  const messages = bytesArray(options.messages ?? [], 'messages');
  const committed = bytesArray(options.committedMessages ?? [], 'committedMessages');
  const nyms = ownScalars(options.proverNyms, 'proverNyms');
  const blind = ownScalar(options.secretProverBlind, 'secretProverBlind');
  checkCount(messages.length + committed.length + nyms.length + 1, maxMessagesOption(options.maxMessages));
  const entropy =
    options.signerNymEntropy.length === SCALAR_LEN ? decodeScalar(options.signerNymEntropy, 0) : undefined;
  if (entropy === undefined) {
    throw bbsError('ERR_BBS_SIGNATURE_MALFORMED', 'signerNymEntropy is not a 32-byte scalar in [1, r-1]');
  }
  const W = decodePublicKey(options.publicKey);
  const sig = decodeSignature(options.signature);
  const nymSecrets = [...nyms];
  nymSecrets[nymSecrets.length - 1] = Fr.add(nymSecrets[nymSecrets.length - 1]!, entropy);
  const gens = nymLayout(api, messages.length, committed.length, nyms.length);
  const scalars = [
    ...messagesToScalars(api, messages),
    blind,
    ...messagesToScalars(api, committed),
    ...nymSecrets,
  ];
  if (!coreVerify(api, W, options.publicKey, sig, gens, combinedHeader(header, nyms.length), scalars)) {
    throw bbsError('ERR_BBS_SIGNATURE_INVALID', 'the blind signature does not verify');
  }
  return nymSecrets.map(scalarBytes);
}

/** Options of ProofGenWithNym. */
export interface ProofGenWithNymOptions {
  publicKey: Uint8Array;
  signature: Uint8Array;
  header?: Uint8Array;
  presentationHeader?: Uint8Array;
  /** From `verifyFinalizeWithNym`. */
  nymSecrets: readonly Uint8Array[];
  /** The verifier's context (its identifier): the pseudonym is constant per context. */
  contextId: Uint8Array;
  messages?: readonly Uint8Array[];
  committedMessages?: readonly Uint8Array[];
  disclosedIndexes?: readonly number[];
  disclosedCommittedIndexes?: readonly number[];
  secretProverBlind: Uint8Array;
  ciphersuite?: Ciphersuite;
  maxMessages?: number;
}

export function proofGenWithNymUsing(
  options: ProofGenWithNymOptions,
  random: RandomScalars,
): { proof: Uint8Array; pseudonym: Uint8Array } {
  assertOptions(options, 'proofGenWithNym');
  const api = nymApi(ciphersuiteOption(options.ciphersuite));
  assertBytes(options.publicKey, 'publicKey');
  assertBytes(options.signature, 'signature');
  assertBytes(options.contextId, 'contextId');
  const header = optionalBytes(options.header, 'header');
  const ph = optionalBytes(options.presentationHeader, 'presentationHeader');
  const messages = bytesArray(options.messages ?? [], 'messages');
  const committed = bytesArray(options.committedMessages ?? [], 'committedMessages');
  const nymSecrets = ownScalars(options.nymSecrets, 'nymSecrets');
  const blind = ownScalar(options.secretProverBlind, 'secretProverBlind');
  const L = messages.length;
  const M = committed.length;
  const N = nymSecrets.length;
  checkCount(L + M + N + 1, maxMessagesOption(options.maxMessages));
  const disclosed = blindDisclosed(options, L, M);
  decodePublicKey(options.publicKey);
  const sig = decodeSignature(options.signature);
  const total = L + 1 + M + N;
  const undisclosed = complement(disclosed, total);
  const gens = nymLayout(api, L, M, N);
  const scalars = [
    ...messagesToScalars(api, messages),
    blind,
    ...messagesToScalars(api, committed),
    ...nymSecrets,
  ];
  const r = random(5 + undisclosed.length);
  const { OP, z } = contextPoint(api, options.contextId);
  const pseudonym = OP.multiply(polyEval(nymSecrets, z));
  const Ut = OP.multiply(polyEval(r.slice(r.length - N), z));
  const parts = nymChallengeParts(pseudonym, Ut, options.contextId);
  const header2 = combinedHeader(header, N);
  const proof = proveScalars(
    api,
    options.publicKey,
    sig,
    gens,
    r,
    header2,
    ph,
    scalars,
    disclosed,
    undisclosed,
    parts,
  );
  return { proof, pseudonym: pseudonym.toBytes(true) };
}

/** Options of ProofVerifyWithNym. */
export interface ProofVerifyWithNymOptions {
  publicKey: Uint8Array;
  proof: Uint8Array;
  /** The pseudonym sent with the proof. */
  pseudonym: Uint8Array;
  /** The verifier's own context id. */
  contextId: Uint8Array;
  /** The number of nym secrets (length_nym_vector) the signature was issued with. */
  nymCount: number;
  /** The number of signer messages (L) the signature was issued with. */
  messageCount: number;
  header?: Uint8Array;
  presentationHeader?: Uint8Array;
  disclosedMessages?: readonly Uint8Array[];
  disclosedIndexes?: readonly number[];
  disclosedCommittedMessages?: readonly Uint8Array[];
  disclosedCommittedIndexes?: readonly number[];
  ciphersuite?: Ciphersuite;
  maxMessages?: number;
}

export function proofVerifyWithNymImpl(options: ProofVerifyWithNymOptions): true {
  assertOptions(options, 'proofVerifyWithNym');
  const api = nymApi(ciphersuiteOption(options.ciphersuite));
  assertBytes(options.publicKey, 'publicKey');
  assertBytes(options.proof, 'proof');
  assertBytes(options.pseudonym, 'pseudonym');
  assertBytes(options.contextId, 'contextId');
  const header = optionalBytes(options.header, 'header');
  const ph = optionalBytes(options.presentationHeader, 'presentationHeader');
  const dm = bytesArray(options.disclosedMessages ?? [], 'disclosedMessages');
  const dcm = bytesArray(options.disclosedCommittedMessages ?? [], 'disclosedCommittedMessages');
  const N = options.nymCount;
  const L = options.messageCount;
  if (!Number.isSafeInteger(N) || N < 1) throw new TypeError('nymCount: expected a positive integer');
  if (!Number.isSafeInteger(L) || L < 0) throw new TypeError('messageCount: expected a non-negative integer');
  const total = dm.length + dcm.length + undisclosedCount(options.proof.length);
  checkCount(total, maxMessagesOption(options.maxMessages));
  const M = total - L - 1 - N;
  if (M < 0) {
    throw bbsError(
      'ERR_BBS_INDEXES_INVALID',
      `the proof covers ${total} scalars, fewer than ${L} messages + the prover blind + ${N} nym secrets`,
    );
  }
  const disclosed = blindDisclosed(options, L, M, [dm.length, dcm.length]);
  const W = decodePublicKey(options.publicKey);
  const pseudonym = decodePseudonym(options.pseudonym);
  const proof = decodeProof(options.proof);
  const undisclosed = complement(disclosed, total);
  const gens = nymLayout(api, L, M, N);
  const scalars = [...messagesToScalars(api, dm), ...messagesToScalars(api, dcm)];
  const init = proofVerifyInit(
    api,
    options.publicKey,
    proof,
    gens,
    combinedHeader(header, N),
    disclosed,
    scalars,
    undisclosed,
  );
  const { OP, z } = contextPoint(api, options.contextId);
  const nymHats = proof.mHat.slice(proof.mHat.length - N);
  const Uv = msm([OP, pseudonym], [polyEval(nymHats, z), R - proof.c]);
  if (Uv.is0()) throw bbsError('ERR_BBS_PROOF_INVALID', 'the pseudonym proof commitment is the identity');
  const parts = nymChallengeParts(pseudonym, Uv, options.contextId);
  if (proofChallenge(api, init, disclosed, scalars, ph, parts.extra, parts.trailer) !== proof.c) {
    throw bbsError(
      'ERR_BBS_PROOF_INVALID',
      'the proof challenge does not match (proof, messages or pseudonym)',
    );
  }
  if (!proofPairingCheck(W, proof)) throw bbsError('ERR_BBS_PROOF_INVALID', 'the proof pairing check fails');
  return true;
}
