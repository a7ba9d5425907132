import {
  base64urlEncode,
  generateKeyPair,
  type KeyPair,
  type KeyType,
  publicKeyToMultibase,
  sign,
  utf8Encode,
} from '@realdid/crypto';
import { canonicalize } from '../canonicalize.js';
import type { GeneratedKeyOptions, VerificationKey } from '../createDid.js';
import type { BuiltOperation, DidOperation, PublicKeyEntry, Purpose, ServiceEntry } from '../Operation.js';
import { type ParsedRealDid, parseRealDid } from '../parseRealDid.js';
import { describe } from './errors.js';
import { deepFreeze } from './freeze.js';
import { commitmentOf, isHashString, multihashOf } from './hash.js';
import { signingInput } from './state.js';
import { checkContent, validatePublicKey, validateService } from './validate.js';

/** A public key given by the caller for a DID document. */
export interface PublicKeyInput {
  /** The key id (`[A-Za-z0-9_-]{1,64}`). */
  id: string;
  /** Its verification relationships. */
  purposes: Purpose[];
  /** The key as a Multikey string… */
  publicKeyMultibase?: string;
  /** …or as a type and bytes. */
  type?: KeyType;
  publicKey?: Uint8Array;
}

/** A service given by the caller. */
export type ServiceInput = ServiceEntry;

/**
 * A key that signs operations: a key pair, or a signer object holding the secret elsewhere. An SM2
 * signer must sign with the default user ID `1234567812345678` (spec §3.6): a `Signer` from
 * `createSigner(pair)` without a `userId` does.
 */
export type OperationSigner =
  | KeyPair
  | { type: KeyType; publicKey: Uint8Array; sign(message: Uint8Array): Uint8Array };

const KEY_TYPES: readonly string[] = ['Ed25519', 'P-256', 'secp256k1', 'SM2'];

/** Runs a validator on caller input, turning a rejection into a TypeError (caller misuse). */
export function asMisuse<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError) throw e;
    throw new TypeError((e as Error).message, { cause: e });
  }
}

export function assertKeyType(t: unknown, where: string): KeyType {
  if (typeof t !== 'string' || !KEY_TYPES.includes(t)) {
    throw new TypeError(`${where}: expected "Ed25519", "P-256", "secp256k1" or "SM2", found ${describe(t)}`);
  }
  return t as KeyType;
}

export function toPublicKeyEntry(input: unknown, where: string): PublicKeyEntry {
  if (input === null || typeof input !== 'object')
    throw new TypeError(`${where}: expected an object, found ${describe(input)}`);
  const k = input as PublicKeyInput;
  let mb = k.publicKeyMultibase;
  if (mb === undefined) {
    const type = assertKeyType(k.type, `${where}.type`);
    if (!(k.publicKey instanceof Uint8Array))
      throw new TypeError(`${where}.publicKey: expected a Uint8Array`);
    mb = publicKeyToMultibase(type, k.publicKey);
  }
  return asMisuse(() =>
    validatePublicKey(
      {
        id: k.id,
        type: 'Multikey',
        publicKeyMultibase: mb,
        purposes: Array.isArray(k.purposes) ? [...k.purposes] : k.purposes,
      },
      where,
    ),
  );
}

export function toServiceEntry(input: unknown, where: string): ServiceEntry {
  if (input === null || typeof input !== 'object')
    throw new TypeError(`${where}: expected an object, found ${describe(input)}`);
  // structuredClone: the operation must not share objects with the caller's input
  return asMisuse(() => validateService(structuredClone(input), where));
}

/** Purposes of a generated verification key when the caller names none. */
const DEFAULT_PURPOSES: readonly Purpose[] = [
  'authentication',
  'assertionMethod',
  'capabilityInvocation',
  'capabilityDelegation',
];

/** The document content options shared by {@link createDid} and {@link recoverDid}. */
export interface ContentOptions {
  keys?: GeneratedKeyOptions[] | undefined;
  publicKeys?: PublicKeyInput[] | undefined;
  services?: ServiceInput[] | undefined;
}

/**
 * Builds the document content of a create or recover operation: the caller's public keys, then
 * the keys to generate (one Ed25519 `key-1` when neither is given), then the services; checks the
 * limits and id uniqueness of the whole.
 *
 * @returns the content and the generated keys (which the caller must keep)
 * @throws TypeError / RangeError on malformed options
 */
export function buildContent(options: ContentOptions): {
  publicKeys: PublicKeyEntry[];
  services: ServiceEntry[];
  generated: VerificationKey[];
} {
  const generated: VerificationKey[] = [];
  const publicKeys: PublicKeyEntry[] = [];
  const given = options.publicKeys === undefined ? [] : options.publicKeys;
  if (!Array.isArray(given)) throw new TypeError('publicKeys: expected an array');
  for (const [i, k] of given.entries()) publicKeys.push(toPublicKeyEntry(k, `publicKeys[${i}]`));
  const toGenerate = options.keys === undefined ? (given.length === 0 ? [{}] : []) : options.keys;
  if (!Array.isArray(toGenerate)) throw new TypeError('keys: expected an array');
  toGenerate.forEach((g: GeneratedKeyOptions, i) => {
    if (g === null || typeof g !== 'object') throw new TypeError(`keys[${i}]: expected an object`);
    const type = assertKeyType(g.type ?? 'Ed25519', `keys[${i}].type`);
    const id = g.id ?? `key-${i + 1}`;
    const purposes = g.purposes ?? [...DEFAULT_PURPOSES];
    const keyPair = generateKeyPair(type);
    publicKeys.push(toPublicKeyEntry({ id, purposes, type, publicKey: keyPair.publicKey }, `keys[${i}]`));
    generated.push({ id, purposes: [...purposes], keyPair });
  });
  const servicesIn = options.services === undefined ? [] : options.services;
  if (!Array.isArray(servicesIn)) throw new TypeError('services: expected an array');
  const services = servicesIn.map((s, i) => toServiceEntry(s, `services[${i}]`));
  asMisuse(() => checkContent(publicKeys, services));
  return { publicKeys, services, generated };
}

