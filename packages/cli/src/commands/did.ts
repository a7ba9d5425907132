import { generateKeyPair, type KeyType, publicKeyToMultibase, utf8Decode } from '@realdid/crypto';
import {
  anchorDid,
  type BuiltOperation,
  type CreateOperation,
  createDid,
  deactivateDid,
  type PatchInput,
  PURPOSES,
  type PublicKeyInput,
  type Purpose,
  parseRealDid,
  publishOperation,
  recoverDid,
  resolveDid,
  type ServiceInput,
  updateDid,
} from '@realdid/did';
import { didYouMean, optionalString, rawList, requireString } from '../internal/args.js';
import type { Command, CommandContext } from '../internal/command.js';
import {
  type DidKeys,
  type DidSigningKey,
  keyTypeOption,
  networksFor,
  readDidKeys,
  resolveCurrent,
  serializeDidKeys,
} from '../internal/didKeys.js';
import { cliError } from '../internal/errors.js';
import { replaceSecretFileAfter, writeSecretFile } from '../internal/files.js';
import { openStatusList, publishStatusList } from '../internal/issuer.js';

const DEFAULT_PURPOSES: Purpose[] = [
  'authentication',
  'assertionMethod',
  'capabilityInvocation',
  'capabilityDelegation',
];

const KEYS_OPTION = {
  keys: {
    type: 'string',
    short: 'k',
    description: 'the keys file written by `did create` (updated in place)',
  },
} as const;

function parsePurposes(text: string | undefined): Purpose[] {
  if (text === undefined || text === '') return [...DEFAULT_PURPOSES];
  const list = text.split('+');
  for (const p of list) {
    if (!(PURPOSES as readonly string[]).includes(p))
      throw cliError(
        'ERR_CLI_USAGE',
        `unknown purpose "${p}"${didYouMean(p, PURPOSES, (c) => JSON.stringify(c))}: expected ${PURPOSES.join(', ')}`,
      );
  }
  return list as Purpose[];
}

/**
 * `--add-key id[,type-or-multikey[,purpose+purpose…]]`: a key generated here (its secret goes to
 * the keys file) or a public Multikey held elsewhere.
 */
function parseAddKey(spec: string): { input: PublicKeyInput; generated?: DidSigningKey } {
  const [id, second, purposes] = spec.split(',').map((s) => s.trim());
  if (!id) throw cliError('ERR_CLI_USAGE', `--add-key "${spec}": expected id[,type|multikey[,purposes]]`);
  const p = parsePurposes(purposes);
  if (second?.startsWith('z')) return { input: { id, purposes: p, publicKeyMultibase: second } };
  const type: KeyType = keyTypeOption(second === '' ? undefined : second);
  const keyPair = generateKeyPair(type);
  return {
    input: { id, purposes: p, type, publicKey: keyPair.publicKey },
    generated: { id, purposes: p, keyPair },
  };
}

/** `--add-service id,type,endpoint` (the endpoint may itself contain commas). */
function parseService(spec: string): ServiceInput {
  const first = spec.indexOf(',');
  const second = first < 0 ? -1 : spec.indexOf(',', first + 1);
  if (first < 1 || second < 0 || second === spec.length - 1)
    throw cliError('ERR_CLI_USAGE', `--add-service "${spec}": expected id,type,endpoint`);
  return {
    id: spec.slice(0, first),
    type: spec.slice(first + 1, second),
    serviceEndpoint: spec.slice(second + 1),
  };
}

/** Stages the new keys file, publishes, then commits the file: a failed append leaves it unchanged. */
async function publishAndSave(
  ctx: CommandContext,
  keysPath: string,
  next: DidKeys,
  op: BuiltOperation,
): Promise<string> {
  const ledger = await ctx.ledger();
  const { file } = await replaceSecretFileAfter(ctx.io.cwd, keysPath, serializeDidKeys(next), async () => {
    await publishOperation(ledger, op);
    // The ledger orders but does not judge: check that resolution took the operation.
    const r = await resolveDid(next.did, { networks: networksFor(ledger, next.did), noCache: true });
    if (r.didDocumentMetadata.versionId !== op.hash) {
      throw cliError(
        'ERR_CLI_CHECK_FAILED',
        `the ${op.operation.type} operation was appended but resolution did not apply it (a spent or wrong key?); ${keysPath} is unchanged`,
      );
    }
  });
  return file;
}

