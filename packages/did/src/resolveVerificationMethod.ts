import { isRealDidError } from '@realdid/crypto';
import type { Resolvable, VerificationMethod } from 'did-resolver';
import { findByFragment } from './dereference.js';
import { checkPublicJwk } from './internal/didJwk.js';
import { parseDidUrl, withoutFragment } from './internal/didUrl.js';
import { didError } from './internal/errors.js';
import { type AnyKeyType, decodeMultikey } from './internal/multikey.js';
import { PURPOSES, type Purpose } from './Operation.js';

/** Options of {@link resolveVerificationMethod}. */
export interface ResolveVerificationMethodOptions {
  /** The verification relationship the key must have (for instance `assertionMethod` for an issuer). */
  purpose: Purpose;
}

/** A verification method reduced to what a verifier needs. */
export interface ResolvedVerificationMethod {
  /** `Ed25519`, `P-256`, `secp256k1`, `SM2`, or `X25519` (key agreement only). An SM2 key verifies with the default user ID unless the protocol says otherwise. */
  type: AnyKeyType;
  /** The public key bytes (32 bytes, or 33-byte compressed SEC1). */
  publicKey: Uint8Array;
  /** The absolute verification method id. */
  id: string;
  /** Its controller. */
  controller: string;
}

/**
 * Resolves a key id (a DID URL with a fragment, such as a JWS `kid`) to its public key, checking
 * that the DID document authorises it for `purpose`. For did:key and did:jwk a bare DID is
 * accepted when the document has a single key for the purpose.
 *
 * @param resolver - a did-resolver `Resolver` (or anything with `resolve`)
 * @param kidOrDidUrl - the key id (untrusted)
 * @param options - `purpose`
 * @returns the key type, public key, id and controller
 * @throws TypeError on misuse; RealDidError `ERR_DID_INVALID`, `ERR_DID_RESOLUTION_FAILED`,
 *   `ERR_DID_DEACTIVATED`, `ERR_DID_VERIFICATION_METHOD_NOT_FOUND`, `ERR_DID_PURPOSE_MISMATCH`,
 *   `ERR_DID_KEY_UNSUPPORTED`
 * @example
 * ```ts
 * import { createDid, getResolver, Resolver, resolveVerificationMethod } from '@realdid/did';

 * const { longFormDid } = createDid();
 * const vm = await resolveVerificationMethod(new Resolver(getResolver()), `${longFormDid}#key-1`, { purpose: 'assertionMethod' });
 * vm.type; // 'Ed25519'
 * ```
 */
export async function resolveVerificationMethod(
  resolver: Resolvable,
  kidOrDidUrl: string,
  options: ResolveVerificationMethodOptions,
): Promise<ResolvedVerificationMethod> {
  if (resolver === null || typeof resolver !== 'object' || typeof resolver.resolve !== 'function') {
    throw new TypeError('resolver: expected an object with a resolve function');
  }
  if (typeof kidOrDidUrl !== 'string') throw new TypeError('kidOrDidUrl: expected a string');
  const purpose = options?.purpose;
  if (typeof purpose !== 'string' || !PURPOSES.includes(purpose)) {
    throw new TypeError(`purpose: expected one of ${PURPOSES.join(', ')}`);
  }
  const parts = parseDidUrl(kidOrDidUrl);
  if (parts === null || parts.path !== undefined) throw didError('ERR_DID_INVALID', 'kid: not a DID URL');
  let res: Awaited<ReturnType<Resolvable['resolve']>>;
  try {
    res = await resolver.resolve(withoutFragment(parts));
  } catch (cause) {
    throw didError('ERR_DID_RESOLUTION_FAILED', 'resolution threw', cause);
  }
  // The resolver's result is untrusted data (it may front did:web or a remote resolver): a
  // malformed result or document (null, non-array members, ids that are not strings, throwing
  // getters) used to escape as an uncoded TypeError; it is ERR_DID_RESOLUTION_FAILED.
  try {
    return selectMethod(res, parts, purpose);
  } catch (cause) {
    if (isRealDidError(cause)) throw cause;
    throw didError('ERR_DID_RESOLUTION_FAILED', 'the resolver returned a malformed DID document', cause);
  }
}

