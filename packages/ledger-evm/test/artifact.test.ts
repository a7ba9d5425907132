import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without types
import { compileRegistry } from '../scripts/compile.mjs';
import {
  REGISTRY_ABI,
  REGISTRY_BYTECODE,
  REGISTRY_DEPLOYED_BYTECODE,
  REGISTRY_SOLC_VERSION,
} from '../src/index.js';
import { REGISTRY_IMMUTABLE_RANGES } from '../src/internal/registryArtifact.js';

describe('the committed contract artifact', () => {
  it('is exactly what the pinned solc makes of contracts/RealDidRegistry.sol', () => {
    const compiled = compileRegistry();
    expect(compiled.solcVersion).toBe(REGISTRY_SOLC_VERSION);
    expect(compiled.bytecode).toBe(REGISTRY_BYTECODE);
    expect(compiled.deployedBytecode).toBe(REGISTRY_DEPLOYED_BYTECODE);
    expect(compiled.immutableRanges).toEqual(REGISTRY_IMMUTABLE_RANGES);
    expect(compiled.abi).toEqual(JSON.parse(JSON.stringify(REGISTRY_ABI)));
  });
});