function describeKeys(k: DidKeys): Record<string, unknown> {
  return {
    did: k.did,
    verificationMethods: k.verificationMethods.map((v) => ({
      id: `${k.did}#${v.id}`,
      type: v.keyPair.type,
      publicKeyMultibase: publicKeyToMultibase(v.keyPair.type, v.keyPair.publicKey),
      purposes: v.purposes,
    })),
  };
}

/** `realdid did create`. */
export const didCreate: Command = {
  path: ['did', 'create'],
  usage:
    'realdid did create --out <keys.json> [--network <name>] [--key-type Ed25519|P-256|secp256k1|SM2] [--service id,type,endpoint] [--long-form]',
  summary:
    'Creates a did:realdid DID and anchors its create operation on the ledger. The signing, update and recovery keys go only to --out (mode 0600); prints the DID and its long form.',
  options: {
    out: { type: 'string', short: 'o', description: 'keys file to write (mode 0600, never overwritten)' },
    network: { type: 'string', description: 'network name (default: the main network)' },
    'key-type': {
      type: 'string',
      description:
        'type of every key of the DID (signing, update, recovery): Ed25519 (default), P-256, secp256k1, SM2',
    },
    'key-id': { type: 'string', description: 'signing key id (default key-1)' },
    service: { type: 'string', multiple: true, description: 'a service id,type,endpoint (repeatable)' },
    'long-form': { type: 'boolean', description: 'do not anchor: only the long form (no ledger write)' },
    'no-anchor': { type: 'boolean', description: 'same as --long-form' },
  },
  async run(ctx) {
    const out = requireString(ctx.values, 'out');
    const type = keyTypeOption(optionalString(ctx.values, 'key-type'));
    const network = optionalString(ctx.values, 'network');
    const anchor = ctx.values['long-form'] !== true && ctx.values['no-anchor'] !== true;
    const created = createDid({
      ...(network === undefined || network === 'main' ? {} : { network }),
      keys: [{ id: optionalString(ctx.values, 'key-id') ?? 'key-1', type }],
      // one key type throughout: an SM2 (national-algorithm) DID signs its operations with SM2 too
      updateKeyType: type,
      recoveryKeyType: type,
      services: rawList(ctx.values, 'service').map(parseService),
    });
    const keys: DidKeys = {
      did: created.did,
      longFormDid: created.longFormDid,
      network: created.network,
      anchored: anchor,
      deactivated: false,
      verificationMethods: created.keys.verificationMethods.map((v) => ({ ...v })),
      updateKey: created.keys.update,
      recoveryKey: created.keys.recovery,
      statusLists: {},
    };
    // The keys are on disk before the DID exists anywhere: a failed append loses nothing.
    const file = writeSecretFile(ctx.io.cwd, out, serializeDidKeys(keys));
    let position: number | undefined;
    if (anchor) position = (await anchorDid(await ctx.ledger(), created)).position;
    ctx.print(
      {
        did: created.did,
        longFormDid: created.longFormDid,
        anchored: anchor,
        versionId: created.suffix,
        ...(position === undefined ? {} : { ledgerPosition: position }),
        keysFile: file,
        ...describeKeys(keys),
      },
      [
        `did        ${created.did}`,
        `long form  ${created.longFormDid}`,
        anchor ? '           anchored on the ledger' : '           not anchored (long form only)',
        `keys written to ${file} (mode 0600)`,
      ].join('\n'),
    );
    return 0;
  },
};

/** `realdid did anchor`. */
export const didAnchor: Command = {
  path: ['did', 'anchor'],
  locks: 'keys',
  usage: 'realdid did anchor --keys <keys.json>',
  summary:
    'Anchors a DID created with --long-form (or whose anchoring failed). Appends its create operation, taken from the long form, to the ledger; the short form then resolves.',
  options: { ...KEYS_OPTION },
  async run(ctx) {
    const keysPath = requireString(ctx.values, 'keys');
    const keys = readDidKeys(ctx.io.cwd, keysPath);
    const parsed = parseRealDid(keys.longFormDid);
    if (parsed?.longFormPayload === undefined || parsed.shortForm !== keys.did)
      throw cliError('ERR_CLI_FILE_READ', `${keysPath}: longFormDid is not the long form of ${keys.did}`);
    const payload = parsed.longFormPayload;
    const ledger = await ctx.ledger();
    const created = {
      operation: JSON.parse(utf8Decode(payload)) as CreateOperation,
      payload,
      hash: parsed.suffix,
      topic: parsed.suffix,
    };
    const next: DidKeys = { ...keys, anchored: true };
    const { file, result: duplicate } = await replaceSecretFileAfter(
      ctx.io.cwd,
      keysPath,
      serializeDidKeys(next),
      async () => {
        const { duplicate } = await anchorDid(ledger, created);
        const r = await resolveDid(keys.did, { networks: networksFor(ledger, keys.did), noCache: true });
        if (r.didDocument === null || r.didResolutionMetadata.error !== undefined)
          throw cliError('ERR_CLI_CHECK_FAILED', `${keys.did} does not resolve after anchoring`);
        return duplicate;
      },
    );
    ctx.print(
      { did: keys.did, anchored: true, alreadyAnchored: duplicate, keysFile: file },
      duplicate ? `${keys.did} was already anchored` : `anchored ${keys.did}`,
    );
    return 0;
  },
};

