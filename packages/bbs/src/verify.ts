import type { Ciphersuite } from './Ciphersuite.js';
import {
  assertBytes,
  assertOptions,
  bytesArray,
  checkCount,
  ciphersuiteOption,
  maxMessagesOption,
  optionalBytes,
} from './internal/assert.js';
import { decodePublicKey, decodeSignature } from './internal/codec.js';
import { apiOf, coreVerify, generatorsOf, messagesToScalars } from './internal/core.js';
import { bbsError } from './internal/errors.js';

/** Options of {@link verify}. */
export interface VerifyOptions {
  /** The signer's 96-byte public key. */
  publicKey: Uint8Array;
  /** The 80-byte signature. */
  signature: Uint8Array;
  /** The header the signature was made with (empty when absent). */
  header?: Uint8Array;
  /** All signed messages, in order. */
  messages: readonly Uint8Array[];
  /** `BLS12-381-SHAKE-256` (default) or `BLS12-381-SHA-256`. */
  ciphersuite?: Ciphersuite;
  /** The most messages accepted (default 1024). */
  maxMessages?: number;
}

/**
 * Verify of draft-irtf-cfrg-bbs-signatures: checks that the public key's holder signed exactly
 * these messages, in this order, under this header. One multi-scalar multiplication and one
 * two-pairing product with a shared final exponentiation.
 *
 * @param options - public key, signature, header, messages, ciphersuite
 * @returns `true` (only when the signature verifies)
 * @throws `ERR_BBS_PUBLIC_KEY_INVALID`, `ERR_BBS_SIGNATURE_MALFORMED`, `ERR_BBS_LIMIT`,
 *   `ERR_BBS_SIGNATURE_INVALID`; TypeError on wrong-typed input
 * @example
 * ```ts
 * import { generateKeyPair, sign, verify } from '@realdid/bbs';
 * const { secretKey, publicKey } = generateKeyPair();
 * const messages = [new TextEncoder().encode('a')];
 * verify({ publicKey, signature: sign({ secretKey, messages }), messages }); // true
 * ```
 */
export function verify(options: VerifyOptions): true {
  assertOptions(options, 'verify');
  const ciphersuite = ciphersuiteOption(options.ciphersuite);
  assertBytes(options.publicKey, 'publicKey');
  assertBytes(options.signature, 'signature');
  const header = optionalBytes(options.header, 'header');
  const messages = bytesArray(options.messages, 'messages');
  checkCount(messages.length, maxMessagesOption(options.maxMessages));
  const W = decodePublicKey(options.publicKey);
  const sig = decodeSignature(options.signature);
  const api = apiOf(ciphersuite);
  const scalars = messagesToScalars(api, messages);
  if (!coreVerify(api, W, options.publicKey, sig, generatorsOf(api, messages.length), header, scalars)) {
    throw bbsError(
      'ERR_BBS_SIGNATURE_INVALID',
      'the signature does not verify for these messages and header',
    );
  }
  return true;
}
