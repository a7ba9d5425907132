import type { Ciphersuite } from '../Ciphersuite.js';
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
} from './assert.js';
import { decodePublicKey, decodeSignature } from './codec.js';
import { apiOf, generatorsOf, messagesToScalars, proveScalars } from './core.js';
import type { RandomScalars } from './random.js';

/** Options of ProofGen (see `proofGen`). */
export interface ProofGenOptions {
  publicKey: Uint8Array;
  signature: Uint8Array;
  header?: Uint8Array;
  presentationHeader?: Uint8Array;
  messages: readonly Uint8Array[];
  disclosedIndexes: readonly number[];
  ciphersuite?: Ciphersuite;
  maxMessages?: number;
}

/** ProofGen with an explicit source of random scalars (the draft's mocked scalars in tests). */
export function createProof(options: ProofGenOptions, random: RandomScalars): Uint8Array {
  assertOptions(options, 'proofGen');
  const ciphersuite = ciphersuiteOption(options.ciphersuite);
  assertBytes(options.publicKey, 'publicKey');
  assertBytes(options.signature, 'signature');
  const header = optionalBytes(options.header, 'header');
  const ph = optionalBytes(options.presentationHeader, 'presentationHeader');
  const messages = bytesArray(options.messages, 'messages');
  checkCount(messages.length, maxMessagesOption(options.maxMessages));
  const disclosed = indexesOption(options.disclosedIndexes, messages.length, false);
  const undisclosed = complement(disclosed, messages.length);
  decodePublicKey(options.publicKey);
  const sig = decodeSignature(options.signature);
  const api = apiOf(ciphersuite);
  const gens = generatorsOf(api, messages.length);
  const scalars = messagesToScalars(api, messages);
  const r = random(5 + undisclosed.length);
  return proveScalars(api, options.publicKey, sig, gens, r, header, ph, scalars, disclosed, undisclosed);
}
