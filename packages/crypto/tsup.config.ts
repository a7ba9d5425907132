import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

/**
 * The source imports the node:crypto backend directly (tests run on Node). In the build, that
 * import becomes the package-internal specifier `#native`, which package.json `imports` maps to
 * dist/native/node.* under the `node` condition and to dist/native/browser.* otherwise, so a
 * browser bundle never contains node:crypto.
 */
const nativeSwitch: Plugin = {
  name: 'realdid-native-switch',
  setup(build) {
    build.onResolve({ filter: /\/native\/node\.js$/ }, (args) =>
      args.importer.endsWith('state.ts') ? { path: '#native', external: true } : undefined,
    );
  },
};

const entry = {
  index: 'src/index.ts',
  'native/node': 'src/internal/native/node.ts',
  'native/browser': 'src/internal/native/browser.ts',
};

const common = {
  entry,
  sourcemap: true,
  target: 'es2022',
  treeshake: true,
  clean: false,
  esbuildPlugins: [nativeSwitch],
} as const;

export default defineConfig([
  { ...common, format: ['esm'], dts: { entry: { index: 'src/index.ts' } } },
  // multiformats ships ESM only (its `exports` have no `require` condition), so the CJS build
  // carries its own copy of the few multiformats functions it uses.
  { ...common, format: ['cjs'], dts: { entry: { index: 'src/index.ts' } }, noExternal: [/^multiformats/] },
]);
