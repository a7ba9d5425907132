import { defineConfig } from 'vite';

// The packages are consumed as published: their ESM builds, resolved through package.json
// `exports` with the `browser` condition. Nothing from Node is polyfilled.
export default defineConfig({
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, sourcemap: false },
  resolve: { conditions: ['browser', 'import', 'module', 'default'] },
});
