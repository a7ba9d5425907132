import { TIMED_OUT, withTimeout } from '@realdid/crypto';
import { vcError } from './internal/errors.js';
import type { ResolvedVerificationMethod } from './internal/keys.js';
import { isObject } from './internal/plain.js';
import type { ProofPurposeName } from './internal/purpose.js';

/**
 * Resolves a verification method id (a DID URL) for a proof purpose. It must answer the
 * verification method object (`{ id, type: 'Multikey', controller, publicKeyMultibase }`) only
 * when the DID document authorises it for `purpose`, and throw (or reject) otherwise.
 *
 * `@realdid/did`'s `resolveVerificationMethod(resolver, kid, { purpose })` has this shape once
 * bound to a resolver.
 */
export type VerificationMethodResolver = (
  id: string,
  options: { readonly purpose: ProofPurposeName },
) => Promise<unknown> | unknown;

interface Entry {
  readonly vm: ResolvedVerificationMethod;
  readonly expires: number;
}

const caches = new WeakMap<VerificationMethodResolver, Map<string, Entry>>();
const MAX_ENTRIES = 4096;

/** Checks what a resolver answered. */
function checkVm(v: unknown, id: string): ResolvedVerificationMethod {
  const vm = isObject(v) && isObject(v.verificationMethod) ? v.verificationMethod : v;
  if (!isObject(vm)) throw vcError('ERR_VC_VERIFICATION_METHOD', `could not resolve ${id.slice(0, 200)}`);
  if (vm.id !== id)
    throw vcError('ERR_VC_VERIFICATION_METHOD', 'the resolved verification method has another id');
  if (vm.type !== 'Multikey' || typeof vm.publicKeyMultibase !== 'string') {
    throw vcError('ERR_VC_VERIFICATION_METHOD', 'the verification method is not a Multikey');
  }
  if (typeof vm.controller !== 'string') {
    throw vcError('ERR_VC_VERIFICATION_METHOD', 'the verification method has no controller');
  }
  return Object.freeze({
    id: vm.id,
    type: vm.type,
    controller: vm.controller,
    publicKeyMultibase: vm.publicKeyMultibase,
  });
}

/**
 * Wraps a resolver with a cache (per resolver function, shared by every call that uses it) so the
 * hot path does not resolve the same key twice within `ttlMs`.
 *
 * @internal
 */
export function cachedResolve(
  resolver: VerificationMethodResolver,
  ttlMs: number,
  timeoutMs: number,
): (id: string, purpose: ProofPurposeName) => Promise<ResolvedVerificationMethod> {
  let cache = caches.get(resolver);
  if (cache === undefined) {
    cache = new Map();
    caches.set(resolver, cache);
  }
  const c = cache;
  return async (id, purpose) => {
    const key = `${purpose} ${id}`;
    const now = Date.now();
    const hit = c.get(key);
    if (hit !== undefined && hit.expires > now) return hit.vm;
    let answer: unknown;
    try {
      answer = await withTimeout(resolver(id, { purpose }), timeoutMs);
    } catch (e) {
      throw vcError('ERR_VC_VERIFICATION_METHOD', `could not resolve ${id.slice(0, 200)} for ${purpose}`, e);
    }
    if (answer === TIMED_OUT) {
      throw vcError(
        'ERR_VC_VERIFICATION_METHOD',
        `${id.slice(0, 200)} was not resolved within ${timeoutMs} ms`,
      );
    }
    const vm = checkVm(answer, id);
    if (ttlMs > 0) {
      if (c.size >= MAX_ENTRIES) {
        const first = c.keys().next();
        if (!first.done) c.delete(first.value);
      }
      c.set(key, { vm, expires: now + ttlMs });
    }
    return vm;
  };
}
