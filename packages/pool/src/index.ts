export type { PoolErrorCode } from './PoolErrorCode.js';
export type {
  PoolPluginModule,
  PoolVerifySdJwtOptions,
  VerifierPoolOptions,
  VerifierPoolStats,
} from './VerifierPool.js';
export { VerifierPool } from './VerifierPool.js';
