// Scaffolds packages/<name> with the layout every @realdid package shares.
// Usage: node scripts/new-package.mjs <name> "<description>"
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { COMMON_KEYWORDS, expectedMetadata } from './package-metadata.mjs';

const [name, description = ''] = process.argv.slice(2);
if (!name || !/^[a-z0-9-]+$/.test(name)) {
  console.error('usage: node scripts/new-package.mjs <name> "<description>"');
  process.exit(2);
}
const dir = `packages/${name}`;
if (existsSync(dir)) {
  console.error(`${dir} exists`);
  process.exit(1);
}
mkdirSync(`${dir}/src/internal`, { recursive: true });
mkdirSync(`${dir}/test`, { recursive: true });
const pkg = {
  name: `@realdid/${name}`,
  version: '0.1.0',
  description,
  license: 'Apache-2.0',
  author: expectedMetadata(name).author,
  homepage: expectedMetadata(name).homepage,
  bugs: expectedMetadata(name).bugs,
  keywords: [...COMMON_KEYWORDS],
  type: 'module',
  sideEffects: false,
  engines: { node: '>=20.19.0' },
  publishConfig: expectedMetadata(name).publishConfig,
  main: './dist/index.cjs',
  module: './dist/index.js',
  types: './dist/index.d.ts',
  exports: {
    '.': {
      import: { types: './dist/index.d.ts', default: './dist/index.js' },
      require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
    },
    './package.json': './package.json',
  },
  files: ['dist', '!dist/**/*.map', 'README.md'],
  scripts: {
    build: 'tsup',
    typecheck: 'tsc --noEmit -p tsconfig.json',
    'check:package': 'publint --strict && attw --pack . --profile node16',
  },
  repository: expectedMetadata(name).repository,
  dependencies: {},
  devDependencies: {},
};
writeFileSync(`${dir}/package.json`, `${JSON.stringify(pkg, null, 2)}\n`);
writeFileSync(
  `${dir}/tsconfig.json`,
  `${JSON.stringify({ extends: '../../tsconfig.base.json', include: ['src', 'test'] }, null, 2)}\n`,
);
writeFileSync(
  `${dir}/tsup.config.ts`,
  `import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  treeshake: true,
});
`,
);
writeFileSync(`${dir}/src/index.ts`, `export {};\n`);
writeFileSync(`${dir}/README.md`, `# @realdid/${name}\n\n${description}\n`);
console.log(`created ${dir}`);
