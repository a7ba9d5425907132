import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

/**
 * The source imports the Node.js codec directly (tests run on Node). In the build, that import
 * becomes the package-internal specifier `#native`, which package.json `imports` maps to
 * dist/native/node.* under the `node` condition and to dist/native/browser.* otherwise, so a
 * browser bundle never contains Buffer or node:crypto.
 */
const nativeSwitch: Plugin = {
  name: 'realdid-sd-jwt-native-switch',
  setup(build) {
    build.onResolve({ filter: /\/native\/node\.js$/ }, (args) =>
      args.importer.endsWith('native.ts') ? { path: '#native', external: true } : undefined,
    );
  },
};

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    verify: 'src/verify.ts',
    'native/node': 'src/internal/native/node.ts',
    'native/browser': 'src/internal/native/browser.ts',
  },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', verify: 'src/verify.ts' } },
  clean: true,
  sourcemap: true,
  target: 'es2022',
  treeshake: true,
  esbuildPlugins: [nativeSwitch],
});
