export type { BatchResult, BatchWriterOptions } from './BatchWriter.js';
export { BatchWriter } from './BatchWriter.js';
export type { BatchFileLimits } from './batchFile.js';
export { decodeBatchFile, encodeBatchFile } from './batchFile.js';
export type { CasStore } from './CasStore.js';
export { casId, casIdDigest, verifyCasId } from './casId.js';
export type { DeployedRegistry, DeployRegistryOptions } from './deployRegistry.js';
export { deployRegistry } from './deployRegistry.js';
export type {
  AnchorRights,
  EvmLedgerConnectOptions,
  EvmLedgerLimits,
  EvmLedgerOptions,
  EvmLogAnchor,
  GasReport,
  MerkleBatchAnchor,
  PendingBatch,
} from './EvmLedger.js';
export { EvmLedger } from './EvmLedger.js';
export { MemoryCasStore } from './MemoryCasStore.js';
export { MerkleTree, merkleLeaf, verifyMerkleProof } from './merkle.js';
export type { EvmLedgerUri } from './parseEvmLedgerUri.js';
export { parseEvmLedgerUri } from './parseEvmLedgerUri.js';
export {
  REGISTRY_ABI,
  REGISTRY_BYTECODE,
  REGISTRY_DEPLOYED_BYTECODE,
  REGISTRY_IMMUTABLE_RANGES,
  REGISTRY_SOLC_VERSION,
} from './registry.js';
