export {
  REGISTRY_ABI,
  REGISTRY_BYTECODE,
  REGISTRY_DEPLOYED_BYTECODE,
  REGISTRY_SOLC_VERSION,
} from './internal/registryArtifact.js';
