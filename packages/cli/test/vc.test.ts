import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { issuerWorld, presentArgs } from './helpers.js';

const SUBJECT = { given_name: 'Ada', birthdate: '1990-12-10', age_over_18: true, region: 'R1' };

async function setup(keyType = 'Ed25519') {
  const { dir, run, did } = await issuerWorld({ keyType, subject: SUBJECT });
  return { dir, run, issuerDid: did };
}

function issuerSecrets(dir: string): string[] {
  const k = JSON.parse(readFileSync(join(dir, 'issuer.json'), 'utf8'));
  const h = JSON.parse(readFileSync(join(dir, 'holder.json'), 'utf8'));
  return [k.verificationMethods[0].privateKeyJwk.d, k.updateKey.d, k.recoveryKey.d, h.d];
}

describe('realdid vc (SD-JWT VC)', () => {
  it.each(['Ed25519', 'P-256', 'secp256k1'])(
    'issue → present → verify with a %s did:realdid issuer',
    async (type) => {
      const { dir, run, issuerDid } = await setup(type);
      const issued = await run([
        'vc',
        'issue',
        '--format',
        'sd-jwt',
        '--issuer-keys',
        'issuer.json',
        '--subject',
        'subject.json',
        '--sd',
        'given_name,birthdate,age_over_18',
        '--vct',
        'urn:example:pid',
        '--holder-jwk',
        'holder.json',
        '--out',
        'cred.txt',
      ]);
      expect(issued.stderr).toBe('');
      expect(issued.code).toBe(0);
      const credential = readFileSync(join(dir, 'cred.txt'), 'utf8').trim();
      expect(credential.split('~').length).toBe(5); // jwt + 3 disclosures + ''
      for (const d of issuerSecrets(dir)) expect(issued.stdout + credential).not.toContain(d);

      const presented = await run(presentArgs('n-123'));
      expect(presented.stderr).toBe('');
      expect(presented.code).toBe(0);
      for (const d of issuerSecrets(dir)) expect(presented.stdout).not.toContain(d);

      const verified = await run([
        'vc',
        'verify',
        'vp.txt',
        '--aud',
        'https://rp.example',
        '--nonce',
        'n-123',
        '--json',
      ]);
      expect(verified.stderr).toBe('');
      expect(verified.code).toBe(0);
      const v = verified.json<{
        claims: Record<string, unknown>;
        iss: string;
        vct: string;
        keyBound: boolean;
      }>();
      expect(v.iss).toBe(issuerDid);
      expect(v.vct).toBe('urn:example:pid');
      expect(v.keyBound).toBe(true);
      expect(v.claims.age_over_18).toBe(true);
      expect(v.claims.region).toBe('R1'); // not selectively disclosable: always there
      expect(v.claims.given_name).toBeUndefined();
      expect(v.claims.birthdate).toBeUndefined();
      const kbArgs = ['vc', 'verify', 'vp.txt', '--aud', 'https://rp.example', '--nonce', 'n-123'];
      expect((await run([...kbArgs, '--issuer', issuerDid])).code).toBe(0);
      const other = await run([...kbArgs, '--issuer', 'did:key:z6Mk']);
      expect(other.code).toBe(1);
      expect(other.stderr).toMatch(/^ERR_CLI_VERIFY_FAILED: issued by /);

      // wrong nonce, tampered payload, tampered disclosure
      const wrongNonce = await run([
        'vc',
        'verify',
        'vp.txt',
        '--aud',
        'https://rp.example',
        '--nonce',
        'other',
      ]);
      expect(wrongNonce.code).toBe(1);
      expect(wrongNonce.stderr).toMatch(/^ERR_SD_JWT_KB_NONCE/);
      const vp = readFileSync(join(dir, 'vp.txt'), 'utf8').trim();
      const [jwt, ...rest] = vp.split('~');
      const [h, p, s] = (jwt as string).split('.');
      const payload = JSON.parse(Buffer.from(p as string, 'base64url').toString());
      payload.region = 'R2';
      writeFileSync(
        join(dir, 'tampered.txt'),
        [`${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`, ...rest].join('~'),
      );
      const tampered = await run([
        'vc',
        'verify',
        'tampered.txt',
        '--aud',
        'https://rp.example',
        '--nonce',
        'n-123',
      ]);
      expect(tampered.code).toBe(1);
      expect(tampered.stderr).toMatch(/^ERR_SD_JWT_SIGNATURE/);
      expect(tampered.stdout).toBe('');
    },
  );

  it('a credential without holder binding verifies without key binding; batch issuance reports progress', async () => {
    const { dir, run } = await setup();
    const progress: string[] = [];
    const { runCli } = await import('../src/index.js');
    let out = '';
    const code = await runCli(
      [
        'vc',
        'issue',
        '--issuer-keys',
        'issuer.json',
        '--subject',
        'subject.json',
        '--count',
        '3',
        '--ledger',
        'sqlite:./l.db',
      ],
      {
        stdout: (s) => {
          out += s;
        },
        stderr: () => {},
        progress: (s) => progress.push(s),
        cwd: dir,
        env: {},
      },
    );
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(new Set(lines).size).toBe(3);
    expect(progress).toEqual(['issued 1/3', 'issued 2/3', 'issued 3/3']);
    writeFileSync(join(dir, 'one.txt'), `${lines[1]}\n`);
    const v = await run(['vc', 'verify', 'one.txt', '--no-key-binding-check', '--json']);
    expect(v.stderr).toBe('');
    expect(v.json<{ claims: Record<string, unknown> }>().claims.given_name).toBe('Ada');
    const p = await run([
      'vc',
      'present',
      '--credential',
      'one.txt',
      '--disclose',
      'region',
      '--out',
      'p.txt',
    ]);
    expect(p.code).toBe(0);
    const pv = await run(['vc', 'verify', 'p.txt', '--no-key-binding-check', '--json']);
    expect(pv.json<{ claims: Record<string, unknown> }>().claims).not.toHaveProperty('given_name');
    // asking for key binding of an unbound credential fails
    const kb = await run(['vc', 'verify', 'p.txt', '--aud', 'x', '--nonce', 'y']);
    expect(kb.code).toBe(1);
    expect(kb.stderr).toMatch(/^ERR_SD_JWT_/);
  });
});

