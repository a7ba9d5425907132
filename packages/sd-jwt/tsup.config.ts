import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    verify: 'src/verify.ts',
  },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', verify: 'src/verify.ts' } },
  clean: true,
  sourcemap: true,
  target: 'es2022',
  treeshake: true,
});