/** `realdid did resolve`. */
export const didResolve: Command = {
  path: ['did', 'resolve'],
  usage: 'realdid did resolve <did> [--version-id <id>] [--version-time <dateTime>]',
  summary:
    'Resolves a DID and prints its document and metadata as JSON. did:realdid resolves through the ledger (the long form offline), did:key and did:jwk locally; a resolution error prints its code (invalidDid, notFound, …) on stderr.',
  options: {
    'version-id': { type: 'string', description: 'resolve this version (a versionId)' },
    'version-time': { type: 'string', description: 'resolve the version current at this dateTime' },
  },
  async run(ctx) {
    const did = ctx.positionals[0];
    if (did === undefined || ctx.positionals.length > 1)
      throw cliError('ERR_CLI_USAGE', 'expected exactly one DID: realdid did resolve <did>');
    const versionId = optionalString(ctx.values, 'version-id');
    const versionTime = optionalString(ctx.values, 'version-time');
    const needsLedger = did.startsWith('did:realdid:');
    const result = await resolveDid(did, {
      ...(needsLedger ? { networks: networksFor(await ctx.ledger(), did) } : {}),
      ...(versionId === undefined ? {} : { versionId }),
      ...(versionTime === undefined ? {} : { versionTime }),
    });
    const error = result.didResolutionMetadata.error;
    if (error !== undefined) {
      const message = String(result.didResolutionMetadata.message ?? 'resolution failed');
      ctx.printError({ code: error, message });
      return 1;
    }
    ctx.io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  },
};

/** `realdid did update`. */
export const didUpdate: Command = {
  path: ['did', 'update'],
  locks: 'keys',
  usage:
    'realdid did update --keys <keys.json> [--add-key id[,type|multikey[,purpose+…]]] [--remove-key id] [--add-service id,type,endpoint] [--remove-service id]',
  summary:
    'Adds or removes keys and services of a DID. Signed by the committed update key; commits to a fresh update key and rewrites the keys file (mode 0600).',
  options: {
    ...KEYS_OPTION,
    'add-key': {
      type: 'string',
      multiple: true,
      description: 'add a key: id[,Ed25519|P-256|secp256k1|SM2|z…multikey[,purpose+purpose]] (repeatable)',
    },
    'remove-key': { type: 'string', multiple: true, description: 'remove the key with this id (repeatable)' },
    'add-service': { type: 'string', multiple: true, description: 'add a service id,type,endpoint' },
    'remove-service': { type: 'string', multiple: true, description: 'remove the service with this id' },
  },
  async run(ctx) {
    const keysPath = requireString(ctx.values, 'keys');
    const keys = readDidKeys(ctx.io.cwd, keysPath);
    if (!keys.updateKey) throw cliError('ERR_CLI_USAGE', `${keysPath} holds no update key`);
    const patches: PatchInput[] = [];
    const removeKeys = rawList(ctx.values, 'remove-key');
    const addKeys = rawList(ctx.values, 'add-key').map(parseAddKey);
    const removeServices = rawList(ctx.values, 'remove-service');
    const addServices = rawList(ctx.values, 'add-service').map(parseService);
    if (removeKeys.length > 0) patches.push({ action: 'remove-keys', ids: removeKeys });
    if (addKeys.length > 0) patches.push({ action: 'add-keys', publicKeys: addKeys.map((k) => k.input) });
    if (removeServices.length > 0) patches.push({ action: 'remove-services', ids: removeServices });
    if (addServices.length > 0) patches.push({ action: 'add-services', services: addServices });
    if (patches.length === 0)
      throw cliError(
        'ERR_CLI_USAGE',
        'nothing to do: give --add-key, --remove-key, --add-service or --remove-service',
      );
    const ledger = await ctx.ledger();
    const { versionId: previous } = await resolveCurrent(ledger, keys);
    const op = updateDid({ did: keys.did, previous, updateKey: keys.updateKey, patches });
    const next: DidKeys = {
      ...keys,
      verificationMethods: [
        ...keys.verificationMethods.filter((v) => !removeKeys.includes(v.id)),
        ...addKeys.flatMap((k) => (k.generated ? [k.generated] : [])),
      ],
      updateKey: op.nextUpdateKey,
    };
    const file = await publishAndSave(ctx, keysPath, next, op);
    ctx.print(
      { did: keys.did, versionId: op.hash, patches: op.operation.patches, keysFile: file },
      `updated ${keys.did}\n  versionId  ${op.hash}\n  keys file  ${file} (next update key inside)`,
    );
    return 0;
  },
};

