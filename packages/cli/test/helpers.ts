import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/index.js';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  json<T = Record<string, unknown>>(): T;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'realdid-cli-'));
}

export async function cli(argv: string[], cwd: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    progress: () => {},
    cwd,
    env: {},
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

/** A folder set up for `vc` and `status` commands; `run` adds the ledger option to every call. */
export interface IssuerWorld {
  dir: string;
  run: (argv: string[]) => Promise<Run>;
  /** The issuer's did:realdid (keys in issuer.json). */
  did: string;
}

/**
 * A temp folder with a SQLite ledger (`l.db`), an issuer DID (`issuer.json`), a holder key
 * (`holder.json`) and the claims in `subject.json`. With `init`, the ledger is made by `ledger
 * init` and later calls do not pass `--create`.
 */
export async function issuerWorld(
  options: { keyType?: string; subject?: Record<string, unknown>; init?: boolean } = {},
): Promise<IssuerWorld> {
  const dir = tempDir();
  const ledger = options.init ? ['--ledger', 'sqlite:./l.db'] : ['--ledger', 'sqlite:./l.db', '--create'];
  const run = (argv: string[]) => cli([...argv, ...ledger], dir);
  const must = async (argv: string[]) => {
    const r = await run(argv);
    if (r.code !== 0) throw new Error(`realdid ${argv.join(' ')} failed: ${r.stderr}`);
    return r;
  };
  if (options.init) await must(['ledger', 'init']);
  const issuer = await must([
    'did',
    'create',
    '--key-type',
    options.keyType ?? 'Ed25519',
    '--out',
    'issuer.json',
    '--json',
  ]);
  await must(['key', 'generate', '--out', 'holder.json']);
  writeFileSync(
    join(dir, 'subject.json'),
    JSON.stringify(options.subject ?? { given_name: 'Ada', age_over_18: true }),
  );
  return { dir, run, did: issuer.json<{ did: string }>().did };
}

/**
 * The argv of `vc present` of the SD-JWT VC in `cred.txt` disclosing `age_over_18`, key-bound by
 * `holder.json` to the audience https://rp.example and `nonce`, written to `vp.txt`.
 */
export function presentArgs(nonce: string): string[] {
  return [
    'vc',
    'present',
    '--credential',
    'cred.txt',
    '--disclose',
    'age_over_18',
    '--holder-key',
    'holder.json',
    '--aud',
    'https://rp.example',
    '--nonce',
    nonce,
    '--out',
    'vp.txt',
  ];
}
