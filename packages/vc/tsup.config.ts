import { defineConfig } from 'tsup';

const common = {
  entry: ['src/index.ts'],
  dts: true,
  sourcemap: true,
  target: 'es2022',
  treeshake: true,
} as const;

export default defineConfig([
  { ...common, format: ['esm'], clean: true },
  // cborg ships ESM only (its `exports` have no `require` condition), so the CJS build carries its
  // own copy of the CBOR codec the bbs-2023 proof values need.
  { ...common, format: ['cjs'], clean: false, noExternal: [/^cborg/] },
]);
