export type { BackendName } from './backend.js';
export { getBackend, setBackend } from './backend.js';
export { base58btcDecode, base58btcEncode } from './base58btc.js';
export { base64urlDecode, base64urlEncode } from './base64url.js';
export type { CryptoErrorCode } from './CryptoErrorCode.js';
export type { Clock } from './clock.js';
export { readClock, toClock } from './clock.js';
export {
  asciiBytes,
  base64urlDecodeAscii,
  base64urlEncodeRange,
  base64urlEncodeText,
  hashTextBase64url,
} from './codec.js';
export { constantTimeEqual } from './constantTimeEqual.js';
export type { KeyOptions, Signer } from './createSigner.js';
export { createSigner } from './createSigner.js';
export type { Verifier } from './createVerifier.js';
export { createVerifier } from './createVerifier.js';
export { didKeyToPublicKey, publicKeyToDidKey } from './didKey.js';
export { generateKeyPair, getPublicKey, keyPairFromSecretKey } from './generateKeyPair.js';
export type { HashAlgorithm } from './hash.js';
export { hash, sha256, sha384, sha512, sm3 } from './hash.js';
export { hkdf } from './hkdf.js';
export { hmac } from './hmac.js';
export type { JwsSigner } from './JwsSigner.js';
export type { EcJwk, Jwk, OkpJwk } from './jwk.js';
export { jwkToKeyPair, jwkToPublicKey, publicKeyToJwk, secretKeyToJwk } from './jwk.js';
export { jwkThumbprint, jwkThumbprintUri } from './jwkThumbprint.js';
export type { JwsAlgorithm, JwsAlgorithmOptions, KeyPair, KeyType, Sm2JwsAlgorithm } from './KeyType.js';
export { algorithmForKeyType, KEY_TYPES, keyTypeForAlgorithm } from './KeyType.js';
export { keyPairToPkcs8, pkcs8ToKeyPair, publicKeyToSpki, spkiToPublicKey } from './keyDer.js';
export {
  multibaseToPublicKey,
  multibaseToSecretKey,
  publicKeyToMultibase,
  secretKeyToMultibase,
} from './multikey.js';
export type { RealDidErrorOptions } from './RealDidError.js';
export { isRealDidError, RealDidError } from './RealDidError.js';
export { randomBytes } from './randomBytes.js';
export type { SignOptions } from './sign.js';
export { sign } from './sign.js';
export { checkTimeoutMs, DEFAULT_TIMEOUT_MS, TIMED_OUT, withTimeout } from './timeout.js';
export { utf8Decode, utf8Encode } from './utf8.js';
export type { VerifyOptions } from './verify.js';
export { verify } from './verify.js';
