/** The verification relationships a key can have in a DID document. */
export type Purpose =
  | 'authentication'
  | 'assertionMethod'
  | 'keyAgreement'
  | 'capabilityInvocation'
  | 'capabilityDelegation';

/** All purposes, in document order. */
export const PURPOSES: readonly Purpose[] = Object.freeze([
  'authentication',
  'assertionMethod',
  'keyAgreement',
  'capabilityInvocation',
  'capabilityDelegation',
] as const);

/** A public key in the document content of an operation. */
export interface PublicKeyEntry {
  /** The key id, `[A-Za-z0-9_-]{1,64}`; the verification method id is `<did>#<id>`. */
  id: string;
  /** Always `Multikey`. */
  type: 'Multikey';
  /** The Multikey encoding of the public key (Ed25519, P-256, secp256k1, SM2, or X25519 for key agreement). */
  publicKeyMultibase: string;
  /** The verification relationships of the key (non-empty, no duplicates). */
  purposes: Purpose[];
}

/** A service endpoint value: a URI, a list of URIs, or a JSON object. */
export type ServiceEndpointValue = string | string[] | { [key: string]: unknown };

/** A service in the document content of an operation. */
export interface ServiceEntry {
  /** The service id, `[A-Za-z0-9_-]{1,64}`; the service id in the document is `<did>#<id>`. */
  id: string;
  /** The service type (1–100 characters). */
  type: string;
  /** The endpoint. */
  serviceEndpoint: ServiceEndpointValue;
}

/** The keys and services a create or recover operation sets. */
export interface DocumentContent {
  publicKeys: PublicKeyEntry[];
  services: ServiceEntry[];
}

/** A patch of an update operation. */
export type Patch =
  | { action: 'add-keys'; publicKeys: PublicKeyEntry[] }
  | { action: 'remove-keys'; ids: string[] }
  | { action: 'add-services'; services: ServiceEntry[] }
  | { action: 'remove-services'; ids: string[] };

/** The create operation; its JCS hash is the DID suffix. */
export interface CreateOperation {
  type: 'create';
  /** Present exactly when the DID lives on a named network. */
  network?: string;
  document: DocumentContent;
  updateCommitment: string;
  recoveryCommitment: string;
}

/** An update operation, signed by the revealed update key. */
export interface UpdateOperation {
  type: 'update';
  did: string;
  previous: string;
  updateKey: string;
  nextUpdateCommitment: string;
  patches: Patch[];
  proof: string;
}

/** A recover operation, signed by the revealed recovery key; replaces everything. */
export interface RecoverOperation {
  type: 'recover';
  did: string;
  previous: string;
  recoveryKey: string;
  nextRecoveryCommitment: string;
  nextUpdateCommitment: string;
  document: DocumentContent;
  proof: string;
}

/** A deactivate operation, signed by the revealed recovery key; final. */
export interface DeactivateOperation {
  type: 'deactivate';
  did: string;
  previous: string;
  recoveryKey: string;
  proof: string;
}

/** Any did:realdid operation. */
export type DidOperation = CreateOperation | UpdateOperation | RecoverOperation | DeactivateOperation;

/** An operation built and signed, ready to publish. */
export interface BuiltOperation<O extends DidOperation = DidOperation> {
  /** The operation (frozen). */
  operation: O;
  /** The JCS bytes of the operation: what goes on the ledger. */
  payload: Uint8Array;
  /** The operation hash, which becomes the `versionId` once it applies. */
  hash: string;
  /** The ledger topic: the DID suffix. */
  topic: string;
  /** The short-form DID the operation belongs to (set by the builders; used to invalidate a cache). */
  did?: string;
}