/** The fragment of a verification method id (`did:…#key-1` → `key-1`). */
const fragmentOf = (id: string) => id.slice(id.indexOf('#') + 1);

/**
 * The id a rotated key gets: `key-1` → `key-2`, `sig` → `sig-2`, … — the next number of its base
 * not used by any key of the DID document (nor already taken in this rotation).
 */
export function nextKeyId(id: string, taken: Set<string>): string {
  const base = id.replace(/-\d+$/, '');
  let n = 1;
  for (const t of taken) {
    if (t === base) n = Math.max(n, 1);
    const m = /^(.*)-(\d+)$/.exec(t);
    if (m !== null && m[1] === base) n = Math.max(n, Number(m[2]));
  }
  const next = `${base}-${n + 1}`;
  taken.add(next);
  return next;
}

/** `realdid did rotate`. */
export const didRotate: Command = {
  path: ['did', 'rotate'],
  locks: 'keys',
  usage: 'realdid did rotate --keys <keys.json> [--key <id>…]',
  summary:
    "Rotates the signing keys and the update key of a DID. Each rotated key is replaced by a fresh key of the same type under a new id (key-1 → key-2), in an update signed by the committed update key that commits to a fresh one (pre-rotation). The retired key stays in the DID document for assertionMethod only, so credentials and status lists it signed keep verifying, until `did revoke-key` removes it (on compromise). The DID's status lists are re-signed with the new key and published.",
  options: {
    ...KEYS_OPTION,
    key: { type: 'string', multiple: true, description: 'rotate only this signing key id (repeatable)' },
  },
  async run(ctx) {
    const keysPath = requireString(ctx.values, 'keys');
    const keys = readDidKeys(ctx.io.cwd, keysPath);
    if (!keys.updateKey) throw cliError('ERR_CLI_USAGE', `${keysPath} holds no update key`);
    const only = rawList(ctx.values, 'key');
    for (const id of only) {
      if (!keys.verificationMethods.some((v) => v.id === id))
        throw cliError(
          'ERR_CLI_USAGE',
          `${keysPath} holds no signing key "${id}"${didYouMean(
            id,
            keys.verificationMethods.map((v) => v.id),
            (c) => JSON.stringify(c),
          )}`,
        );
    }
    const old = keys.verificationMethods.filter((v) => only.length === 0 || only.includes(v.id));
    if (old.length === 0) throw cliError('ERR_CLI_USAGE', `${keysPath} holds no signing key to rotate`);
    const ledger = await ctx.ledger();
    const { versionId: previous, didDocument } = await resolveCurrent(ledger, keys);
    const taken = new Set((didDocument?.verificationMethod ?? []).map((v) => fragmentOf(v.id)));
    for (const v of keys.verificationMethods) taken.add(v.id);
    const rotated = old.map((v) => ({
      retired: v,
      fresh: { id: nextKeyId(v.id, taken), purposes: v.purposes, keyPair: generateKeyPair(v.keyPair.type) },
    }));
    // The retired key: kept for assertionMethod only (what it signed keeps verifying); a key that
    // had no assertionMethod purpose is removed (nothing it signed needs to verify later).
    const reduce = rotated.filter(
      ({ retired }) => !(retired.purposes.length === 1 && retired.purposes[0] === 'assertionMethod'),
    );
    const keep = reduce.filter(({ retired }) => retired.purposes.includes('assertionMethod'));
    const patches: PatchInput[] = [];
    if (reduce.length > 0) patches.push({ action: 'remove-keys', ids: reduce.map((r) => r.retired.id) });
    patches.push({
      action: 'add-keys',
      publicKeys: [
        ...keep.map(({ retired }) => ({
          id: retired.id,
          purposes: ['assertionMethod'] as Purpose[],
          type: retired.keyPair.type,
          publicKey: retired.keyPair.publicKey,
        })),
        ...rotated.map(({ fresh }) => ({
          id: fresh.id,
          purposes: fresh.purposes,
          type: fresh.keyPair.type,
          publicKey: fresh.keyPair.publicKey,
        })),
      ],
    });
    const op = updateDid({ did: keys.did, previous, updateKey: keys.updateKey, patches });
    // The keys file keeps only keys that sign: a retired key's private key is discarded.
    const next: DidKeys = {
      ...keys,
      verificationMethods: keys.verificationMethods.map(
        (v) => rotated.find((r) => r.retired.id === v.id)?.fresh ?? v,
      ),
      updateKey: op.nextUpdateKey,
    };
    const file = await publishAndSave(ctx, keysPath, next, op);
    // Re-sign and publish every status list of the DID with the new key.
    const republished: string[] = [];
    const signing = next.verificationMethods.find((v) => v.purposes.includes('assertionMethod'));
    if (signing !== undefined) {
      const did = next.anchored ? next.did : next.longFormDid;
      const issuer = { did, kid: `${did}#${signing.id}`, keyPair: signing.keyPair, keys: next };
      for (const uri of Object.keys(next.statusLists)) {
        const { issuer: list, published } = await openStatusList(ledger, issuer, uri);
        if (!published) continue;
        await publishStatusList(list, ledger);
        republished.push(uri);
      }
    }
    const ids = rotated.map((r) => r.retired.id);
    const fresh = rotated.map((r) => r.fresh.id);
    ctx.print(
      {
        did: keys.did,
        versionId: op.hash,
        rotated: ids,
        newKeys: fresh,
        retiredForAssertion: keep
          .map((r) => r.retired.id)
          .concat(rotated.filter((r) => !reduce.includes(r)).map((r) => r.retired.id)),
        republishedStatusLists: republished,
        keysFile: file,
        ...describeKeys(next),
      },
      `rotated ${ids.map((id, i) => `${id} → ${fresh[i]}`).join(', ')} and the update key of ${keys.did}\n  versionId  ${op.hash}\n  keys file  ${file}${republished.length > 0 ? `\n  status lists re-signed: ${republished.join(', ')}` : ''}`,
    );
    return 0;
  },
};

