import { jwkToKeyPair, KEY_TYPES, type KeyPair, type KeyType, secretKeyToJwk } from '@realdid/crypto';
import { type DIDDocument, type Purpose, parseRealDid, resolveDid } from '@realdid/did';
import type { LedgerClient } from '@realdid/ledger';
import { didYouMean } from './args.js';
import { cliError } from './errors.js';
import { readJsonFile } from './files.js';

/** A signing key of a DID as the keys file keeps it. */
export interface DidSigningKey {
  id: string;
  purposes: Purpose[];
  keyPair: KeyPair;
}

/** The secret state of one did:realdid DID: what `did create` writes and the other commands update. */
export interface DidKeys {
  did: string;
  longFormDid: string;
  network: string | undefined;
  anchored: boolean;
  deactivated: boolean;
  verificationMethods: DidSigningKey[];
  /** The update key the DID currently commits to. */
  updateKey: KeyPair | undefined;
  /** The recovery key the DID currently commits to. */
  recoveryKey: KeyPair | undefined;
  /** Issuer state of the Token Status Lists this DID signs: list URI → used-index bitmap (base64url). */
  statusLists: Record<string, { size: number; used: string }>;
}

/** The file kind marker of a keys file. */
export const DID_KEYS_KIND = 'realdid-did-keys';

/** Serializes the keys (private JWKs inside: write it only with `writeSecretFile`). */
export function serializeDidKeys(k: DidKeys): string {
  const json = {
    kind: DID_KEYS_KIND,
    version: 1,
    did: k.did,
    longFormDid: k.longFormDid,
    ...(k.network === undefined ? {} : { network: k.network }),
    anchored: k.anchored,
    deactivated: k.deactivated,
    verificationMethods: k.verificationMethods.map((v) => ({
      id: v.id,
      purposes: v.purposes,
      privateKeyJwk: secretKeyToJwk(v.keyPair),
    })),
    ...(k.updateKey ? { updateKey: secretKeyToJwk(k.updateKey) } : {}),
    ...(k.recoveryKey ? { recoveryKey: secretKeyToJwk(k.recoveryKey) } : {}),
    statusLists: k.statusLists,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function bad(path: string, why: string): never {
  throw cliError('ERR_CLI_FILE_READ', `${path} is not a realdid keys file: ${why}`);
}

function keyPairOf(path: string, jwk: unknown, what: string): KeyPair {
  try {
    return jwkToKeyPair(jwk);
  } catch {
    bad(path, `${what} is not a private JWK`);
  }
}

/** Reads a keys file written by `did create`. */
export function readDidKeys(cwd: string, path: string): DidKeys {
  return parseDidKeys(path, readJsonFile(cwd, path));
}

/** Checks the parsed JSON of a keys file (read from `path`, named in errors) and loads its keys. */
export function parseDidKeys(path: string, raw: unknown): DidKeys {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) bad(path, 'not an object');
  const o = raw as Record<string, unknown>;
  if (o.kind !== DID_KEYS_KIND) bad(path, `kind is not "${DID_KEYS_KIND}"`);
  if (typeof o.did !== 'string' || parseRealDid(o.did) === null) bad(path, 'did is not a did:realdid DID');
  if (typeof o.longFormDid !== 'string') bad(path, 'longFormDid is missing');
  if (!Array.isArray(o.verificationMethods)) bad(path, 'verificationMethods is missing');
  const vms = o.verificationMethods.map((v: unknown, i: number): DidSigningKey => {
    if (v === null || typeof v !== 'object') bad(path, `verificationMethods[${i}] is not an object`);
    const e = v as Record<string, unknown>;
    if (typeof e.id !== 'string' || !Array.isArray(e.purposes)) bad(path, `verificationMethods[${i}]`);
    return {
      id: e.id,
      purposes: e.purposes as Purpose[],
      keyPair: keyPairOf(path, e.privateKeyJwk, `verificationMethods[${i}].privateKeyJwk`),
    };
  });
  const statusLists: DidKeys['statusLists'] = {};
  if (o.statusLists !== undefined && (typeof o.statusLists !== 'object' || o.statusLists === null))
    bad(path, 'statusLists is not an object');
  for (const [uri, s] of Object.entries((o.statusLists ?? {}) as Record<string, unknown>)) {
    const e = s as Record<string, unknown>;
    if (typeof e?.size !== 'number' || typeof e.used !== 'string') bad(path, `statusLists["${uri}"]`);
    statusLists[uri] = { size: e.size, used: e.used };
  }
  return {
    did: o.did,
    longFormDid: o.longFormDid,
    network: typeof o.network === 'string' ? o.network : undefined,
    anchored: o.anchored === true,
    deactivated: o.deactivated === true,
    verificationMethods: vms,
    updateKey: o.updateKey === undefined ? undefined : keyPairOf(path, o.updateKey, 'updateKey'),
    recoveryKey: o.recoveryKey === undefined ? undefined : keyPairOf(path, o.recoveryKey, 'recoveryKey'),
    statusLists,
  };
}

/** Parses a key type option (`--key-type`, or the option `label` names in the error). */
export function keyTypeOption(
  value: string | undefined,
  fallback: KeyType = 'Ed25519',
  label = 'key type',
): KeyType {
  const t = value ?? fallback;
  if (!(KEY_TYPES as readonly string[]).includes(t))
    throw cliError(
      'ERR_CLI_USAGE',
      `${label} must be one of ${KEY_TYPES.join(', ')}, found ${t}${didYouMean(t, KEY_TYPES, (c) => JSON.stringify(c))}`,
    );
  return t as KeyType;
}

/** The ledgers a resolution needs: the CLI's one ledger serves the main network and the DID's. */
export function networksFor(ledger: LedgerClient, did?: string): Record<string, LedgerClient> {
  const networks: Record<string, LedgerClient> = { main: ledger };
  const network = did === undefined ? undefined : parseRealDid(did)?.network;
  if (network !== undefined) networks[network] = ledger;
  return networks;
}

/**
 * Resolves the DID on the ledger and returns its current `versionId` and document; coded error when
 * it cannot, or when the DID is deactivated or was never anchored.
 */
export async function resolveCurrent(
  ledger: LedgerClient,
  keys: DidKeys,
): Promise<{ versionId: string; didDocument: DIDDocument | null }> {
  if (keys.deactivated) throw cliError('ERR_CLI_USAGE', `${keys.did} is deactivated`);
  if (!keys.anchored)
    throw cliError('ERR_CLI_USAGE', `${keys.did} was never anchored: only its long form exists`);
  const r = await resolveDid(keys.did, { networks: networksFor(ledger, keys.did) });
  const error = r.didResolutionMetadata.error;
  if (error !== undefined) throw resolutionError(error, String(r.didResolutionMetadata.message ?? ''));
  if (r.didDocumentMetadata.deactivated === true)
    throw cliError('ERR_CLI_USAGE', `${keys.did} is deactivated on the ledger`);
  const v = r.didDocumentMetadata.versionId;
  if (typeof v !== 'string') throw resolutionError('internalError', 'no versionId');
  return { versionId: v, didDocument: r.didDocument };
}

/** The error a failed DID resolution raises: its DID Resolution error code, as the CLI's code. */
export function resolutionError(error: string, message: string) {
  return cliError('ERR_CLI_RESOLUTION', `${error}${message ? `: ${message}` : ''}`);
}
