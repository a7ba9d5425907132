import {
  base64urlEncode,
  createVerifier,
  DEFAULT_TIMEOUT_MS,
  isRealDidError,
  keyTypeForAlgorithm,
  TIMED_OUT,
  type Verifier,
  withTimeout,
} from '@realdid/crypto';
import type { StatusListKeyRequest, StatusListKeyResolver } from '../StatusListKeyResolver.js';
import { statusError } from './errors.js';

const verifiers = new Map<string, Verifier>();

function verifierFor(type: Parameters<typeof createVerifier>[0], publicKey: Uint8Array): Verifier {
  const id = `${type}:${base64urlEncode(publicKey)}`;
  let v = verifiers.get(id);
  if (v === undefined) {
    v = createVerifier(type, publicKey);
    if (verifiers.size >= 256) verifiers.delete(verifiers.keys().next().value!);
    verifiers.set(id, v);
  }
  return v;
}

/** Resolves the key through the caller's resolver and checks a JWS signature. */
export async function verifyJwsSignature(
  resolveKey: StatusListKeyResolver,
  request: StatusListKeyRequest,
  signingInput: Uint8Array,
  signature: Uint8Array,
  timeoutMs: number = DEFAULT_TIMEOUT_MS,
): Promise<void> {
  let keyType: ReturnType<typeof keyTypeForAlgorithm>;
  try {
    // SM2 has two names in use; the one in the header is the one to accept here
    keyType = keyTypeForAlgorithm(
      request.alg,
      request.alg === 'SM2SM3' ? { sm2Algorithm: 'SM2SM3' } : undefined,
    );
  } catch (err) {
    throw statusError('ERR_STATUS_LIST_ALG', `alg ${JSON.stringify(request.alg)} is not allowed`, err);
  }
  let key: Awaited<ReturnType<StatusListKeyResolver>> | typeof TIMED_OUT;
  try {
    key = await withTimeout(resolveKey(request), timeoutMs);
  } catch (err) {
    throw statusError('ERR_STATUS_LIST_KEY', `no key for the status list ${request.uri}`, err);
  }
  if (key === TIMED_OUT) {
    throw statusError(
      'ERR_STATUS_LIST_KEY',
      `the key resolver gave no key for the status list ${request.uri} within ${timeoutMs} ms`,
    );
  }
  if (
    key === undefined ||
    key === null ||
    typeof key !== 'object' ||
    !(key.publicKey instanceof Uint8Array)
  ) {
    throw statusError('ERR_STATUS_LIST_KEY', `no key for the status list ${request.uri}`);
  }
  if (key.type !== keyType) {
    throw statusError(
      'ERR_STATUS_LIST_ALG',
      `alg ${request.alg} does not match the resolved ${key.type} key`,
    );
  }
  let verifier: Verifier;
  try {
    verifier = verifierFor(key.type, key.publicKey);
  } catch (err) {
    if (!isRealDidError(err) && !(err instanceof TypeError) && !(err instanceof RangeError)) throw err;
    throw statusError('ERR_STATUS_LIST_KEY', 'the resolved key is malformed', err);
  }
  if (!verifier.verify(signingInput, signature)) {
    throw statusError(
      'ERR_STATUS_LIST_SIGNATURE',
      `the signature of the status list ${request.uri} does not verify`,
    );
  }
}
