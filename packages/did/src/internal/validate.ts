import { utf8Decode } from '@realdid/crypto';
import { canonicalize } from '../canonicalize.js';
import type {
  CreateOperation,
  DeactivateOperation,
  DidOperation,
  DocumentContent,
  Patch,
  PublicKeyEntry,
  Purpose,
  RecoverOperation,
  ServiceEntry,
  UpdateOperation,
} from '../Operation.js';
import { didError } from './errors.js';
import { isHashString, multihashOf } from './hash.js';
import {
  ID_PATTERN,
  MAX_ENDPOINT_DEPTH,
  MAX_KEYS,
  MAX_OPERATION_BYTES,
  MAX_OPERATION_DEPTH,
  MAX_PATCHES,
  MAX_SERVICE_TYPE_LENGTH,
  MAX_SERVICES,
  MAX_URI_LENGTH,
  NETWORK_PATTERN,
} from './limits.js';
import { decodeMultikey } from './multikey.js';

const PURPOSE_SET: ReadonlySet<string> = new Set([
  'authentication',
  'assertionMethod',
  'keyAgreement',
  'capabilityInvocation',
  'capabilityDelegation',
]);
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[\x21-\x7e]+$/;

function fail(message: string): never {
  throw didError('ERR_DID_OPERATION_INVALID', message);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

function expectObject(
  v: unknown,
  where: string,
  required: readonly string[],
  optional: readonly string[] = [],
) {
  if (!isPlainObject(v)) fail(`${where}: expected an object`);
  for (const k of Object.keys(v)) {
    if (!required.includes(k) && !optional.includes(k))
      fail(`${where}: unknown member ${JSON.stringify(k.slice(0, 40))}`);
  }
  for (const k of required) if (!Object.hasOwn(v, k)) fail(`${where}: missing member "${k}"`);
  return v;
}

function expectArray(v: unknown, where: string, min: number, max: number): unknown[] {
  if (!Array.isArray(v)) fail(`${where}: expected an array`);
  if (v.length < min || v.length > max)
    fail(`${where}: expected ${min} to ${max} entries, found ${v.length}`);
  return v;
}

function expectId(v: unknown, where: string): string {
  if (typeof v !== 'string' || !ID_PATTERN.test(v)) fail(`${where}: expected an id of 1-64 [A-Za-z0-9_-]`);
  return v;
}

function expectHash(v: unknown, where: string): string {
  if (!isHashString(v)) fail(`${where}: expected a sha2-256 multihash in base58btc (zQm…)`);
  return v;
}

function expectProof(v: unknown, where: string): string {
  if (typeof v !== 'string' || !/^[A-Za-z0-9_-]{86}$/.test(v))
    fail(`${where}: expected a 64-byte signature in base64url`);
  return v;
}

/** Checks a Multikey string usable as an update or recovery key (a signature key). */
function expectSigningKey(v: unknown, where: string): string {
  if (typeof v !== 'string' || v.length > 200) fail(`${where}: expected a Multikey`);
  const k = decodeMultikey(v);
  if (k.type === 'X25519') fail(`${where}: an X25519 key cannot sign`);
  return v;
}

export function validatePublicKey(v: unknown, where: string): PublicKeyEntry {
  const o = expectObject(v, where, ['id', 'type', 'publicKeyMultibase', 'purposes']);
  const id = expectId(o.id, `${where}.id`);
  if (o.type !== 'Multikey') fail(`${where}.type: expected "Multikey"`);
  if (typeof o.publicKeyMultibase !== 'string' || o.publicKeyMultibase.length > 200) {
    fail(`${where}.publicKeyMultibase: expected a Multikey`);
  }
  const key = decodeMultikey(o.publicKeyMultibase);
  const purposes = expectArray(o.purposes, `${where}.purposes`, 1, 5);
  const seen = new Set<string>();
  for (const p of purposes) {
    if (typeof p !== 'string' || !PURPOSE_SET.has(p)) fail(`${where}.purposes: unknown purpose`);
    if (seen.has(p)) fail(`${where}.purposes: duplicate purpose "${p}"`);
    seen.add(p);
  }
  if (key.type === 'X25519' && (purposes.length !== 1 || purposes[0] !== 'keyAgreement')) {
    fail(`${where}.purposes: an X25519 key has exactly the purpose keyAgreement`);
  }
  if ((key.type === 'Ed25519' || key.type === 'SM2') && seen.has('keyAgreement')) {
    fail(`${where}.purposes: an ${key.type} key cannot be used for keyAgreement`);
  }
  return { id, type: 'Multikey', publicKeyMultibase: o.publicKeyMultibase, purposes: purposes as Purpose[] };
}

function checkEndpointObject(v: unknown, depth: number, where: string): void {
  if (depth > MAX_ENDPOINT_DEPTH) fail(`${where}: nested deeper than ${MAX_ENDPOINT_DEPTH}`);
  if (Array.isArray(v)) {
    for (const x of v) checkEndpointObject(x, depth + 1, where);
  } else if (v !== null && typeof v === 'object') {
    if (!isPlainObject(v)) fail(`${where}: expected JSON data`);
    for (const x of Object.values(v)) checkEndpointObject(x, depth + 1, where);
  }
}

export function validateService(v: unknown, where: string): ServiceEntry {
  const o = expectObject(v, where, ['id', 'type', 'serviceEndpoint']);
  const id = expectId(o.id, `${where}.id`);
  if (typeof o.type !== 'string' || o.type.length < 1 || o.type.length > MAX_SERVICE_TYPE_LENGTH) {
    fail(`${where}.type: expected a string of 1-${MAX_SERVICE_TYPE_LENGTH} characters`);
  }
  const ep = o.serviceEndpoint;
  const isUri = (s: unknown) => typeof s === 'string' && s.length <= MAX_URI_LENGTH && URI.test(s);
  if (typeof ep === 'string') {
    if (!isUri(ep)) fail(`${where}.serviceEndpoint: expected a URI`);
  } else if (Array.isArray(ep)) {
    if (ep.length === 0 || ep.length > 64 || !ep.every(isUri))
      fail(`${where}.serviceEndpoint: expected 1-64 URIs`);
  } else if (isPlainObject(ep)) {
    checkEndpointObject(ep, 1, `${where}.serviceEndpoint`);
  } else {
    fail(`${where}.serviceEndpoint: expected a URI, an array of URIs or an object`);
  }
  return { id, type: o.type, serviceEndpoint: ep as ServiceEntry['serviceEndpoint'] };
}

/** Checks the limits and id uniqueness of a set of keys and services. */
export function checkContent(publicKeys: readonly PublicKeyEntry[], services: readonly ServiceEntry[]): void {
  if (publicKeys.length > MAX_KEYS) fail(`document: more than ${MAX_KEYS} keys`);
  if (services.length > MAX_SERVICES) fail(`document: more than ${MAX_SERVICES} services`);
  const ids = new Set<string>();
  for (const x of publicKeys) {
    if (ids.has(x.id)) fail(`document: duplicate id "${x.id}"`);
    ids.add(x.id);
  }
  for (const x of services) {
    if (ids.has(x.id)) fail(`document: duplicate id "${x.id}"`);
    ids.add(x.id);
  }
}

export function validateContent(v: unknown, where: string): DocumentContent {
  const o = expectObject(v, where, ['publicKeys', 'services']);
  const publicKeys = expectArray(o.publicKeys, `${where}.publicKeys`, 0, MAX_KEYS).map((k, i) =>
    validatePublicKey(k, `${where}.publicKeys[${i}]`),
  );
  const services = expectArray(o.services, `${where}.services`, 0, MAX_SERVICES).map((s, i) =>
    validateService(s, `${where}.services[${i}]`),
  );
  checkContent(publicKeys, services);
  return { publicKeys, services };
}

function validatePatch(v: unknown, where: string): Patch {
  if (!isPlainObject(v)) fail(`${where}: expected an object`);
  switch (v.action) {
    case 'add-keys': {
      const o = expectObject(v, where, ['action', 'publicKeys']);
      const keys = expectArray(o.publicKeys, `${where}.publicKeys`, 1, MAX_KEYS);
      return {
        action: 'add-keys',
        publicKeys: keys.map((k, i) => validatePublicKey(k, `${where}.publicKeys[${i}]`)),
      };
    }
    case 'add-services': {
      const o = expectObject(v, where, ['action', 'services']);
      const s = expectArray(o.services, `${where}.services`, 1, MAX_SERVICES);
      return {
        action: 'add-services',
        services: s.map((x, i) => validateService(x, `${where}.services[${i}]`)),
      };
    }
    case 'remove-keys':
    case 'remove-services': {
      const o = expectObject(v, where, ['action', 'ids']);
      const ids = expectArray(o.ids, `${where}.ids`, 1, 64).map((x, i) => expectId(x, `${where}.ids[${i}]`));
      return { action: v.action, ids };
    }
    default:
      return fail(`${where}.action: expected add-keys, remove-keys, add-services or remove-services`);
  }
}

/** Checks the shape of any operation (not its signature, nor its place in the history). */
export function validateOperation(v: unknown): DidOperation {
  if (!isPlainObject(v)) fail('operation: expected an object');
  switch (v.type) {
    case 'create': {
      const o = expectObject(
        v,
        'create',
        ['type', 'document', 'updateCommitment', 'recoveryCommitment'],
        ['network'],
      );
      if (
        o.network !== undefined &&
        (typeof o.network !== 'string' || !NETWORK_PATTERN.test(o.network) || o.network === 'main')
      ) {
        fail('create.network: expected 1-32 characters a-z 0-9, not "main"');
      }
      const op: CreateOperation = {
        type: 'create',
        document: validateContent(o.document, 'create.document'),
        updateCommitment: expectHash(o.updateCommitment, 'create.updateCommitment'),
        recoveryCommitment: expectHash(o.recoveryCommitment, 'create.recoveryCommitment'),
      };
      if (op.updateCommitment === op.recoveryCommitment)
        fail('create: updateCommitment and recoveryCommitment must differ');
      if (o.network !== undefined) op.network = o.network as string;
      return op;
    }
    case 'update': {
      const o = expectObject(v, 'update', [
        'type',
        'did',
        'previous',
        'updateKey',
        'nextUpdateCommitment',
        'patches',
        'proof',
      ]);
      const op: UpdateOperation = {
        type: 'update',
        did: expectHash(o.did, 'update.did'),
        previous: expectHash(o.previous, 'update.previous'),
        updateKey: expectSigningKey(o.updateKey, 'update.updateKey'),
        nextUpdateCommitment: expectHash(o.nextUpdateCommitment, 'update.nextUpdateCommitment'),
        patches: expectArray(o.patches, 'update.patches', 1, MAX_PATCHES).map((p, i) =>
          validatePatch(p, `update.patches[${i}]`),
        ),
        proof: expectProof(o.proof, 'update.proof'),
      };
      return op;
    }
    case 'recover': {
      const o = expectObject(v, 'recover', [
        'type',
        'did',
        'previous',
        'recoveryKey',
        'nextRecoveryCommitment',
        'nextUpdateCommitment',
        'document',
        'proof',
      ]);
      const op: RecoverOperation = {
        type: 'recover',
        did: expectHash(o.did, 'recover.did'),
        previous: expectHash(o.previous, 'recover.previous'),
        recoveryKey: expectSigningKey(o.recoveryKey, 'recover.recoveryKey'),
        nextRecoveryCommitment: expectHash(o.nextRecoveryCommitment, 'recover.nextRecoveryCommitment'),
        nextUpdateCommitment: expectHash(o.nextUpdateCommitment, 'recover.nextUpdateCommitment'),
        document: validateContent(o.document, 'recover.document'),
        proof: expectProof(o.proof, 'recover.proof'),
      };
      return op;
    }
    case 'deactivate': {
      const o = expectObject(v, 'deactivate', ['type', 'did', 'previous', 'recoveryKey', 'proof']);
      const op: DeactivateOperation = {
        type: 'deactivate',
        did: expectHash(o.did, 'deactivate.did'),
        previous: expectHash(o.previous, 'deactivate.previous'),
        recoveryKey: expectSigningKey(o.recoveryKey, 'deactivate.recoveryKey'),
        proof: expectProof(o.proof, 'deactivate.proof'),
      };
      return op;
    }
    default:
      return fail('operation.type: expected create, update, recover or deactivate');
  }
}

/** A parsed, canonical, well-formed operation with its hash. */
export interface ParsedOperation {
  op: DidOperation;
  hash: string;
}

/**
 * Parses ledger bytes: size limit, strict UTF-8, JSON, canonical form (the bytes must be exactly
 * the JCS of their content), then the shape of the operation.
 */
export function parseOperationBytes(bytes: Uint8Array): ParsedOperation {
  if (bytes.length > MAX_OPERATION_BYTES) fail(`operation: larger than ${MAX_OPERATION_BYTES} bytes`);
  let text: string;
  let value: unknown;
  try {
    text = utf8Decode(bytes);
    value = JSON.parse(text);
  } catch (cause) {
    throw didError('ERR_DID_OPERATION_INVALID', 'operation: not UTF-8 JSON', cause);
  }
  return parseOperationValue(value, text, bytes);
}

/** Same as {@link parseOperationBytes} for an already parsed value whose JSON text is `text`. */
export function parseOperationValue(value: unknown, text: string, bytes: Uint8Array): ParsedOperation {
  let canonical: string;
  try {
    canonical = canonicalize(value, { maxDepth: MAX_OPERATION_DEPTH });
  } catch (cause) {
    throw didError('ERR_DID_OPERATION_INVALID', 'operation: not canonicalisable JSON', cause);
  }
  if (canonical !== text) fail('operation: not in JCS canonical form');
  const op = validateOperation(value);
  return { op, hash: multihashOf(bytes) };
}
