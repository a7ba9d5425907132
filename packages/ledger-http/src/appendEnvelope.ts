import { base64urlEncode, utf8Encode } from '@realdid/crypto';
import { entryId, TOPIC_PATTERN } from '@realdid/ledger';

/** The type tag inside the signing input of a signed append, version 1. */
export const APPEND_ENVELOPE_TYPE = 'realdid-append-v1';

/** The JWS algorithms a signed append may use. */
export type AppendAlgorithm = 'EdDSA' | 'ES256' | 'ES256K';

/**
 * The proof that travels with an append to a topic whose writers the gateway checks (status lists,
 * registries, audit logs). It signs the topic and the entry id (the payload's content address), so
 * it cannot be moved to another topic or another payload; replaying it re-appends the same payload,
 * which the ledger de-duplicates.
 */
export interface AppendAuth {
  /** The DID URL of the signing key: a verification method of an allowed writer's DID document. */
  kid: string;
  /** The algorithm, matching the key type (Ed25519 → EdDSA, P-256 → ES256, secp256k1 → ES256K). */
  alg: AppendAlgorithm;
  /** base64url of the signature (raw r‖s for ECDSA) over {@link appendSigningInput}. */
  sig: string;
}

/** Signs appends: a key of a DID document (its DID URL, algorithm and a signing function). */
export interface AppendSigner {
  /** The DID URL of the verification method, e.g. `did:realdid:zQm…#key-1`. */
  readonly kid: string;
  /** The algorithm of the key. */
  readonly alg: AppendAlgorithm;
  /** Signs the message (the bytes of {@link appendSigningInput}); may be asynchronous (an HSM, WebCrypto). */
  sign(message: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/**
 * The bytes a signed append signs: the UTF-8 of the RFC 8785 (JCS) canonical JSON object
 * `{"payload":<entry id>,"topic":<topic>,"typ":"realdid-append-v1"}`. Topic characters and
 * entry ids need no JSON escaping, so the canonical form is this exact string.
 *
 * @param topic - the topic (see `TOPIC_PATTERN`)
 * @param payload - the entry bytes
 * @returns the signing input
 * @throws TypeError when the topic or payload has the wrong type or the topic is malformed
 * @example
 * ```ts
 * import { appendSigningInput } from '@realdid/ledger-http';
 * const bytes = appendSigningInput('status:abc', new TextEncoder().encode('list'));
 * new TextDecoder().decode(bytes).startsWith('{"payload":"z'); // true
 * ```
 */
export function appendSigningInput(topic: string, payload: Uint8Array): Uint8Array {
  if (typeof topic !== 'string' || !TOPIC_PATTERN.test(topic))
    throw new TypeError('topic: expected a topic name (1 to 200 characters of A-Z a-z 0-9 : . _ -)');
  if (!(payload instanceof Uint8Array)) throw new TypeError('payload: expected a Uint8Array');
  return utf8Encode(`{"payload":"${entryId(payload)}","topic":"${topic}","typ":"${APPEND_ENVELOPE_TYPE}"}`);
}

/**
 * Signs an append with the given signer.
 *
 * @param topic - the topic
 * @param payload - the entry bytes
 * @param signer - the writer's key
 * @returns the envelope to send with the append
 * @throws TypeError on misuse
 * @example
 * ```ts
 * import { createSigner, generateKeyPair, publicKeyToDidKey } from '@realdid/crypto';
 * import { signAppend } from '@realdid/ledger-http';
 * const keys = generateKeyPair('Ed25519');
 * const did = publicKeyToDidKey('Ed25519', keys.publicKey);
 * const s = createSigner(keys);
 * const auth = await signAppend('registry', new Uint8Array([1]), {
 *   kid: `${did}#${did.slice(8)}`, alg: 'EdDSA', sign: (m) => s.sign(m),
 * });
 * auth.alg; // 'EdDSA'
 * ```
 */
export async function signAppend(
  topic: string,
  payload: Uint8Array,
  signer: AppendSigner,
): Promise<AppendAuth> {
  if (signer === null || typeof signer !== 'object' || typeof signer.sign !== 'function')
    throw new TypeError('signer: expected an AppendSigner');
  if (typeof signer.kid !== 'string' || !signer.kid.includes('#'))
    throw new TypeError('signer.kid: expected a DID URL with a fragment');
  if (signer.alg !== 'EdDSA' && signer.alg !== 'ES256' && signer.alg !== 'ES256K')
    throw new TypeError('signer.alg: expected EdDSA, ES256 or ES256K');
  const sig = await signer.sign(appendSigningInput(topic, payload));
  if (!(sig instanceof Uint8Array)) throw new TypeError('signer.sign: expected it to return a Uint8Array');
  return { kid: signer.kid, alg: signer.alg, sig: base64urlEncode(sig) };
}
