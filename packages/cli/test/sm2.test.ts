import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, presentArgs, tempDir } from './helpers.js';

function jsonPart(jwt: string, i: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[i] as string, 'base64url').toString());
}

describe('realdid with --key-type SM2', () => {
  it('did create → vc issue (status list) → present → verify → status revoke → verify refused, every signature SM2', async () => {
    const dir = tempDir();
    const ledger = ['--ledger', 'sqlite:./l.db', '--create'];
    const run = (argv: string[]) => cli([...argv, ...ledger], dir);

    const created = await run(['did', 'create', '--key-type', 'SM2', '--out', 'issuer.json', '--json']);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const { did, verificationMethods } = created.json<{
      did: string;
      verificationMethods: { type: string; publicKeyMultibase: string }[];
    }>();
    expect(verificationMethods[0]?.type).toBe('SM2');
    expect(verificationMethods[0]?.publicKeyMultibase.startsWith('zEP')).toBe(true);
    // every key of the DID is SM2: signing, update and recovery
    const keysFile = JSON.parse(readFileSync(join(dir, 'issuer.json'), 'utf8'));
    for (const jwk of [
      keysFile.verificationMethods[0].privateKeyJwk,
      keysFile.updateKey,
      keysFile.recoveryKey,
    ])
      expect(jwk).toMatchObject({ kty: 'EC', crv: 'SM2' });
    const resolved = await run(['did', 'resolve', did]);
    expect(resolved.code).toBe(0);
    expect(JSON.stringify(resolved.json())).toContain(verificationMethods[0]?.publicKeyMultibase);

    // an SM2 holder key
    expect((await run(['key', 'generate', '--type', 'SM2', '--out', 'holder.json'])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'holder.json'), 'utf8'))).toMatchObject({ crv: 'SM2' });
    writeFileSync(join(dir, 'subject.json'), JSON.stringify({ given_name: '张三', age_over_18: true }));

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
      'gm',
      '--json',
    ]);
    expect(issued.stderr).toBe('');
    expect(issued.code).toBe(0);
    const out = issued.json<{ statusList: string; statusIndexes: number[]; credentials: string[] }>();
    const credential = out.credentials[0] as string;
    const jwt = credential.split('~')[0] as string;
    expect(jsonPart(jwt, 0)).toMatchObject({ alg: 'SM2', typ: 'dc+sd-jwt', kid: `${did}#key-1` });
    expect(jsonPart(jwt, 1)._sd_alg).toBe('sm3'); // SM2 issuer → SM3 digests by default
    writeFileSync(join(dir, 'cred.txt'), credential);

    const presented = await run(presentArgs('n-1'));
    expect(presented.stderr).toBe('');
    expect(presented.code).toBe(0);
    const kb = readFileSync(join(dir, 'vp.txt'), 'utf8').trim().split('~').at(-1) as string;
    expect(jsonPart(kb, 0).alg).toBe('SM2');

    const verifyArgs = ['vc', 'verify', 'vp.txt', '--aud', 'https://rp.example', '--nonce', 'n-1'];
    // SM2 is accepted only when the verifier lists it
    const refused = await run(verifyArgs);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^ERR_SD_JWT_ALG_NOT_ALLOWED/);
    const verified = await run([...verifyArgs, '--algorithms', 'SM2', '--issuer', did, '--json']);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    const v = verified.json<{ claims: Record<string, unknown>; keyBound: boolean; status?: string }>();
    expect(v.claims.age_over_18).toBe(true);
    expect(v.claims.given_name).toBeUndefined();
    expect(v.keyBound).toBe(true);
    expect(v.status).toBe('valid');

    // the status list is SM2-signed: a checker that does not list SM2 refuses it
    const idx = String(out.statusIndexes[0]);
    const strict = await run(['status', 'check', '--list-uri', out.statusList, '--index', idx]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/^ERR_STATUS_LIST_ALG/);
    const check = await run([
      'status',
      'check',
      '--list-uri',
      out.statusList,
      '--index',
      idx,
      '--algorithms',
      'SM2',
      '--json',
    ]);
    expect(check.stderr).toBe('');
    expect(check.json<{ status: string }>().status).toBe('valid');

    const revoked = await run([
      'status',
      'revoke',
      '--issuer-keys',
      'issuer.json',
      '--list',
      'gm',
      '--index',
      idx,
    ]);
    expect(revoked.stderr).toBe('');
    expect(revoked.code).toBe(0);
    const after = await run([
      'status',
      'check',
      '--list-uri',
      out.statusList,
      '--index',
      idx,
      '--algorithms',
      'SM2',
      '--json',
    ]);
    expect(after.json<{ status: string }>().status).toBe('revoked');
    const rejected = await run([...verifyArgs, '--algorithms', 'SM2']);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/^ERR_SD_JWT_REVOKED/);
  });

  it('updates and recovers an SM2 DID; the next update and recovery keys stay SM2', async () => {
    const dir = tempDir();
    const ledger = ['--ledger', 'sqlite:./l.db', '--create'];
    const run = (argv: string[]) => cli([...argv, ...ledger], dir);
    expect((await run(['did', 'create', '--key-type', 'SM2', '--out', 'k.json'])).code).toBe(0);
    const u = await run([
      'did',
      'update',
      '--keys',
      'k.json',
      '--add-key',
      'gm-2,SM2,assertionMethod',
      '--json',
    ]);
    expect(u.stderr).toBe('');
    expect(u.code).toBe(0);
    let k = JSON.parse(readFileSync(join(dir, 'k.json'), 'utf8'));
    expect(k.updateKey.crv).toBe('SM2');
    expect(k.verificationMethods.map((m: { privateKeyJwk: { crv: string } }) => m.privateKeyJwk.crv)).toEqual(
      ['SM2', 'SM2'],
    );
    const r = await run(['did', 'recover', '--keys', 'k.json', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    k = JSON.parse(readFileSync(join(dir, 'k.json'), 'utf8'));
    expect([k.updateKey.crv, k.recoveryKey.crv]).toEqual(['SM2', 'SM2']);
    // and the recovered DID still takes SM2-signed updates
    const u2 = await run(['did', 'update', '--keys', 'k.json', '--remove-key', 'gm-2']);
    expect(u2.stderr).toBe('');
    expect(u2.code).toBe(0);
  });

  it('refuses what SM2 cannot do here, and bad --algorithms / --sd-alg, with usage errors', async () => {
    const dir = tempDir();
    const ledger = ['--ledger', 'sqlite:./l.db', '--create'];
    const run = (argv: string[]) => cli([...argv, ...ledger], dir);
    expect((await run(['did', 'create', '--key-type', 'SM2', '--out', 'k.json'])).code).toBe(0);
    writeFileSync(join(dir, 's.json'), JSON.stringify({ a: 1 }));
    // an SM2 issuer signs Data Integrity credentials with sm2-rdfc-2025
    const di = await run(['vc', 'issue', '--format', 'di', '--issuer-keys', 'k.json', '--subject', 's.json']);
    expect(di.stderr).toBe('');
    expect(di.code).toBe(0);
    expect(JSON.parse(di.stdout).proof).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'sm2-rdfc-2025',
    });
    const badSd = await run([
      'vc',
      'issue',
      '--issuer-keys',
      'k.json',
      '--subject',
      's.json',
      '--sd-alg',
      'md5',
    ]);
    expect(badSd.stderr).toMatch(/^ERR_CLI_USAGE: --sd-alg/);
    // an SM2 issuer may still choose sha-256
    const sha = await run([
      'vc',
      'issue',
      '--issuer-keys',
      'k.json',
      '--subject',
      's.json',
      '--sd-alg',
      'sha-256',
    ]);
    expect(sha.code).toBe(0);
    expect(jsonPart(sha.stdout.trim().split('~')[0] as string, 1)._sd_alg).toBe('sha-256');
    writeFileSync(join(dir, 'c.txt'), sha.stdout);
    const badAlg = await run(['vc', 'verify', 'c.txt', '--no-key-binding-check', '--algorithms', 'none']);
    expect(badAlg.stderr).toMatch(/^ERR_CLI_USAGE: --algorithms/);
    const ok = await run(['vc', 'verify', 'c.txt', '--no-key-binding-check', '--algorithms', 'EdDSA,SM2']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
  });
});
