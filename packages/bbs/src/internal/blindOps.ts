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
import { bytesToNumberBE, i2osp } from './bytes.js';
import { decodePublicKey, decodeSignature } from './codec.js';
import {
  type Api,
  apiOf,
  coreVerify,
  decodeProof,
  type Generators,
  generatorsOf,
  messagesToScalars,
  proofChallenge,
  proofPairingCheck,
  proofVerifyInit,
  proveScalars,
  undisclosedCount,
} from './core.js';
import { G1, R, SCALAR_LEN } from './curve.js';
import { bbsError } from './errors.js';
import type { RandomScalars } from './random.js';

/** The blind interface of draft-irtf-cfrg-bbs-blind-signatures-02: api_id = ciphersuite_id || "BLIND_H2G_HM2S_". */
export function blindApi(name: Ciphersuite): Api {
  return apiOf(name, 'BLIND_H2G_HM2S_');
}

/** Generators of a blind signature: H_1..H_L, then Q2, J_1..J_M. */
function layout(api: Api, L: number, M: number): Generators {
  const g = generatorsOf(api, L);
  return { Q1: g.Q1, H: [...g.H, ...blindGeneratorsOf(api, M)] };
}

/** The secret prover blind: 32 bytes in [0, r-1] (0 when there was no commitment); RangeError otherwise. */
function proverBlind(value: unknown): bigint {
  if (value === undefined) return 0n;
  if (!(value instanceof Uint8Array)) throw new TypeError('secretProverBlind: expected a Uint8Array');
  if (value.length !== SCALAR_LEN) throw new RangeError('secretProverBlind: expected 32 bytes');
  const s = bytesToNumberBE(value);
  if (s >= R) throw new RangeError('secretProverBlind: expected a scalar below r');
  return s;
}

export interface BlindCommitOptions {
  /** The messages to have signed without showing them to the signer. */
  committedMessages?: readonly Uint8Array[];
  ciphersuite?: Ciphersuite;
}

export function blindCommitUsing(
  options: BlindCommitOptions,
  random: RandomScalars,
): { commitmentWithProof: Uint8Array; secretProverBlind: Uint8Array } {
  assertOptions(options, 'blindCommit');
  const api = blindApi(ciphersuiteOption(options.ciphersuite));
  const committed = bytesArray(options.committedMessages ?? [], 'committedMessages');
  const scalars = messagesToScalars(api, committed);
  const out = coreCommit(api, scalars, blindGeneratorsOf(api, scalars.length), random(scalars.length + 2));
  return {
    commitmentWithProof: out.commitmentWithProof,
    secretProverBlind: i2osp(out.secretProverBlind, SCALAR_LEN),
  };
}

export interface BlindSignOptions {
  secretKey: Uint8Array;
  publicKey?: Uint8Array;
  /** From the prover's `blindCommit`; absent for a signature with no committed messages. */
  commitmentWithProof?: Uint8Array;
  header?: Uint8Array;
  /** The signer's own messages. */
  messages?: readonly Uint8Array[];
  ciphersuite?: Ciphersuite;
  maxMessages?: number;
}

export function blindSignImpl(options: BlindSignOptions, pkOf: (sk: Uint8Array) => Uint8Array): Uint8Array {
  assertOptions(options, 'blindSign');
  const api = blindApi(ciphersuiteOption(options.ciphersuite));
  const sk = secretKeyScalar(options.secretKey);
  const pk = options.publicKey ?? pkOf(options.secretKey);
  assertBytes(pk, 'publicKey');
  const header = optionalBytes(options.header, 'header');
  const messages = bytesArray(options.messages ?? [], 'messages');
  const cwp = optionalBytes(options.commitmentWithProof, 'commitmentWithProof');
  const M = cwp.length === 0 ? 0 : committedCount(cwp);
  checkCount(messages.length + M + 1, maxMessagesOption(options.maxMessages));
  const blindGens = blindGeneratorsOf(api, M);
  const C = cwp.length === 0 ? G1.ZERO : verifyCommitment(api, cwp, blindGens);
  return finalizeBlindSign(
    api,
    sk,
    pk,
    generatorsOf(api, messages.length),
    blindGens,
    header,
    messagesToScalars(api, messages),
    C,
  );
}

export interface BlindVerifyOptions {
  publicKey: Uint8Array;
  signature: Uint8Array;
  header?: Uint8Array;
  messages?: readonly Uint8Array[];
  committedMessages?: readonly Uint8Array[];
  /** From `blindCommit`; absent when the signature was made without a commitment. */
  secretProverBlind?: Uint8Array;
  ciphersuite?: Ciphersuite;
  maxMessages?: number;
}