function selectMethod(
  res: Awaited<ReturnType<Resolvable['resolve']>>,
  parts: NonNullable<ReturnType<typeof parseDidUrl>>,
  purpose: Purpose,
): ResolvedVerificationMethod {
  if (res === null || typeof res !== 'object') throw new TypeError('not a resolution result');
  const error = res.didResolutionMetadata?.error;
  if (error !== undefined || res.didDocument === null) {
    throw didError(
      error === 'invalidDid' ? 'ERR_DID_INVALID' : 'ERR_DID_RESOLUTION_FAILED',
      `resolution failed: ${String(error ?? 'no document').slice(0, 60)}${
        typeof res.didResolutionMetadata?.message === 'string'
          ? ` (${res.didResolutionMetadata.message.slice(0, 120)})`
          : ''
      }`,
    );
  }
  if (res.didDocumentMetadata?.deactivated === true)
    throw didError('ERR_DID_DEACTIVATED', 'the DID is deactivated');
  const doc = res.didDocument;
  const refs = doc[purpose] ?? [];
  let vm: VerificationMethod | undefined;
  if (parts.fragment !== undefined) {
    const found = findByFragment(doc, parts.fragment);
    if (found === undefined || !('controller' in found)) {
      throw didError(
        'ERR_DID_VERIFICATION_METHOD_NOT_FOUND',
        `no verification method #${parts.fragment.slice(0, 64)}`,
      );
    }
    vm = found as VerificationMethod;
  } else {
    if (parts.method !== 'key' && parts.method !== 'jwk') {
      throw didError('ERR_DID_VERIFICATION_METHOD_NOT_FOUND', 'the key id has no fragment');
    }
    if (refs.length !== 1)
      throw didError('ERR_DID_VERIFICATION_METHOD_NOT_FOUND', `not exactly one ${purpose} key`);
    const only = refs[0] as string | VerificationMethod;
    const id = typeof only === 'string' ? only : only.id;
    vm = doc.verificationMethod?.find((m) => m.id === id) ?? (typeof only === 'object' ? only : undefined);
    if (vm === undefined) throw didError('ERR_DID_VERIFICATION_METHOD_NOT_FOUND', 'dangling reference');
  }
  const vmId = vm.id.startsWith('#') ? `${doc.id}${vm.id}` : vm.id;
  const authorised = refs.some((r) => {
    const id = typeof r === 'string' ? r : r.id;
    return id === vm.id || id === vmId || (id.startsWith('#') && `${doc.id}${id}` === vmId);
  });
  if (!authorised)
    throw didError('ERR_DID_PURPOSE_MISMATCH', `${vmId.slice(0, 200)} is not authorised for ${purpose}`);
  let key: { type: string; publicKey: Uint8Array };
  try {
    if (typeof vm.publicKeyMultibase === 'string') key = decodeMultikey(vm.publicKeyMultibase);
    else if (vm.publicKeyJwk !== undefined) {
      const k = checkPublicJwk(vm.publicKeyJwk);
      if (typeof k === 'string') throw didError('ERR_DID_KEY_UNSUPPORTED', `publicKeyJwk: ${k}`);
      key = k;
    } else
      throw didError(
        'ERR_DID_KEY_UNSUPPORTED',
        'the verification method has no publicKeyMultibase or publicKeyJwk',
      );
  } catch (e) {
    if (isRealDidError(e, 'ERR_DID_KEY_UNSUPPORTED')) throw e;
    throw didError(
      'ERR_DID_KEY_UNSUPPORTED',
      'the verification method holds an unsupported or invalid key',
      e,
    );
  }
  if (typeof vmId !== 'string' || typeof vm.controller !== 'string') {
    throw didError('ERR_DID_RESOLUTION_FAILED', 'the verification method has a malformed id or controller');
  }
  return {
    type: key.type as AnyKeyType,
    publicKey: key.publicKey.slice(),
    id: vmId,
    controller: vm.controller,
  };
}
