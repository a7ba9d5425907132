// Assembles docs/benchmarks.md from the per-area result pages in benchmarks/results/*.md.
//   node benchmarks/assemble.mjs
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const order = ['crypto', 'sd-jwt', 'did', 'ledger', 'vc', 'status', 'realname', 'ledger-evm'];
const files = readdirSync(join(here, 'results'))
  .filter((f) => f.endsWith('.md'))
  .sort((a, b) => {
    const ia = order.indexOf(a.replace('.md', ''));
    const ib = order.indexOf(b.replace('.md', ''));
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });

let summary = '';
try {
  summary = `${readFileSync(join(here, 'summary.md'), 'utf8').trim()}\n\n`;
} catch {
  // no summary page
}

const intro = `# Benchmarks

How fast RealDID is, measured as ratios: against the **cryptographic floor** (the signatures and
hashes a verification cannot avoid, done with the platform's fastest primitive, \`node:crypto\`)
and against the **peer libraries** a user would pick instead (\`@sd-jwt/core\`, \`did-jwt-vc\`,
\`@digitalbazaar/vc\`), each measured side by side in the same run.

Reproduce everything with:

\`\`\`sh
pnpm bench                 # builds, then runs every suite in benchmarks/src/*.bench.mjs
pnpm bench sd-jwt          # one suite
node benchmarks/assemble.mjs   # rebuilds this page from benchmarks/results/*.md
\`\`\`

${summary}Each section below names the exact command, the date and the machine state of its figures. The
machine is a 2-core, 24 GiB virtual machine running Node.js 20; several sections were measured
while other work shared the cores, which inflates absolute times — read the ratios, which are
measured in interleaved rounds within one process.

## Contents

${files.map((f) => `- [${f.replace('.md', '')}](#${f.replace('.md', '').replace(/[^a-z0-9-]/g, '')})`).join('\n')}
`;

const sections = files.map((f) => {
  const text = readFileSync(join(here, 'results', f), 'utf8').trim();
  const shifted = text.replace(/^(#{1,5}) /gm, '#$1 ');
  return `<a id="${f.replace('.md', '').replace(/[^a-z0-9-]/g, '')}"></a>\n\n${shifted}\n`;
});

writeFileSync(join(here, '..', 'docs', 'benchmarks.md'), `${intro}\n${sections.join('\n')}`);
console.log(`docs/benchmarks.md: ${files.length} sections`);