/** `realdid did revoke-key`. */
export const didRevokeKey: Command = {
  path: ['did', 'revoke-key'],
  locks: 'keys',
  usage: 'realdid did revoke-key --keys <keys.json> --key <id>…',
  summary:
    'Removes keys from a DID document, for instance a retired key that was compromised: from then on nothing it signed verifies (credentials it issued must be reissued). Signing keys in the keys file are removed with it.',
  options: {
    ...KEYS_OPTION,
    key: { type: 'string', multiple: true, description: 'the key id to remove (repeatable)' },
  },
  async run(ctx) {
    const keysPath = requireString(ctx.values, 'keys');
    const keys = readDidKeys(ctx.io.cwd, keysPath);
    if (!keys.updateKey) throw cliError('ERR_CLI_USAGE', `${keysPath} holds no update key`);
    const ids = rawList(ctx.values, 'key');
    if (ids.length === 0) throw cliError('ERR_CLI_USAGE', '--key is required');
    const ledger = await ctx.ledger();
    const { versionId: previous, didDocument } = await resolveCurrent(ledger, keys);
    const inDocument = (didDocument?.verificationMethod ?? []).map((v) => fragmentOf(v.id));
    for (const id of ids) {
      if (!inDocument.includes(id))
        throw cliError(
          'ERR_CLI_USAGE',
          `${keys.did} has no key "${id}"${didYouMean(id, inDocument, (c) => JSON.stringify(c))}`,
        );
    }
    const op = updateDid({
      did: keys.did,
      previous,
      updateKey: keys.updateKey,
      patches: [{ action: 'remove-keys', ids }],
    });
    const next: DidKeys = {
      ...keys,
      verificationMethods: keys.verificationMethods.filter((v) => !ids.includes(v.id)),
      updateKey: op.nextUpdateKey,
    };
    const file = await publishAndSave(ctx, keysPath, next, op);
    ctx.print(
      { did: keys.did, versionId: op.hash, revoked: ids, keysFile: file, ...describeKeys(next) },
      `removed ${ids.join(', ')} from ${keys.did}\n  versionId  ${op.hash}\n  keys file  ${file}`,
    );
    return 0;
  },
};

