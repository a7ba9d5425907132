// Item 4: rotating an issuer's key keeps what it issued verifiable (the retired key stays listed
// for assertionMethod until it is revoked) and keeps its status lists answering.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.js';

describe('realdid did rotate keeps history', () => {
  it('item 4: an SD-JWT VC issued before the rotation still verifies, its status list still answers', async () => {
    const dir = tempDir();
    const ledger = ['--ledger', 'sqlite:./l.db'];
    const run = (argv: string[]) => cli([...argv, ...ledger], dir);
    expect((await run(['ledger', 'init'])).code).toBe(0); // a ledger is created only when asked
    const created = await run(['did', 'create', '--out', 'issuer.json', '--json']);
    const did = created.json<{ did: string }>().did;
    writeFileSync(join(dir, 'subject.json'), JSON.stringify({ given_name: 'Ada' }));
    const issue = async (out: string) => {
      const r = await run([
        'vc',
        'issue',
        '--issuer-keys',
        'issuer.json',
        '--subject',
        'subject.json',
        '--status-list',
        'main',
        '--out',
        out,
        '--json',
      ]);
      expect(r.stderr).toBe('');
      return r.json<{ statusIndexes: number[] }>().statusIndexes[0]!;
    };
    const verify = (file: string) => run(['vc', 'verify', file, '--no-key-binding-check', '--json']);
    const before = await issue('before.txt');
    expect((await verify('before.txt')).stderr).toBe('');

    const rot = await run(['did', 'rotate', '--keys', 'issuer.json', '--json']);
    expect(rot.stderr).toBe('');
    expect(rot.json<{ newKeys: string[] }>().newKeys).toEqual(['key-2']);
    // issued before: verifies (it used to fail with ERR_SD_JWT_SIGNATURE), status valid
    const v = await verify('before.txt');
    expect(v.stderr).toBe('');
    expect(v.json<{ status: string }>().status).toBe('valid');
    // issued after: signed by the new key, under its new id
    const after = await issue('after.txt');
    expect(after).not.toBe(before);
    const { readFileSync } = await import('node:fs');
    const header = JSON.parse(
      Buffer.from(readFileSync(join(dir, 'after.txt'), 'utf8').split('.')[0]!, 'base64url').toString(),
    );
    expect(header.kid).toBe(`${did}#key-2`);
    expect((await verify('after.txt')).stderr).toBe('');
    // revoking still works after the rotation
    expect(
      (
        await run([
          'status',
          'revoke',
          '--issuer-keys',
          'issuer.json',
          '--list',
          'main',
          '--index',
          String(before),
        ])
      ).stderr,
    ).toBe('');
    expect((await verify('before.txt')).stderr).toMatch(/"ERR_SD_JWT_REVOKED"/);

    // on compromise the retired key is revoked: what it signed stops verifying
    const rk = await run(['did', 'revoke-key', '--keys', 'issuer.json', '--key', 'key-1']);
    expect(rk.stderr).toBe('');
    expect((await verify('before.txt')).stderr).toMatch(/"ERR_SD_JWT_KEY_RESOLUTION"/);
    expect((await verify('after.txt')).stderr).toBe('');
    const unknown = await run(['did', 'revoke-key', '--keys', 'issuer.json', '--key', 'key-9']);
    expect(unknown.stderr).toMatch(/^ERR_CLI_USAGE: .* has no key "key-9"/);
  });
});
