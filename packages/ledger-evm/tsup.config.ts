import { defineConfig } from 'tsup';

const common = {
  entry: ['src/index.ts', 'src/fs-cas.ts'],
  dts: true,
  sourcemap: true,
  target: 'es2022',
  treeshake: true,
} as const;

export default defineConfig([
  { ...common, format: ['esm'], clean: true },
  // multiformats ships ESM only (its `exports` have no `require` condition), so the CJS build
  // carries its own copy of the few multiformats functions it uses (as @realdid/crypto's does).
  { ...common, format: ['cjs'], clean: false, noExternal: [/^multiformats/] },
]);
