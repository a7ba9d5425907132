// The command line refuses mistakes rather than doing something else quietly.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, issuerWorld, presentArgs, tempDir } from './helpers.js';

async function setup() {
  // a ledger is created only when asked (ledger init), and later calls do not pass --create
  const { dir, run } = await issuerWorld({ init: true });
  const issued = await run([
    'vc',
    'issue',
    '--issuer-keys',
    'issuer.json',
    '--subject',
    'subject.json',
    '--holder-jwk',
    'holder.json',
    '--out',
    'cred.txt',
  ]);
  expect(issued.stderr).toBe('');
  const presented = await run(presentArgs('n-123'));
  expect(presented.stderr).toBe('');
  return { dir, run };
}

describe('realdid refuses mistakes', () => {
  it('item 7: vc verify requires --aud and --nonce, or an explicit --no-key-binding-check', async () => {
    const { run } = await setup();
    const bare = await run(['vc', 'verify', 'vp.txt']);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toMatch(/^ERR_CLI_USAGE: --aud and --nonce are required/);
    expect((await run(['vc', 'verify', 'vp.txt', '--aud', 'https://rp.example'])).stderr).toMatch(
      /^ERR_CLI_USAGE: --nonce is required/,
    );
    expect((await run(['vc', 'verify', 'vp.txt', '--nonce', 'n-123'])).stderr).toMatch(
      /^ERR_CLI_USAGE: --aud is required/,
    );
    const both = await run([
      'vc',
      'verify',
      'vp.txt',
      '--no-key-binding-check',
      '--aud',
      'x',
      '--nonce',
      'y',
    ]);
    expect(both.stderr).toMatch(/^ERR_CLI_USAGE: --no-key-binding-check excludes/);
    // checked: the right audience and nonce verify, a wrong one does not
    const ok = await run([
      'vc',
      'verify',
      'vp.txt',
      '--aud',
      'https://rp.example',
      '--nonce',
      'n-123',
      '--json',
    ]);
    expect(ok.stderr).toBe('');
    expect(ok.json<{ keyBound: boolean }>().keyBound).toBe(true);
    const wrong = await run(['vc', 'verify', 'vp.txt', '--aud', 'https://evil.example', '--nonce', 'n-123']);
    expect(wrong.stderr).toMatch(/^ERR_SD_JWT_KB_AUD/);
    // the explicit opt-out verifies, and does not claim a key binding it did not check
    const optOut = await run(['vc', 'verify', 'vp.txt', '--no-key-binding-check', '--json']);
    expect(optOut.stderr).toBe('');
    expect(optOut.json<{ keyBound: boolean }>().keyBound).toBe(false);
  });

  it('subcommand help: realdid did --help, a bare realdid vc, and unknown subcommands', async () => {
    const dir = tempDir();
    const help = await cli(['did', '--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: realdid did <subcommand>/);
    for (const sub of ['did create', 'did resolve', 'did rotate']) expect(help.stdout).toContain(sub);
    expect(help.stdout).not.toContain('vc issue');
    const bare = await cli(['vc'], dir);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toMatch(/^usage: realdid vc <subcommand>/);
    expect(bare.stdout).toContain('vc verify');
    const typo = await cli(['vc', 'verfy'], dir);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(
      /^ERR_CLI_USAGE: unknown subcommand "vc verfy" \(did you mean "vc verify"\?\)/,
    );
    const group = await cli(['stauts', 'check'], dir);
    expect(group.stderr).toMatch(/^ERR_CLI_USAGE: unknown command "stauts" \(did you mean "status"\?\)/);
  });

  it('"did you mean" for unknown flags and values', async () => {
    const dir = tempDir();
    const flag = await cli(['vc', 'issue', '--issuer-kys', 'k.json'], dir);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(
      /^ERR_CLI_USAGE: Unknown option '--issuer-kys' \(did you mean "--issuer-keys"\?\)/,
    );
    const value = await cli(['vc', 'verify', '--format', 'sd-jtw', 'x.txt'], dir);
    expect(value.code).toBe(2);
    expect(value.stderr).toMatch(/--format must be sd-jwt or di, found sd-jtw \(did you mean "sd-jwt"\?\)/);
    const keyType = await cli(['key', 'generate', '--type', 'ed25519', '--out', 'k.json'], dir);
    expect(keyType.stderr).toMatch(/found ed25519 \(did you mean "Ed25519"\?\)/);
    // far from anything: no suggestion
    const far = await cli(['vc', 'issue', '--zzzzzzzz'], dir);
    expect(far.stderr).not.toContain('did you mean');
  });

  it('files read tolerate a trailing newline (and CRLF)', async () => {
    const { dir, run } = await setup();
    const { readFileSync } = await import('node:fs');
    const vp = readFileSync(join(dir, 'vp.txt'), 'utf8').trim();
    for (const [name, text] of [
      ['nl.txt', `${vp}\n`],
      ['crlf.txt', `${vp}\r\n`],
      ['two.txt', `${vp}\n\n`],
    ] as const) {
      writeFileSync(join(dir, name), text);
      const r = await run(['vc', 'verify', name, '--aud', 'https://rp.example', '--nonce', 'n-123']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    writeFileSync(join(dir, 'cred-nl.txt'), `${readFileSync(join(dir, 'cred.txt'), 'utf8').trim()}\n\n`);
    const p = await run(['vc', 'present', '--credential', 'cred-nl.txt', '--disclose', 'given_name']);
    expect(p.stderr).toBe('');
    expect(p.code).toBe(0);
  });
});
