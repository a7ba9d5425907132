import {
  base64urlDecode,
  base64urlEncode,
  createSigner,
  jwkToKeyPair,
  type KeyPair,
  multibaseToPublicKey,
  publicKeyToDidKey,
  publicKeyToMultibase,
} from '@realdid/crypto';
import { getResolver, Resolver, resolveDid } from '@realdid/did';
import type { LedgerClient } from '@realdid/ledger';
import {
  createStatusListKeyResolver,
  type StatusList,
  type StatusListKeyRequest,
  statusListTopic,
  TokenStatusListIssuer,
  verifyStatusListToken,
} from '@realdid/status';
import { OWN_LIST_ALGORITHMS } from './algorithms.js';
import { DID_KEYS_KIND, type DidKeys, networksFor, parseDidKeys } from './didKeys.js';
import { cliError } from './errors.js';
import { readJsonFile } from './files.js';

/** An issuer as the CLI loads it: a did:realdid keys file, or a private JWK (a did:key issuer). */
export interface Issuer {
  did: string;
  /** The verification method id (DID URL) of the signing key. */
  kid: string;
  keyPair: KeyPair;
  /** The keys file (absent for a did:key issuer, which keeps no state). */
  keys: DidKeys | undefined;
}

/**
 * Loads `--issuer-keys`: a keys file of `did create` (the first key with assertionMethod, or
 * `keyId`) or a private JWK of `key generate` (the issuer is then its did:key).
 */
export function loadIssuer(cwd: string, path: string, keyId?: string): Issuer {
  const raw = readJsonFile(cwd, path) as Record<string, unknown> | null;
  if (raw !== null && typeof raw === 'object' && raw.kind === DID_KEYS_KIND) {
    const keys = parseDidKeys(path, raw);
    if (keys.deactivated) throw cliError('ERR_CLI_USAGE', `${keys.did} is deactivated`);
    const vm = keys.verificationMethods.find((v) =>
      keyId === undefined ? v.purposes.includes('assertionMethod') : v.id === keyId,
    );
    if (vm === undefined)
      throw cliError(
        'ERR_CLI_USAGE',
        keyId === undefined ? `${path} holds no assertionMethod key` : `${path} holds no key "${keyId}"`,
      );
    const did = keys.anchored ? keys.did : keys.longFormDid;
    return { did, kid: `${did}#${vm.id}`, keyPair: vm.keyPair, keys };
  }
  let keyPair: KeyPair;
  try {
    keyPair = jwkToKeyPair(raw);
  } catch {
    throw cliError('ERR_CLI_FILE_READ', `${path} is neither a realdid keys file nor a private JWK`);
  }
  const did = publicKeyToDidKey(keyPair.type, keyPair.publicKey);
  return {
    did,
    kid: `${did}#${publicKeyToMultibase(keyPair.type, keyPair.publicKey)}`,
    keyPair,
    keys: undefined,
  };
}

/** A did-resolver `Resolver` for did:realdid (on the CLI's ledger), did:key and did:jwk. */
export function didResolver(ledger: LedgerClient, did?: string): Resolver {
  return new Resolver(getResolver({ networks: networksFor(ledger, did), cache: false }));
}

/** The URI of a status list: a full URI as given, or `<issuer DID>/status/<id>` for a short id. */
export function statusListUri(list: string, issuerDid: string | undefined): string {
  if (list.includes(':')) return list;
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(list))
    throw cliError('ERR_CLI_USAGE', `status list id "${list}": expected [A-Za-z0-9._-], or a full URI`);
  if (issuerDid === undefined)
    throw cliError('ERR_CLI_USAGE', `a short status list id needs --issuer <did> (or give --list-uri)`);
  return `${issuerDid}/status/${list}`;
}