describe('realdid vc (Data Integrity)', () => {
  it.each(['Ed25519', 'P-256', 'SM2'])(
    'issue → verify with a %s did:realdid issuer; a changed claim fails',
    async (type) => {
      const { dir, run, issuerDid } = await setup(type);
      const issued = await run([
        'vc',
        'issue',
        '--format',
        'di',
        '--issuer-keys',
        'issuer.json',
        '--subject',
        'subject.json',
        '--holder-jwk',
        'holder.json',
        '--out',
        'vc.json',
      ]);
      expect(issued.stderr).toBe('');
      expect(issued.code).toBe(0);
      expect(statSync(join(dir, 'vc.json')).isFile()).toBe(true);
      for (const d of issuerSecrets(dir)) expect(issued.stdout).not.toContain(d);
      const ok = await run(['vc', 'verify', '--format', 'di', 'vc.json', '--json']);
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
      const r = ok.json<{ issuer: string; credentialSubject: Record<string, unknown> }>();
      expect(r.issuer).toBe(issuerDid);
      expect(r.credentialSubject.given_name).toBe('Ada');
      expect(String(r.credentialSubject.id)).toMatch(/^did:key:/);
      const vc = JSON.parse(readFileSync(join(dir, 'vc.json'), 'utf8'));
      vc.credentialSubject.age_over_18 = false;
      writeFileSync(join(dir, 'forged.json'), JSON.stringify(vc));
      const forged = await run(['vc', 'verify', '--format', 'di', 'forged.json']);
      expect(forged.code).toBe(1);
      expect(forged.stderr).toMatch(/^ERR_VC_PROOF_INVALID/);
      const forgedJson = await run(['vc', 'verify', '--format', 'di', 'forged.json', '--json']);
      expect(forgedJson.code).toBe(1);
      expect(JSON.parse(forgedJson.stderr.split('\n')[0] as string).error.code).toBe('ERR_VC_PROOF_INVALID');
      // a credential of another issuer than --issuer is refused with the CLI's own code
      const otherIssuer = await run([
        'vc',
        'verify',
        '--format',
        'di',
        'vc.json',
        '--issuer',
        'did:key:z6Mk',
      ]);
      expect(otherIssuer.code).toBe(1);
      expect(otherIssuer.stderr).toMatch(/^ERR_CLI_VERIFY_FAILED: issued by /);
      const otherIssuerJson = await run([
        'vc',
        'verify',
        '--format',
        'di',
        'vc.json',
        '--issuer',
        'did:key:z6Mk',
        '--json',
      ]);
      expect(JSON.parse(otherIssuerJson.stderr).error.code).toBe('ERR_CLI_VERIFY_FAILED');
      // item 4: after the issuer DID rotates its key, the credential signed before still verifies
      // (the retired key stays for assertionMethod); once the retired key is revoked, it does not
      expect((await run(['did', 'rotate', '--keys', 'issuer.json'])).code).toBe(0);
      const rotated = await run(['vc', 'verify', '--format', 'di', 'vc.json']);
      expect(rotated.stderr).toBe('');
      expect(rotated.code).toBe(0);
      const revokedKey = await run(['did', 'revoke-key', '--keys', 'issuer.json', '--key', 'key-1']);
      expect(revokedKey.stderr).toBe('');
      const afterRevoke = await run(['vc', 'verify', '--format', 'di', 'vc.json']);
      expect(afterRevoke.code).toBe(1);
      expect(afterRevoke.stderr).toMatch(/^ERR_VC_/);
    },
  );

  it('a batch is one credential per line; --json gives the credentials as objects', async () => {
    const { dir, run, issuerDid } = await setup();
    const base = [
      'vc',
      'issue',
      '--format',
      'di',
      '--issuer-keys',
      'issuer.json',
      '--subject',
      'subject.json',
    ];
    const batch = await run([...base, '--count', '2']);
    expect(batch.stderr).toBe('');
    expect(batch.code).toBe(0);
    const lines = batch.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const [i, line] of lines.entries()) {
      expect(JSON.parse(line).issuer).toBe(issuerDid);
      writeFileSync(join(dir, `batch-${i}.json`), line);
      const v = await run(['vc', 'verify', '--format', 'di', `batch-${i}.json`]);
      expect(v.stderr).toBe('');
      expect(v.code).toBe(0);
    }
    const json = await run([...base, '--count', '2', '--json']);
    const out = json.json<{ count: number; credentials: { issuer: string; proof: unknown }[] }>();
    expect(out.count).toBe(2);
    expect(out.credentials.map((c) => c.issuer)).toEqual([issuerDid, issuerDid]);
    expect(typeof out.credentials[0]?.proof).toBe('object');
  });

  it('present → verify a Data Integrity presentation bound to a challenge and domain', async () => {
    const { dir, run, issuerDid } = await setup();
    expect(
      (
        await run([
          'vc',
          'issue',
          '--format',
          'di',
          '--issuer-keys',
          'issuer.json',
          '--subject',
          'subject.json',
          '--holder-jwk',
          'holder.json',
          '--out',
          'vc.json',
        ])
      ).code,
    ).toBe(0);
    const p = await run([
      'vc',
      'present',
      '--format',
      'di',
      '--credential',
      'vc.json',
      '--holder-key',
      'holder.json',
      '--nonce',
      'c-81',
      '--aud',
      'https://rp.example',
      '--out',
      'vp.json',
    ]);
    expect(p.stderr).toBe('');
    expect(p.code).toBe(0);
    for (const d of issuerSecrets(dir)) expect(p.stdout).not.toContain(d);
    const ok = await run([
      'vc',
      'verify',
      '--format',
      'di',
      'vp.json',
      '--nonce',
      'c-81',
      '--aud',
      'https://rp.example',
      '--json',
    ]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const r = ok.json<{ holder: string; issuers: string[]; credentialSubjects: Record<string, unknown>[] }>();
    expect(r.issuers).toEqual([issuerDid]);
    expect(r.credentialSubjects[0]?.id).toBe(r.holder);
    const vpArgs = [
      'vc',
      'verify',
      '--format',
      'di',
      'vp.json',
      '--nonce',
      'c-81',
      '--aud',
      'https://rp.example',
    ];
    expect((await run([...vpArgs, '--issuer', issuerDid])).code).toBe(0);
    const other = await run([...vpArgs, '--issuer', 'did:key:z6Mk']);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/^ERR_CLI_VERIFY_FAILED: a credential is not issued by did:key:z6Mk/);
    const replay = await run([
      'vc',
      'verify',
      '--format',
      'di',
      'vp.json',
      '--nonce',
      'other',
      '--aud',
      'https://rp.example',
    ]);
    expect(replay.code).toBe(1);
    expect(replay.stderr).toMatch(/^ERR_VC_CHALLENGE/);
    const noChallenge = await run(['vc', 'verify', '--format', 'di', 'vp.json']);
    expect(noChallenge.stderr).toMatch(/^ERR_CLI_USAGE/);
    const disclose = await run([
      'vc',
      'present',
      '--format',
      'di',
      '--credential',
      'vc.json',
      '--disclose',
      'a',
      '--holder-key',
      'holder.json',
      '--nonce',
      'n',
      '--aud',
      'a',
    ]);
    expect(disclose.stderr).toMatch(/^ERR_CLI_USAGE: --disclose/);
  });

  it('a did:key issuer (a private JWK of key generate) works without a ledger DID', async () => {
    const { run } = await setup();
    const i = await run([
      'vc',
      'issue',
      '--format',
      'di',
      '--issuer-keys',
      'holder.json',
      '--subject',
      'subject.json',
      '--out',
      'k.json',
    ]);
    expect(i.code).toBe(0);
    const v = await run(['vc', 'verify', '--format', 'di', 'k.json', '--json']);
    expect(v.json<{ issuer: string }>().issuer).toMatch(/^did:key:z6Mk/);
  });
});

