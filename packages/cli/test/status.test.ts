import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type cli, issuerWorld } from './helpers.js';

type Run = (argv: string[]) => ReturnType<typeof cli>;

/** `realdid status revoke` of `index` on the issuer's list, with `--suspend` / `--reinstate` when given. */
function revoke(
  run: Run,
  keys: string,
  list: string,
  index: number | string,
  flag?: '--suspend' | '--reinstate',
) {
  return run([
    'status',
    'revoke',
    '--issuer-keys',
    keys,
    '--list',
    list,
    '--index',
    String(index),
    ...(flag ? [flag] : []),
  ]);
}

const setup = () => issuerWorld();

describe('realdid status', () => {
  it('vc issue --status-list → verify → status revoke → check and verify fail; suspend and reinstate', async () => {
    const { dir, run, did } = await setup();
    const issued = await run([
      'vc',
      'issue',
      '--issuer-keys',
      'issuer.json',
      '--subject',
      'subject.json',
      '--holder-jwk',
      'holder.json',
      '--status-list',
      'main',
      '--count',
      '2',
      '--json',
    ]);
    expect(issued.stderr).toBe('');
    expect(issued.code).toBe(0);
    const out = issued.json<{ statusList: string; statusIndexes: number[]; credentials: string[] }>();
    expect(out.statusList).toBe(`${did}/status/main`);
    expect(out.statusIndexes).toHaveLength(2);
    expect(new Set(out.statusIndexes).size).toBe(2);
    expect(statSync(join(dir, 'issuer.json')).mode & 0o777).toBe(0o600);
    const used = JSON.parse(readFileSync(join(dir, 'issuer.json'), 'utf8')).statusLists[out.statusList];
    expect(used.size).toBe(131072);
    const [a, b] = out.statusIndexes as [number, number];
    writeFileSync(join(dir, 'a.txt'), out.credentials[0] as string);
    writeFileSync(join(dir, 'b.txt'), out.credentials[1] as string);

    const check = async (idx: number, ...how: string[]) => {
      const r = await run([
        'status',
        'check',
        ...(how.length ? how : ['--list-uri', out.statusList]),
        '--index',
        String(idx),
        '--json',
      ]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return r.json<{ status: string }>().status;
    };
    expect(await check(a)).toBe('valid');
    expect((await run(['vc', 'verify', 'a.txt', '--no-key-binding-check'])).code).toBe(0);

    const rev = await revoke(run, 'issuer.json', 'main', a);
    expect(rev.stderr).toBe('');
    expect(rev.code).toBe(0);
    expect(await check(a)).toBe('revoked');
    expect(await check(a, '--list', 'main', '--issuer', did)).toBe('revoked');
    expect(await check(b)).toBe('valid');
    const va = await run(['vc', 'verify', 'a.txt', '--no-key-binding-check']);
    expect(va.code).toBe(1);
    expect(va.stderr).toMatch(/^ERR_SD_JWT_REVOKED/);

    // suspend b, then reinstate it; the earlier revocation stays
    expect((await revoke(run, 'issuer.json', 'main', b, '--suspend')).code).toBe(0);
    expect(await check(b)).toBe('suspended');
    expect((await run(['vc', 'verify', 'b.txt', '--no-key-binding-check'])).stderr).toMatch(
      /^ERR_SD_JWT_SUSPENDED/,
    );
    expect((await revoke(run, 'issuer.json', 'main', b, '--reinstate')).code).toBe(0);
    expect(await check(b)).toBe('valid');
    expect(await check(a)).toBe('revoked');
    expect((await run(['vc', 'verify', 'b.txt', '--no-key-binding-check'])).code).toBe(0);

    // revocation is final
    const un = await revoke(run, 'issuer.json', 'main', a, '--reinstate');
    expect(un.code).toBe(2);
    expect(un.stderr).toMatch(/^ERR_CLI_USAGE: .*final/);

    // item 4: rotating the issuer key re-signs and publishes the DID's status lists with the new
    // key (and the retired key stays valid for what it signed): checks go on answering
    const rot = await run(['did', 'rotate', '--keys', 'issuer.json', '--json']);
    expect(rot.stderr).toBe('');
    expect(rot.json<{ republishedStatusLists: string[] }>().republishedStatusLists).toEqual([out.statusList]);
    expect(await check(a)).toBe('revoked');
    expect(await check(b)).toBe('valid');
    const republished = await run(['status', 'publish', '--issuer-keys', 'issuer.json', '--list', 'main']);
    expect(republished.stderr).toBe('');
    expect(republished.code).toBe(0);
    expect(await check(a)).toBe('revoked');
    expect(await check(b)).toBe('valid');
    const afterRotation = await revoke(run, 'issuer.json', 'main', b, '--suspend');
    expect(afterRotation.stderr).toBe('');
    expect(afterRotation.code).toBe(0);
    expect(await check(b)).toBe('suspended');
    expect(await check(a)).toBe('revoked');

    // further issuance never reuses an index
    const more = await run([
      'vc',
      'issue',
      '--issuer-keys',
      'issuer.json',
      '--subject',
      'subject.json',
      '--status-list',
      'main',
      '--json',
    ]);
    const idx = more.json<{ statusIndexes: number[] }>().statusIndexes[0];
    expect([a, b]).not.toContain(idx);
  });

  it('a list signed by someone else is refused; bad input is coded', async () => {
    const { run, did } = await setup();
    // Mallory publishes a list at a URI naming Alice's DID; check trusts only the DID in the URI.
    const m = await run(['did', 'create', '--out', 'mallory.json']);
    expect(m.code).toBe(0);
    const mi = await run([
      'vc',
      'issue',
      '--issuer-keys',
      'mallory.json',
      '--subject',
      'subject.json',
      '--status-list',
      `${did}/status/x`,
      '--json',
    ]);
    expect(mi.stderr).toBe('');
    const mIdx = mi.json<{ statusIndexes: number[] }>().statusIndexes[0]!;
    const forged = await revoke(run, 'mallory.json', `${did}/status/x`, mIdx);
    expect(forged.stderr).toBe('');
    expect(forged.code).toBe(0);
    const r = await run(['status', 'check', '--list-uri', `${did}/status/x`, '--index', String(mIdx)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ERR_STATUS_/);
    const none = await run(['status', 'check', '--list-uri', `${did}/status/none`, '--index', '1']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^ERR_STATUS_LIST_FETCH/);
    expect((await run(['status', 'check', '--index', '1'])).stderr).toMatch(/^ERR_CLI_USAGE/);
    expect((await run(['status', 'check', '--list', 'main', '--index', '1'])).stderr).toMatch(
      /^ERR_CLI_USAGE/,
    );
    expect(
      (await run(['status', 'check', '--list-uri', 'https://x.example/1', '--index', '1'])).stderr,
    ).toMatch(/^ERR_CLI_USAGE: --issuer/);
    const badIdx = await revoke(run, 'issuer.json', 'main', '-3');
    expect(badIdx.code).toBe(2);
    const big = await revoke(run, 'issuer.json', 'main', '99999999');
    expect(big.stderr).toMatch(/^ERR_CLI_USAGE: unknown status list "main"/); // this issuer has none yet
    const noIndex = await run(['status', 'revoke', '--issuer-keys', 'issuer.json', '--list', 'main']);
    expect(noIndex.code).toBe(2);
    expect(noIndex.stderr).toMatch(/^ERR_CLI_USAGE: --index is required/);
    const noIndexCheck = await run(['status', 'check', '--list-uri', `${did}/status/x`]);
    expect(noIndexCheck.code).toBe(2);
    expect(noIndexCheck.stderr).toMatch(/^ERR_CLI_USAGE: --index is required/);
    const jwkIssuer = await revoke(run, 'holder.json', 'main', '1');
    expect(jwkIssuer.stderr).toMatch(/^ERR_CLI_USAGE: status lists need/);
  });
});

describe('realdid status refuses mistakes', () => {
  it('item 5: revoke refuses an unknown list and an index never allocated; the credential stays valid', async () => {
    const { dir, run } = await setup();
    const issued = await run([
      'vc',
      'issue',
      '--issuer-keys',
      'issuer.json',
      '--subject',
      'subject.json',
      '--status-list',
      'main',
      '--json',
    ]);
    expect(issued.stderr).toBe('');
    const idx = issued.json<{ statusIndexes: number[] }>().statusIndexes[0]!;
    const typo = await revoke(run, 'issuer.json', 'mian', idx);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^ERR_CLI_USAGE: unknown status list "mian" \(did you mean "main"\?\)/);
    const unallocated = idx === 12345 ? 12346 : 12345;
    const never = await revoke(run, 'issuer.json', 'main', unallocated);
    expect(never.code).toBe(2);
    expect(never.stderr).toMatch(/^ERR_CLI_USAGE: --index \d+ was never allocated/);
    // nothing was revoked or published: the credential still verifies
    writeFileSync(join(dir, 'c.txt'), `${issued.json<{ credentials: string[] }>().credentials[0]}\n`);
    const v = await run(['vc', 'verify', 'c.txt', '--no-key-binding-check', '--json']);
    expect(v.stderr).toBe('');
    expect(v.json<{ status: string }>().status).toBe('valid');
    // and the real index still revokes
    expect((await revoke(run, 'issuer.json', 'main', idx)).code).toBe(0);
    expect((await run(['vc', 'verify', 'c.txt', '--no-key-binding-check'])).stderr).toMatch(
      /^ERR_SD_JWT_REVOKED/,
    );
  });
});

describe('realdid status with an expired list', () => {
  it('status publish re-signs a list whose validity has run out', async () => {
    const { dir, run, did } = await setup();
    const { createSigner, jwkToKeyPair } = await import('@realdid/crypto');
    const { SqliteLedger } = await import('@realdid/ledger-sqlite');
    const { TokenStatusListIssuer } = await import('@realdid/status');
    const keys = JSON.parse(readFileSync(join(dir, 'issuer.json'), 'utf8'));
    const uri = `${did}/status/old`;
    const ledger = await SqliteLedger.open(join(dir, 'l.db'));
    const old = new TokenStatusListIssuer({
      uri,
      signer: createSigner(jwkToKeyPair(keys.verificationMethods[0].privateKeyJwk)),
      kid: `${did}#key-1`,
      iss: did,
      now: () => Date.now() - 3 * 86_400_000,
    });
    old.revoke(77);
    await old.publish(ledger);
    await ledger.close();
    const expired = await run(['status', 'check', '--list-uri', uri, '--index', '77']);
    expect(expired.code).toBe(1);
    expect(expired.stderr).toMatch(/^ERR_STATUS_LIST_EXPIRED/);
    const p = await run(['status', 'publish', '--issuer-keys', 'issuer.json', '--list', 'old']);
    expect(p.stderr).toBe('');
    expect(p.code).toBe(0);
    const fresh = await run(['status', 'check', '--list-uri', uri, '--index', '77', '--json']);
    expect(fresh.stderr).toBe('');
    expect(fresh.json<{ status: string }>().status).toBe('revoked');
  });
});
