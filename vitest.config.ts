import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Tests import every `@realdid/*` package from its TypeScript source, so a change in one package is
 * seen by the tests of the others without a rebuild. Subpath imports (`@realdid/ledger/conformance`)
 * map to `src/<subpath>.ts`.
 */
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@realdid\/([a-z0-9-]+)$/, replacement: `${root}packages/$1/src/index.ts` },
      { find: /^@realdid\/([a-z0-9-]+)\/([a-z0-9-/]+)$/, replacement: `${root}packages/$1/src/$2.ts` },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'docs/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
