import type { LedgerClient } from '@realdid/ledger';
import { isRealNameClaim, type RealNameClaim } from '../claims.js';
import { verifyDidSignedJson } from '../internal/didSignedJson.js';
import { type DidResolvable, ledgerResolver } from '../internal/dids.js';
import { fail } from '../internal/errors.js';
import { jsonId, parseJsonBytes } from '../internal/signedJson.js';
import type { RealNameErrorCode } from '../RealNameErrorCode.js';
import type { ReadTopicOptions, RejectedLedgerEntry } from '../RejectedLedgerEntry.js';
import { registryTopic } from './registryTopic.js';

/** A trusted issuer as registered. */
export interface TrustedIssuer {
  issuer: string;
  name: string;
  vcts: string[];
  /**
   * The trace committee the issuer's real-name credentials must name (their `trace.committee`);
   * wallets refuse a credential naming another.
   */
  traceCommittee?: string;
}

/** A relying party as registered. */
export interface RelyingPartyRegistration {
  rp: string;
  name: string;
  allowedClaims: RealNameClaim[];
  /**
   * The web origins (`https://host[:port]`) the site serves its requests from. A wallet answers a
   * request of this RP only when it arrived from one of them.
   */
  origins: string[];
}

/** The current state of a registry. */
export interface RegistryState {
  issuers: Map<string, TrustedIssuer>;
  relyingParties: Map<string, RelyingPartyRegistration>;
  /** The entries of the topic that were skipped (did not verify, or repeated an earlier entry). */
  rejected: RejectedLedgerEntry[];
}

/** Whether a string is a serialized web origin: scheme, host and optional port, nothing else. */
export function isOrigin(v: string): boolean {
  if (v.length > 256) return false;
  try {
    const u = new URL(v);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === v;
  } catch {
    return false;
  }
}

const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');

/**
 * Reads a registry's topic, verifies every entry (signed by an `assertionMethod` key of the
 * registry DID, resolved through the ledger) and folds the genuine ones in ledger order: the
 * latest entry for an issuer or a relying party wins.
 *
 * Anyone may append to the topic, so an entry is never trusted for its content: one that is not
 * JSON, does not verify, is signed by another key, names another registry, is of an unknown type
 * or malformed is **skipped** (`ERR_REGISTRY_INVALID`), and so is a copy of an earlier entry
 * (`ERR_REGISTRY_REPLAYED` — a replayed old registration cannot undo a later one). Skipped entries
 * are listed in `rejected` and passed to `options.onRejected`; the state is what it would be
 * without them.
 *
 * @param ledger - the ledger
 * @param registryDid - the registry authority's DID (the trust anchor, configured by the caller)
 * @param resolver - a DID resolver (default: resolution over `ledger`)
 * @param options - `onRejected`, called for each skipped entry
 * @returns the registry state
 * @throws RealDidError `ERR_REGISTRY_NOT_FOUND` when the topic has entries but the registry DID does not resolve
 */
export async function readRegistry(
  ledger: LedgerClient,
  registryDid: string,
  resolver: DidResolvable = ledgerResolver(ledger),
  options: ReadTopicOptions = {},
): Promise<RegistryState> {
  const onRejected = options?.onRejected;
  if (onRejected !== undefined && typeof onRejected !== 'function') {
    throw new TypeError('onRejected: expected a function');
  }
  const state: RegistryState = { issuers: new Map(), relyingParties: new Map(), rejected: [] };
  const entries = await ledger.read(registryTopic(registryDid));
  if (entries.length > 0) await assertResolves(resolver, registryDid);
  const seen = new Set<string>();
  for (const e of entries) {
    const reject = (code: RealNameErrorCode, reason: string) => {
      const r = { position: e.position, code, reason };
      state.rejected.push(r);
      onRejected?.({ ...r });
    };
    const v = parseJsonBytes(e.payload);
    if (v === undefined) {
      reject('ERR_REGISTRY_INVALID', 'not a JSON object');
      continue;
    }
    try {
      await verifyDidSignedJson(v, resolver, registryDid, 'ERR_REGISTRY_INVALID');
    } catch (cause) {
      reject('ERR_REGISTRY_INVALID', (cause as Error).message);
      continue;
    }
    if (v.registry !== registryDid) {
      reject('ERR_REGISTRY_INVALID', 'names another registry');
      continue;
    }
    const { proof: _proof, ...body } = v;
    const id = jsonId(body);
    if (seen.has(id)) {
      reject('ERR_REGISTRY_REPLAYED', 'repeats an earlier entry');
      continue;
    }
    if (
      v.type === 'trusted-issuer' &&
      typeof v.issuer === 'string' &&
      typeof v.name === 'string' &&
      isStringArray(v.vcts)
    ) {
      const issuer: TrustedIssuer = { issuer: v.issuer, name: v.name, vcts: [...v.vcts] };
      if (typeof v.traceCommittee === 'string') issuer.traceCommittee = v.traceCommittee;
      state.issuers.set(v.issuer, issuer);
    } else if (
      v.type === 'relying-party' &&
      typeof v.rp === 'string' &&
      typeof v.name === 'string' &&
      Array.isArray(v.allowedClaims)
    ) {
      state.relyingParties.set(v.rp, {
        rp: v.rp,
        name: v.name,
        allowedClaims: v.allowedClaims.filter(isRealNameClaim),
        origins: isStringArray(v.origins) ? v.origins.filter(isOrigin) : [],
      });
    } else {
      reject('ERR_REGISTRY_INVALID', 'unknown type or malformed entry');
      continue;
    }
    seen.add(id);
  }
  return state;
}

/** The registry DID itself must resolve: that failure is not an entry's, it is not skipped. */
async function assertResolves(resolver: DidResolvable, registryDid: string): Promise<void> {
  let error: unknown;
  try {
    const res = await resolver.resolve(registryDid);
    if (res.didResolutionMetadata?.error === undefined && res.didDocument !== null) return;
    error = res.didResolutionMetadata?.error;
  } catch (cause) {
    error = cause;
  }
  throw fail('ERR_REGISTRY_NOT_FOUND', 'the registry DID does not resolve', undefined, error);
}
