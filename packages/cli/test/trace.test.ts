import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.js';

const HANDLE = '8f'.repeat(32);

describe('realdid trace', () => {
  it('keygen → encrypt → request → partials → combine, k-1 failing, audit on the ledger', async () => {
    const dir = tempDir();
    const run = (argv: string[]) => cli([...argv, '--ledger', 'sqlite:./l.db', '--create'], dir);
    const kg = await run([
      'trace',
      'keygen',
      '--threshold',
      '3',
      '--trustees',
      '5',
      '--out-dir',
      'committee',
      '--json',
    ]);
    expect(kg.stderr).toBe('');
    expect(kg.code).toBe(0);
    expect(readdirSync(join(dir, 'committee')).sort()).toEqual([
      'committee.json',
      'trustee-1.json',
      'trustee-2.json',
      'trustee-3.json',
      'trustee-4.json',
      'trustee-5.json',
    ]);
    const shares = [1, 2, 3, 4, 5].map((i) => {
      const f = join(dir, 'committee', `trustee-${i}.json`);
      expect(statSync(f).mode & 0o777).toBe(0o600);
      return JSON.parse(readFileSync(f, 'utf8')) as { secret: string; auditKey: { d: string } };
    });
    const committeeText = readFileSync(join(dir, 'committee', 'committee.json'), 'utf8');
    for (const s of shares) {
      expect(kg.stdout).not.toContain(s.secret);
      expect(kg.stdout).not.toContain(s.auditKey.d);
      expect(committeeText).not.toContain(s.secret);
    }
    const again = await run([
      'trace',
      'keygen',
      '--threshold',
      '2',
      '--trustees',
      '3',
      '--out-dir',
      'committee',
    ]);
    expect(again.stderr).toMatch(/^ERR_CLI_FILE_EXISTS/);

    const c = ['--committee', 'committee/committee.json'];
    const enc = await run(['trace', 'encrypt', ...c, '--handle', HANDLE, '--context', 'cred-42', '--json']);
    expect(enc.stderr).toBe('');
    const token = enc.json<{ token: string }>().token;
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token).not.toContain(HANDLE);

    expect((await run(['key', 'generate', '--out', 'police.json'])).code).toBe(0);
    const req = await run([
      'trace',
      'request',
      ...c,
      '--token',
      token,
      '--context',
      'cred-42',
      '--reason',
      'warrant:2026/17',
      '--requester-key',
      'police.json',
      '--out',
      'request.json',
    ]);
    expect(req.stderr).toBe('');
    expect(req.code).toBe(0);

    for (const i of [1, 3, 5]) {
      const p = await run([
        'trace',
        'partial',
        ...c,
        '--share',
        `committee/trustee-${i}.json`,
        '--request',
        'request.json',
        '--out',
        `p${i}.json`,
      ]);
      expect(p.stderr).toBe('');
      expect(p.code).toBe(0);
      expect(p.stdout).not.toContain(shares[i - 1]?.secret);
    }
    const refused = await run([
      'trace',
      'partial',
      ...c,
      '--share',
      'committee/trustee-2.json',
      '--request',
      'request.json',
      '--refuse',
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^ERR_TRACE_REQUEST_REFUSED/);

    const open = ['trace', 'combine', ...c, '--request', 'request.json', '--opener-key', 'police.json'];
    const few = await run([...open, '--partial', 'p1.json,p3.json']);
    expect(few.code).toBe(1);
    expect(few.stderr).toMatch(/^ERR_TRACE_NOT_ENOUGH_PARTIALS/);
    expect(few.stdout).not.toContain(HANDLE);
    const dup = await run([...open, '--partial', 'p1.json', '--partial', 'p1.json', '--partial', 'p3.json']);
    expect(dup.stderr).toMatch(/^ERR_TRACE_PARTIAL_INVALID/);
    // a tampered partial is caught by its proof/signature
    const p5 = JSON.parse(readFileSync(join(dir, 'p5.json'), 'utf8'));
    p5.share = JSON.parse(readFileSync(join(dir, 'p1.json'), 'utf8')).share;
    writeFileSync(join(dir, 'bad5.json'), JSON.stringify(p5));
    const bad = await run([...open, '--partial', 'p1.json,p3.json,bad5.json']);
    expect(bad.stderr).toMatch(/^ERR_TRACE_PARTIAL_INVALID/);

    const ok = await run([...open, '--partial', 'p1.json,p3.json,p5.json', '--json']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.json<{ handle: string }>().handle).toBe(HANDLE);

    const audit = await run(['trace', 'audit', ...c, '--json']);
    expect(audit.code).toBe(0);
    expect(audit.json<{ entries: { type: string }[] }>().entries.map((e) => e.type)).toEqual([
      'trace-request',
      'trace-partial',
      'trace-partial',
      'trace-partial',
      'trace-refusal',
      'trace-opening',
    ]);

    // a request not on the ledger is not answered
    const offLedger = await cli(
      [
        'trace',
        'partial',
        ...c,
        '--share',
        'committee/trustee-4.json',
        '--request',
        'request.json',
        '--ledger',
        'memory:',
      ],
      dir,
    );
    expect(offLedger.stderr).toMatch(/^ERR_TRACE_REQUEST_NOT_LOGGED/);
  });

  it('bad input is coded', async () => {
    const dir = tempDir();
    const run = (argv: string[]) => cli([...argv, '--ledger', 'memory:'], dir);
    expect(
      (await run(['trace', 'keygen', '--threshold', '4', '--trustees', '3', '--out-dir', 'x'])).stderr,
    ).toMatch(/^ERR_CLI_USAGE: --threshold/);
    expect((await run(['trace', 'keygen', '--threshold', '2', '--out-dir', 'x'])).stderr).toMatch(
      /^ERR_CLI_USAGE/,
    );
    const noThreshold = await run(['trace', 'keygen', '--trustees', '3', '--out-dir', 'x']);
    expect(noThreshold.code).toBe(2);
    expect(noThreshold.stderr).toMatch(/^ERR_CLI_USAGE: --threshold is required/);
    const noTrustees = await run(['trace', 'keygen', '--threshold', '2', '--out-dir', 'x']);
    expect(noTrustees.code).toBe(2);
    expect(noTrustees.stderr).toMatch(/^ERR_CLI_USAGE: --trustees is required/);
    expect((await run(['trace', 'keygen', '-k', '2', '-n', '2', '--out-dir', 'x'])).code).toBe(0);
    const c = ['--committee', 'x/committee.json'];
    expect((await run(['trace', 'encrypt', ...c, '--handle', 'abcd', '--context', 'c'])).stderr).toMatch(
      /^ERR_CLI_USAGE: --handle/,
    );
    expect(
      (await run(['trace', 'encrypt', ...c, '--handle', 'nothex.txt', '--context', 'c'])).stderr,
    ).toMatch(/^ERR_CLI_FILE_READ/);
    writeFileSync(join(dir, 'bogus.json'), '{"committeeId":"x"}');
    expect(
      (await run(['trace', 'encrypt', '--committee', 'bogus.json', '--handle', HANDLE, '--context', 'c']))
        .stderr,
    ).toMatch(/^ERR_TRACE_MALFORMED/);
    expect((await run(['key', 'generate', '--type', 'P-256', '--out', 'p256.json'])).code).toBe(0);
    const wrongKey = await run([
      'trace',
      'request',
      ...c,
      '--token',
      'AAAA',
      '--context',
      'c',
      '--reason',
      'r',
      '--requester-key',
      'p256.json',
    ]);
    expect(wrongKey.stderr).toMatch(/^ERR_CLI_USAGE: --requester-key must be an Ed25519/);
    const notJwk = await run([
      'trace',
      'combine',
      ...c,
      '--request',
      'bogus.json',
      '--partial',
      'bogus.json',
      '--opener-key',
      'bogus.json',
    ]);
    expect(notJwk.code).toBe(1);
    expect(notJwk.stderr).toMatch(/^ERR_CLI_FILE_READ: --opener-key bogus\.json is not a private JWK/);
    expect((await run(['key', 'generate', '--out', 'ed.json'])).code).toBe(0);
    const badToken = await run([
      'trace',
      'request',
      ...c,
      '--token',
      'AAAA',
      '--context',
      'c',
      '--reason',
      'r',
      '--requester-key',
      'ed.json',
    ]);
    expect(badToken.code).toBe(1);
    expect(badToken.stderr).toMatch(/^ERR_TRACE_MALFORMED/);
    const notShare = await run(['trace', 'partial', ...c, '--share', 'ed.json', '--request', 'ed.json']);
    expect(notShare.stderr).toMatch(/^ERR_CLI_FILE_READ: .*share/);
  });
});