/** `realdid did recover`. */
export const didRecover: Command = {
  path: ['did', 'recover'],
  locks: 'keys',
  usage: 'realdid did recover --keys <keys.json> [--key-type Ed25519|P-256|secp256k1|SM2] [--drop-services]',
  summary:
    'Recovers a DID with its recovery key, replacing every key. New signing keys (same ids and purposes), update and recovery keys; services kept unless --drop-services; rewrites the keys file (mode 0600).',
  options: {
    ...KEYS_OPTION,
    'key-type': {
      type: 'string',
      description: 'type of the new signing, update and recovery keys (default: as before)',
    },
    'drop-services': { type: 'boolean', description: 'the recovered document has no services' },
  },
  async run(ctx) {
    const keysPath = requireString(ctx.values, 'keys');
    const keys = readDidKeys(ctx.io.cwd, keysPath);
    if (!keys.recoveryKey) throw cliError('ERR_CLI_USAGE', `${keysPath} holds no recovery key`);
    const forced = optionalString(ctx.values, 'key-type');
    const type = forced === undefined ? undefined : keyTypeOption(forced);
    const ledger = await ctx.ledger();
    const { versionId: previous, didDocument } = await resolveCurrent(ledger, keys);
    const services =
      ctx.values['drop-services'] === true
        ? []
        : (didDocument?.service ?? []).map((s) => ({
            id: String(s.id).slice(String(s.id).indexOf('#') + 1),
            type: s.type,
            serviceEndpoint: s.serviceEndpoint as ServiceInput['serviceEndpoint'],
          }));
    const templates =
      keys.verificationMethods.length > 0
        ? keys.verificationMethods
        : [{ id: 'key-1', purposes: DEFAULT_PURPOSES, keyPair: { type: 'Ed25519' as KeyType } }];
    const op = recoverDid({
      did: keys.did,
      previous,
      recoveryKey: keys.recoveryKey,
      keys: templates.map((v) => ({ id: v.id, type: type ?? v.keyPair.type, purposes: v.purposes })),
      services,
      nextUpdateKeyType: type ?? keys.updateKey?.type ?? keys.recoveryKey.type,
      nextRecoveryKeyType: type ?? keys.recoveryKey.type,
    });
    const next: DidKeys = {
      ...keys,
      verificationMethods: op.keys.verificationMethods.map((v) => ({ ...v })),
      updateKey: op.keys.update,
      recoveryKey: op.keys.recovery,
    };
    const file = await publishAndSave(ctx, keysPath, next, op);
    ctx.print(
      { did: keys.did, versionId: op.hash, keysFile: file, ...describeKeys(next) },
      `recovered ${keys.did}: new signing, update and recovery keys\n  versionId  ${op.hash}\n  keys file  ${file}`,
    );
    return 0;
  },
};

/** `realdid did deactivate`. */
export const didDeactivate: Command = {
  path: ['did', 'deactivate'],
  locks: 'keys',
  usage: 'realdid did deactivate --keys <keys.json>',
  summary:
    'Deactivates a DID for good. Signed by the committed recovery key; marks the keys file deactivated.',
  options: { ...KEYS_OPTION },
  async run(ctx) {
    const keysPath = requireString(ctx.values, 'keys');
    const keys = readDidKeys(ctx.io.cwd, keysPath);
    if (!keys.recoveryKey) throw cliError('ERR_CLI_USAGE', `${keysPath} holds no recovery key`);
    const ledger = await ctx.ledger();
    const { versionId: previous } = await resolveCurrent(ledger, keys);
    const op = deactivateDid({ did: keys.did, previous, recoveryKey: keys.recoveryKey });
    const next: DidKeys = { ...keys, deactivated: true };
    const file = await publishAndSave(ctx, keysPath, next, op);
    ctx.print(
      { did: keys.did, deactivated: true, versionId: op.hash, keysFile: file },
      `deactivated ${keys.did}\n  versionId  ${op.hash}`,
    );
    return 0;
  },
};

/** The `did` subcommands. */
export const DID_COMMANDS: readonly Command[] = [
  didCreate,
  didAnchor,
  didResolve,
  didUpdate,
  didRotate,
  didRevokeKey,
  didRecover,
  didDeactivate,
];
