import type { LedgerClient } from '@realdid/ledger';
import { isRealNameClaim, type RealNameClaim } from '../claims.js';
import { verifyDidSignedJson } from '../internal/didSignedJson.js';
import { type DidResolvable, ledgerResolver } from '../internal/dids.js';
import { fail } from '../internal/errors.js';
import { parseJsonBytes } from '../internal/signedJson.js';
import { registryTopic } from './registryTopic.js';

/** A trusted issuer as registered. */
export interface TrustedIssuer {
  issuer: string;
  name: string;
  vcts: string[];
}

/** A relying party as registered. */
export interface RelyingPartyRegistration {
  rp: string;
  name: string;
  allowedClaims: RealNameClaim[];
}

/** The current state of a registry. */
export interface RegistryState {
  issuers: Map<string, TrustedIssuer>;
  relyingParties: Map<string, RelyingPartyRegistration>;
}

/**
 * Reads a registry's topic, verifies every entry (signed by an `assertionMethod` key of the
 * registry DID, resolved through the ledger) and folds them: the latest entry for an issuer or a
 * relying party wins.
 *
 * @param ledger - the ledger
 * @param registryDid - the registry authority's DID (the trust anchor, configured by the caller)
 * @param resolver - a DID resolver (default: resolution over `ledger`)
 * @returns the registry state
 * @throws RealDidError `ERR_REGISTRY_INVALID` when an entry does not verify
 */
export async function readRegistry(
  ledger: LedgerClient,
  registryDid: string,
  resolver: DidResolvable = ledgerResolver(ledger),
): Promise<RegistryState> {
  const state: RegistryState = { issuers: new Map(), relyingParties: new Map() };
  for (const e of await ledger.read(registryTopic(registryDid))) {
    const v = parseJsonBytes(e.payload);
    if (v === undefined) throw fail('ERR_REGISTRY_INVALID', `registry entry ${e.position}: not JSON`);
    await verifyDidSignedJson(v, resolver, registryDid, 'ERR_REGISTRY_INVALID');
    if (v.registry !== registryDid)
      throw fail('ERR_REGISTRY_INVALID', `registry entry ${e.position}: wrong registry`);
    if (v.type === 'trusted-issuer' && typeof v.issuer === 'string' && Array.isArray(v.vcts)) {
      state.issuers.set(v.issuer, {
        issuer: v.issuer,
        name: String(v.name),
        vcts: v.vcts.filter((x): x is string => typeof x === 'string'),
      });
    } else if (v.type === 'relying-party' && typeof v.rp === 'string' && Array.isArray(v.allowedClaims)) {
      state.relyingParties.set(v.rp, {
        rp: v.rp,
        name: String(v.name),
        allowedClaims: v.allowedClaims.filter(isRealNameClaim),
      });
    } else {
      throw fail('ERR_REGISTRY_INVALID', `registry entry ${e.position}: unknown type`);
    }
  }
  return state;
}