export function assertSigner(s: unknown, where: string): OperationSigner {
  if (s === null || typeof s !== 'object')
    throw new TypeError(`${where}: expected a key pair or signer, found ${describe(s)}`);
  const o = s as Record<string, unknown>;
  assertKeyType(o.type, `${where}.type`);
  if (!(o.publicKey instanceof Uint8Array)) throw new TypeError(`${where}.publicKey: expected a Uint8Array`);
  if (typeof o.sign !== 'function' && !(o.secretKey instanceof Uint8Array)) {
    throw new TypeError(`${where}: expected a secretKey (Uint8Array) or a sign function`);
  }
  return s as OperationSigner;
}

export function multikeyOf(s: { type: KeyType; publicKey: Uint8Array }): string {
  return publicKeyToMultibase(s.type, s.publicKey);
}

export function signWith(signer: OperationSigner, message: Uint8Array): Uint8Array {
  const sig =
    'sign' in signer && typeof signer.sign === 'function'
      ? signer.sign(message)
      : sign(signer.type, (signer as KeyPair).secretKey, message);
  if (!(sig instanceof Uint8Array) || sig.length !== 64)
    throw new TypeError('signer: expected a 64-byte raw signature');
  return sig;
}

/** Signs an operation (without proof) with `signer` and returns it with its proof. */
export function withProof<O extends DidOperation>(unsigned: Omit<O, 'proof'>, signer: OperationSigner): O {
  const sig = signWith(signer, signingInput(unsigned as Record<string, unknown>));
  return { ...unsigned, proof: base64urlEncode(sig) } as unknown as O;
}

/** Freezes an operation and computes its payload and hash. */
export function finish<O extends DidOperation>(operation: O, topic: string, did?: string): BuiltOperation<O> {
  const payload = utf8Encode(canonicalize(operation));
  const built: BuiltOperation<O> = {
    operation: deepFreeze(operation),
    payload,
    hash: multihashOf(payload),
    topic,
  };
  if (did !== undefined) built.did = did;
  return built;
}

/**
 * Resolves the "next key" options of a builder: a given key pair, a commitment, or a fresh key of
 * `type` (`defaultType` when undefined). `where` names the key option; the commitment and type
 * options are named `<where>Commitment` and `<where>Type`.
 */
export function nextKey(
  given: unknown,
  commitment: unknown,
  type: unknown,
  defaultType: KeyType,
  where: string,
): { commitment: string; keyPair: KeyPair | undefined } {
  const keyType = assertKeyType(type === undefined ? defaultType : type, `${where}Type`);
  if (commitment !== undefined) {
    if (given !== undefined) throw new TypeError(`${where}: give a key or a commitment, not both`);
    if (!isHashString(commitment)) throw new TypeError(`${where}Commitment: expected a zQm… commitment`);
    return { commitment, keyPair: undefined };
  }
  if (given !== undefined) {
    const kp = assertSigner(given, where) as KeyPair;
    return { commitment: commitmentOf(multikeyOf(kp)), keyPair: kp };
  }
  const kp = generateKeyPair(keyType);
  return { commitment: commitmentOf(multikeyOf(kp)), keyPair: kp };
}

/** The suffix of a did:realdid DID given to a builder. */
export function suffixOf(did: unknown): string {
  return parsedDidOf(did).suffix;
}

/** The parsed form of a builder's `did` option (TypeError when it is not a did:realdid DID). */
export function parsedDidOf(did: unknown): ParsedRealDid {
  if (typeof did !== 'string') throw new TypeError(`did: expected a did:realdid DID, found ${describe(did)}`);
  const p = parseRealDid(did);
  if (p === null) throw new TypeError('did: not a valid did:realdid DID');
  return p;
}

/**
 * The parts every signed operation on an existing DID starts from, checked in order: the options
 * object, the DID, the previous version's hash and the signing key named `keyName`.
 */
export function operationTarget(
  options: unknown,
  keyName: 'updateKey' | 'recoveryKey',
): { suffix: string; shortForm: string; previous: string; signer: OperationSigner } {
  if (options === null || typeof options !== 'object')
    throw new TypeError(`options: expected an object, found ${describe(options)}`);
  const o = options as { did?: unknown; previous?: unknown } & Record<string, unknown>;
  const { suffix, shortForm } = parsedDidOf(o.did);
  const previous = assertHash(o.previous, 'previous');
  return { suffix, shortForm, previous, signer: assertSigner(o[keyName], keyName) };
}

export function assertHash(h: unknown, where: string): string {
  if (!isHashString(h))
    throw new TypeError(`${where}: expected an operation hash (zQm…), found ${describe(h)}`);
  return h;
}