/** The DID a status list URI of the form `<did>/status/<id>` belongs to. */
export function statusListOwner(uri: string): string | undefined {
  const m = /^(did:[a-z0-9]+:[^/?#]+)\/status\/[^/]+$/.exec(uri);
  return m?.[1];
}

/** The `kid` of a status list signed by `did` (one of its DID URLs); `ERR_CLI_VERIFY_FAILED` otherwise. */
function signingKidOf(req: StatusListKeyRequest, did: string): string {
  if (req.iss !== did || req.kid === undefined || !req.kid.startsWith(`${did}#`))
    throw cliError('ERR_CLI_VERIFY_FAILED', `the status list is not signed by ${did}`);
  return req.kid;
}

const DEFAULT_LIST_SIZE = 131_072;

/**
 * The issuer side of a Token Status List, restored from the ledger (the latest list it published,
 * verified with its own key) and the keys file (which indexes are in use).
 */
export async function openStatusList(
  ledger: LedgerClient,
  issuer: Issuer,
  uri: string,
): Promise<{ issuer: TokenStatusListIssuer; published: boolean }> {
  if (!issuer.keys) {
    throw cliError(
      'ERR_CLI_USAGE',
      'status lists need an issuer keys file of `did create` (it records which indexes are in use)',
    );
  }
  const state = issuer.keys.statusLists[uri];
  const topic = statusListTopic(uri);
  const size = await ledger.size(topic);
  const published = size > 0;
  let list: StatusList | undefined;
  let lastIat = 0;
  if (published) {
    const [entry] = await ledger.read(topic, { from: size - 1, limit: 1 });
    if (entry === undefined) throw cliError('ERR_CLI_CHECK_FAILED', `the ledger lost the list ${uri}`);
    const token = entry.payload;
    // Checked as of its own iat: an expired list is still the latest state to continue from.
    const asIssued = () => issuedAtMs(token);
    const verified = await verifyStatusListToken(token, {
      uri,
      iss: issuer.did,
      now: asIssued,
      algorithms: OWN_LIST_ALGORITHMS,
      keyResolver: async () => ({ type: issuer.keyPair.type, publicKey: issuer.keyPair.publicKey }),
    })
      .catch(async () =>
        // signed with another key of the DID: check it against the current DID document
        verifyStatusListToken(token, {
          uri,
          iss: issuer.did,
          now: asIssued,
          algorithms: OWN_LIST_ALGORITHMS,
          keyResolver: createStatusListKeyResolver(didResolver(ledger, issuer.did)),
        }),
      )
      .catch(async () =>
        // signed before a key rotation: check it against the DID document of the time it was signed
        verifyStatusListToken(token, {
          uri,
          iss: issuer.did,
          now: asIssued,
          algorithms: OWN_LIST_ALGORITHMS,
          keyResolver: historicalKeyResolver(ledger, issuer.did, entry.time),
        }),
      );
    list = verified.list;
    lastIat = verified.iat;
  }
  const tsl = new TokenStatusListIssuer({
    uri,
    signer: createSigner(issuer.keyPair),
    kid: issuer.kid,
    iss: issuer.did,
    // Each publication must be issued after the latest one: a list signed in the same second as an
    // earlier identical one would be the same ledger entry (content-addressed, so not appended
    // again) and would leave a later, different list the latest.
    now: () => Math.max(Date.now(), (lastIat + 1) * 1000),
    ...(list ? { list } : { size: state?.size ?? DEFAULT_LIST_SIZE, bits: 2 }),
    ...(state ? { used: base64urlDecode(state.used) } : {}),
  });
  return { issuer: tsl, published };
}

/**
 * A status list key resolver for the issuer's own earlier lists: the key its `kid` named in the
 * DID document as it was when the list was appended to the ledger, so that a list signed before a
 * key rotation can still be read back and continued.
 */
function historicalKeyResolver(ledger: LedgerClient, did: string, appendedAt: string) {
  return async (req: StatusListKeyRequest) => {
    const kid = signingKidOf(req, did);
    const r = await resolveDid(did, { networks: networksFor(ledger, did), versionTime: appendedAt });
    const vm = r.didDocument?.verificationMethod?.find((v) => v.id === kid);
    const mb = vm?.publicKeyMultibase;
    const purposes = r.didDocument?.assertionMethod ?? [];
    if (mb === undefined || !purposes.some((p) => (typeof p === 'string' ? p : p.id) === kid))
      throw cliError(
        'ERR_CLI_VERIFY_FAILED',
        `${kid} was not an assertionMethod key when the list was published`,
      );
    return multibaseToPublicKey(mb);
  };
}

/** The `iat` of a Status List Token in milliseconds, read before verification (0 when unreadable). */
function issuedAtMs(token: Uint8Array): number {
  try {
    const payload = new TextDecoder().decode(token).split('.')[1] ?? '';
    const iat = (JSON.parse(new TextDecoder().decode(base64urlDecode(payload))) as { iat?: unknown }).iat;
    return typeof iat === 'number' && Number.isFinite(iat) ? iat * 1000 : 0;
  } catch {
    return 0;
  }
}

/**
 * Publishes a newly signed list on the ledger and returns its ledger position;
 * `ERR_CLI_CHECK_FAILED` when the ledger already held that very list (nothing was published).
 */
export async function publishStatusList(tsl: TokenStatusListIssuer, ledger: LedgerClient): Promise<number> {
  const { receipt } = await tsl.publish(ledger);
  if (receipt.duplicate)
    throw cliError('ERR_CLI_CHECK_FAILED', 'the ledger already held this list: nothing was published');
  return receipt.position;
}

/** The keys-file record of a list's used indexes. */
export function statusState(tsl: TokenStatusListIssuer): { size: number; used: string } {
  return { size: tsl.list.size, used: base64urlEncode(tsl.allocator.toBytes()) };
}
