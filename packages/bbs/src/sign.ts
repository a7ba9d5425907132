import type { Ciphersuite } from './Ciphersuite.js';
import {
  assertBytes,
  assertOptions,
  bytesArray,
  checkCount,
  ciphersuiteOption,
  maxMessagesOption,
  optionalBytes,
  secretKeyScalar,
} from './internal/assert.js';
import { apiOf, coreSign, generatorsOf, messagesToScalars } from './internal/core.js';
import { skToPk } from './skToPk.js';

/** Options of {@link sign}. */
export interface SignOptions {
  /** The signer's 32-byte secret key. */
  secretKey: Uint8Array;
  /** The signer's 96-byte public key; derived from the secret key when absent. */
  publicKey?: Uint8Array;
  /** Application data bound into the signature and every proof (empty when absent). */
  header?: Uint8Array;
  /** The messages, in order. */
  messages: readonly Uint8Array[];
  /** `BLS12-381-SHAKE-256` (default) or `BLS12-381-SHA-256`. */
  ciphersuite?: Ciphersuite;
  /** The most messages accepted (default 1024). */
  maxMessages?: number;
}

/**
 * Sign of draft-irtf-cfrg-bbs-signatures: a deterministic 80-byte signature (A || e) over the
 * header and the ordered messages.
 *
 * @param options - key, header, messages, ciphersuite
 * @returns the 80-byte signature
 * @throws TypeError / RangeError on misuse; `ERR_BBS_LIMIT` over `maxMessages`
 * @example
 * ```ts
 * import { generateKeyPair, sign, verify } from '@realdid/bbs';
 * const { secretKey, publicKey } = generateKeyPair();
 * const messages = [new TextEncoder().encode('name=Alice'), new TextEncoder().encode('age>18')];
 * const signature = sign({ secretKey, publicKey, messages });
 * verify({ publicKey, signature, messages }); // true
 * ```
 */
export function sign(options: SignOptions): Uint8Array {
  assertOptions(options, 'sign');
  const ciphersuite = ciphersuiteOption(options.ciphersuite);
  const sk = secretKeyScalar(options.secretKey);
  const pk = options.publicKey ?? skToPk(options.secretKey);
  assertBytes(pk, 'publicKey');
  const header = optionalBytes(options.header, 'header');
  const messages = bytesArray(options.messages, 'messages');
  checkCount(messages.length, maxMessagesOption(options.maxMessages));
  const api = apiOf(ciphersuite);
  return coreSign(api, sk, pk, generatorsOf(api, messages.length), header, messagesToScalars(api, messages));
}
