/** DID helpers over a ledger: resolution through `@realdid/did`, key lookup by purpose. */
import {
  createResolutionCache,
  type Purpose,
  type ResolutionCache,
  resolveDid,
  resolveVerificationMethod,
} from '@realdid/did';
import type { LedgerClient } from '@realdid/ledger';
import type { RealNameErrorCode } from '../RealNameErrorCode.js';
import { fail } from './errors.js';

/** What `resolveVerificationMethod` takes. */
export type DidResolvable = Parameters<typeof resolveVerificationMethod>[0];

/** A resolver over one ledger (main network), with a resolution cache. */
export function ledgerResolver(
  ledger: LedgerClient,
  cache: ResolutionCache = createResolutionCache(),
): DidResolvable {
  return {
    resolve: (didUrl: string) => resolveDid(didUrl, { networks: { main: ledger }, cache }),
  } as DidResolvable;
}

/**
 * Finds the key `kid` of its DID with the given purpose, of one of `types` (Ed25519 only by
 * default; the gm profile asks for SM2); coded error `code` otherwise.
 */
export async function didKey(
  resolver: DidResolvable,
  kid: string,
  purpose: Purpose,
  code: RealNameErrorCode,
  types: readonly ('Ed25519' | 'SM2')[] = ['Ed25519'],
): Promise<{ publicKey: Uint8Array; did: string; id: string; type: 'Ed25519' | 'SM2' }> {
  try {
    const vm = await resolveVerificationMethod(resolver, kid, { purpose });
    if (!(types as readonly string[]).includes(vm.type))
      throw fail(code, `expected an ${types.join(' or ')} key, found ${vm.type}`);
    return {
      publicKey: vm.publicKey,
      did: vm.controller,
      id: vm.id,
      type: vm.type as 'Ed25519' | 'SM2',
    };
  } catch (cause) {
    if ((cause as { code?: string }).code === code) throw cause;
    throw fail(code, `cannot use key ${kid.slice(0, 80)} for ${purpose}`, undefined, cause);
  }
}

/** The DID part of a DID URL (before `#`). */
export function didOf(kid: string): string {
  const i = kid.indexOf('#');
  return i < 0 ? kid : kid.slice(0, i);
}
