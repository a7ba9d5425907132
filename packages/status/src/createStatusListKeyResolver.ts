import { resolveVerificationMethod } from '@realdid/did';
import { describe, statusError } from './internal/errors.js';
import type {
  StatusListKeyRequest,
  StatusListKeyResolver,
  StatusListPublicKey,
} from './StatusListKeyResolver.js';

/** The part of a `did-resolver` `Resolver` this package uses (a `Resolver` is one). */
export interface StatusListDidResolver {
  resolve(didUrl: string, options?: Record<string, unknown>): Promise<unknown>;
}

function refuse(message: string, cause?: unknown): never {
  throw statusError('ERR_STATUS_LIST_KEY', message, cause);
}

/**
 * A {@link StatusListKeyResolver} that takes the status list's signing key from its issuer's DID
 * document, for both formats: a Token Status List (`iss` and `kid` of the JWT) and a Bitstring
 * Status List credential (call it with `{ iss: issuer, kid: proof.verificationMethod, uri, alg }`).
 *
 * The list must name its issuer (`iss`, a DID) and its key (`kid`, a DID URL of that very DID, or
 * `#fragment` relative to it), and the DID document must list the key under `assertionMethod`. So
 * a list signed by any other DID — for instance a forged all-valid list another DID appended at
 * the list's URI on a ledger — is refused, whatever it claims. Together with the checkers'
 * `matchIssuer` (default true: the list's issuer must be the credential's) a list verifies only when
 * it was signed by the credential's issuer.
 *
 * @param didResolver - a `did-resolver` `Resolver` (for instance `new Resolver(getResolver(…))` of
 *   `@realdid/did`), or anything with its `resolve(didUrl)`
 * @returns the key resolver, for `keyResolver` of {@link createTokenStatusChecker},
 *   {@link createTokenStatusResolver} and {@link verifyStatusListToken}
 * @throws TypeError when `didResolver` has no `resolve` function
 * @example
 * ```ts
 * import { createDid, getResolver } from '@realdid/did';
 * import { createStatusListKeyResolver } from '@realdid/status';
 * import { Resolver } from 'did-resolver';
 * const keyResolver = createStatusListKeyResolver(new Resolver(getResolver()));
 * const { longFormDid } = createDid();
 * const key = await keyResolver({ alg: 'EdDSA', iss: longFormDid, kid: `${longFormDid}#key-1`, uri: `${longFormDid}/status/1` });
 * key?.type; // 'Ed25519'
 * ```
 */
export function createStatusListKeyResolver(didResolver: StatusListDidResolver): StatusListKeyResolver {
  if (
    typeof didResolver !== 'object' ||
    didResolver === null ||
    typeof (didResolver as { resolve?: unknown }).resolve !== 'function'
  ) {
    throw new TypeError(`didResolver: expected a did-resolver Resolver, found ${describe(didResolver)}`);
  }
  return async (request: StatusListKeyRequest): Promise<StatusListPublicKey> => {
    if (typeof request !== 'object' || request === null)
      throw new TypeError(`request: expected an object, found ${describe(request)}`);
    const { iss, kid } = request;
    if (typeof iss !== 'string' || !/^did:[a-z0-9]+:[^#?/]+$/.test(iss) || iss.length > 4096)
      refuse(`the status list names no DID issuer (iss: ${describe(iss)})`);
    if (typeof kid !== 'string' || kid.length === 0 || kid.length > 4096)
      refuse(`the status list names no key (kid: ${describe(kid)})`);
    const absolute = kid.startsWith('#') ? iss + kid : kid;
    const hash = absolute.indexOf('#');
    if (hash < 0 || absolute.slice(0, hash) !== iss)
      refuse(`the status list key ${describe(kid)} is not a key of its issuer ${describe(iss)}`);
    let vm: Awaited<ReturnType<typeof resolveVerificationMethod>>;
    try {
      vm = await resolveVerificationMethod(
        didResolver as Parameters<typeof resolveVerificationMethod>[0],
        absolute,
        { purpose: 'assertionMethod' },
      );
    } catch (cause) {
      refuse(`${describe(absolute)} is not an assertionMethod key of ${describe(iss)}`, cause);
    }
    if (vm.type === 'X25519') refuse(`${describe(absolute)} is not a signing key`);
    return { type: vm.type, publicKey: vm.publicKey };
  };
}