export function blindVerifyImpl(options: BlindVerifyOptions): true {
  assertOptions(options, 'blindVerify');
  const api = blindApi(ciphersuiteOption(options.ciphersuite));
  assertBytes(options.publicKey, 'publicKey');
  assertBytes(options.signature, 'signature');
  const header = optionalBytes(options.header, 'header');
  const messages = bytesArray(options.messages ?? [], 'messages');
  const committed = bytesArray(options.committedMessages ?? [], 'committedMessages');
  const blind = proverBlind(options.secretProverBlind);
  checkCount(messages.length + committed.length + 1, maxMessagesOption(options.maxMessages));
  const W = decodePublicKey(options.publicKey);
  const sig = decodeSignature(options.signature);
  const gens = layout(api, messages.length, committed.length);
  const scalars = [...messagesToScalars(api, messages), blind, ...messagesToScalars(api, committed)];
  if (!coreVerify(api, W, options.publicKey, sig, gens, header, scalars)) {
    throw bbsError('ERR_BBS_SIGNATURE_INVALID', 'the blind signature does not verify');
  }
  return true;
}

export interface BlindProofGenOptions {
  publicKey: Uint8Array;
  signature: Uint8Array;
  header?: Uint8Array;
  presentationHeader?: Uint8Array;
  messages?: readonly Uint8Array[];
  committedMessages?: readonly Uint8Array[];
  disclosedIndexes?: readonly number[];
  disclosedCommittedIndexes?: readonly number[];
  secretProverBlind?: Uint8Array;
  ciphersuite?: Ciphersuite;
  maxMessages?: number;
}

export function blindProofGenUsing(options: BlindProofGenOptions, random: RandomScalars): Uint8Array {
  assertOptions(options, 'blindProofGen');
  const api = blindApi(ciphersuiteOption(options.ciphersuite));
  assertBytes(options.publicKey, 'publicKey');
  assertBytes(options.signature, 'signature');
  const header = optionalBytes(options.header, 'header');
  const ph = optionalBytes(options.presentationHeader, 'presentationHeader');
  const messages = bytesArray(options.messages ?? [], 'messages');
  const committed = bytesArray(options.committedMessages ?? [], 'committedMessages');
  const blind = proverBlind(options.secretProverBlind);
  const L = messages.length;
  const M = committed.length;
  checkCount(L + M + 1, maxMessagesOption(options.maxMessages));
  const disclosed = blindDisclosed(options, L, M);
  decodePublicKey(options.publicKey);
  const sig = decodeSignature(options.signature);
  const undisclosed = complement(disclosed, L + 1 + M);
  const gens = layout(api, L, M);
  const scalars = [...messagesToScalars(api, messages), blind, ...messagesToScalars(api, committed)];
  const r = random(5 + undisclosed.length);
  return proveScalars(api, options.publicKey, sig, gens, r, header, ph, scalars, disclosed, undisclosed);
}

export interface BlindProofVerifyOptions {
  publicKey: Uint8Array;
  proof: Uint8Array;
  header?: Uint8Array;
  presentationHeader?: Uint8Array;
  /** The number of signer messages (L) the signature was made over. */
  messageCount: number;
  disclosedMessages?: readonly Uint8Array[];
  disclosedIndexes?: readonly number[];
  disclosedCommittedMessages?: readonly Uint8Array[];
  disclosedCommittedIndexes?: readonly number[];
  ciphersuite?: Ciphersuite;
  maxMessages?: number;
}

export function blindProofVerifyImpl(options: BlindProofVerifyOptions): true {
  assertOptions(options, 'blindProofVerify');
  const api = blindApi(ciphersuiteOption(options.ciphersuite));
  assertBytes(options.publicKey, 'publicKey');
  assertBytes(options.proof, 'proof');
  const header = optionalBytes(options.header, 'header');
  const ph = optionalBytes(options.presentationHeader, 'presentationHeader');
  const dm = bytesArray(options.disclosedMessages ?? [], 'disclosedMessages');
  const dcm = bytesArray(options.disclosedCommittedMessages ?? [], 'disclosedCommittedMessages');
  const L = options.messageCount;
  if (!Number.isSafeInteger(L) || L < 0) throw new TypeError('messageCount: expected a non-negative integer');
  const total = dm.length + dcm.length + undisclosedCount(options.proof.length);
  checkCount(total, maxMessagesOption(options.maxMessages));
  const M = total - L - 1;
  if (M < 0) {
    throw bbsError(
      'ERR_BBS_INDEXES_INVALID',
      `the proof covers ${total} scalars, fewer than ${L} messages + the prover blind`,
    );
  }
  const disclosed = blindDisclosed(options, L, M, [dm.length, dcm.length]);
  const W = decodePublicKey(options.publicKey);
  const proof = decodeProof(options.proof);
  const undisclosed = complement(disclosed, total);
  const gens = layout(api, L, M);
  const scalars = [...messagesToScalars(api, dm), ...messagesToScalars(api, dcm)];
  const init = proofVerifyInit(api, options.publicKey, proof, gens, header, disclosed, scalars, undisclosed);
  if (proofChallenge(api, init, disclosed, scalars, ph) !== proof.c) {
    throw bbsError('ERR_BBS_PROOF_INVALID', 'the proof challenge does not match');
  }
  if (!proofPairingCheck(W, proof)) throw bbsError('ERR_BBS_PROOF_INVALID', 'the proof pairing check fails');
  return true;
}
