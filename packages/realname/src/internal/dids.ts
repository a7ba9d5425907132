/** DID helpers over a ledger: resolution through `@realdid/did`, key lookup by purpose. */

import { base58btcEncode, multibaseToPublicKey } from '@realdid/crypto';
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

/** did:key DIDs already read, with their Ed25519 key (a did:key's key is a function of the DID string). */
const didKeyCache = new Map<string, Uint8Array>();
const DID_KEY_CACHE_MAX = 4096;

/**
 * The Ed25519 key of a `did:key` DID when `kid` is its one verification method (`did#<multibase>`,
 * which a did:key document lists for authentication), read from the DID string without building
 * its document: the same checks as resolution (base58btc Multikey, a valid key, the canonical
 * encoding) and an Ed25519 key. Coded error `code` otherwise.
 */
export function didKeyAuthenticationKey(did: string, kid: string, code: RealNameErrorCode): Uint8Array {
  const id = did.slice('did:key:'.length);
  if (!did.startsWith('did:key:') || kid !== `${did}#${id}`) {
    throw fail(code, `cannot use key ${kid.slice(0, 80)} for authentication`);
  }
  const known = didKeyCache.get(did);
  if (known !== undefined) return known;
  if (!/^z[1-9A-HJ-NP-Za-km-z]{1,200}$/.test(id)) throw fail(code, 'did:key: expected a base58btc Multikey');
  let key: ReturnType<typeof multibaseToPublicKey>;
  try {
    key = multibaseToPublicKey(id);
  } catch (cause) {
    throw fail(code, 'did:key: invalid key', undefined, cause);
  }
  if (key.type !== 'Ed25519') throw fail(code, `expected an Ed25519 key, found ${key.type}`);
  // one key, one spelling: the Multikey of the key read (multicodec 0xed 0x01, base58btc) is the
  // DID's own (the key was checked when read; not again as publicKeyToMultibase would)
  const multikey = new Uint8Array(34);
  multikey[0] = 0xed;
  multikey[1] = 0x01;
  multikey.set(key.publicKey, 2);
  if (`z${base58btcEncode(multikey)}` !== id) throw fail(code, 'did:key: not the canonical encoding');
  if (didKeyCache.size >= DID_KEY_CACHE_MAX) didKeyCache.delete(didKeyCache.keys().next().value as string);
  didKeyCache.set(did, key.publicKey);
  return key.publicKey;
}

/** The DID part of a DID URL (before `#`). */
export function didOf(kid: string): string {
  const i = kid.indexOf('#');
  return i < 0 ? kid : kid.slice(0, i);
}