describe('realdid vc bad input', () => {
  it('answers coded errors with non-zero exits', async () => {
    const { dir, run } = await setup('secp256k1');
    for (const command of ['issue', 'present', 'verify']) {
      const badFormat = await run(['vc', command, '--format', 'jwt']);
      expect(badFormat.code).toBe(2);
      expect(badFormat.stderr).toBe('ERR_CLI_USAGE: --format must be sd-jwt or di, found jwt\n');
    }
    const di = await run([
      'vc',
      'issue',
      '--format',
      'di',
      '--issuer-keys',
      'issuer.json',
      '--subject',
      'subject.json',
    ]);
    expect(di.code).toBe(2);
    expect(di.stderr).toMatch(/^ERR_CLI_USAGE: Data Integrity/);
    const fmt = await run([
      'vc',
      'issue',
      '--format',
      'jwt',
      '--issuer-keys',
      'issuer.json',
      '--subject',
      'subject.json',
    ]);
    expect(fmt.stderr).toMatch(/^ERR_CLI_USAGE: --format/);
    const sd = await run([
      'vc',
      'issue',
      '--issuer-keys',
      'issuer.json',
      '--subject',
      'subject.json',
      '--sd',
      'nope',
    ]);
    expect(sd.stderr).toMatch(/^ERR_CLI_USAGE: --sd nope/);
    writeFileSync(join(dir, 'garbage.txt'), 'not-a-credential');
    const g = await run(['vc', 'verify', 'garbage.txt', '--no-key-binding-check']);
    expect(g.code).toBe(1);
    expect(g.stderr).toMatch(/^ERR_SD_JWT_/);
    const gdi = await run(['vc', 'verify', '--format', 'di', 'garbage.txt']);
    expect(gdi.stderr).toMatch(/^ERR_CLI_FILE_READ/);
    const noKeys = await run(['vc', 'present', '--credential', 'missing.txt', '--disclose', 'a']);
    expect(noKeys.stderr).toMatch(/^ERR_CLI_FILE_READ/);
    const audOnly = await run(['vc', 'present', '--credential', 'garbage.txt', '--aud', 'x']);
    expect(audOnly.stderr).toMatch(/^ERR_CLI_USAGE/);
  });
});
