import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.js';

interface Resolution {
  didDocument: {
    id: string;
    verificationMethod?: { id: string; publicKeyMultibase: string }[];
    service?: { id: string; type: string; serviceEndpoint: unknown }[];
    assertionMethod?: string[];
    authentication?: string[];
  } | null;
  didDocumentMetadata: { versionId?: string; deactivated?: boolean; updated?: string };
}

function secretsOf(dir: string, file: string): string[] {
  const k = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const jwks = [
    ...k.verificationMethods.map((v: { privateKeyJwk: unknown }) => v.privateKeyJwk),
    k.updateKey,
    k.recoveryKey,
  ].filter(Boolean) as { d: string }[];
  return jwks.map((j) => j.d);
}

function expectPrivate(dir: string, file: string, stdout: string): void {
  expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
  const secrets = secretsOf(dir, file);
  expect(secrets.length).toBeGreaterThanOrEqual(3);
  for (const d of secrets) expect(stdout).not.toContain(d);
}

describe('realdid did', () => {
  it('create → resolve → update → rotate → recover → deactivate on a SQLite ledger', async () => {
    const dir = tempDir();
    const ledger = ['--ledger', 'sqlite:./l.db', '--create'];
    const c = await cli(
      [
        'did',
        'create',
        '--out',
        'alice.json',
        '--service',
        'site,LinkedDomains,https://a.example',
        ...ledger,
        '--json',
      ],
      dir,
    );
    expect(c.stderr).toBe('');
    expect(c.code).toBe(0);
    const created = c.json<{ did: string; longFormDid: string; versionId: string }>();
    expect(created.did).toMatch(/^did:realdid:zQm/);
    expect(created.longFormDid.startsWith(`${created.did}:`)).toBe(true);
    expectPrivate(dir, 'alice.json', c.stdout);

    const resolve = async (...extra: string[]) => {
      const r = await cli(['did', 'resolve', created.did, ...ledger, ...extra], dir);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return r.json<Resolution>();
    };
    const r0 = await resolve();
    expect(r0.didDocument?.id).toBe(created.did);
    expect(r0.didDocumentMetadata.versionId).toBe(created.versionId);
    expect(r0.didDocument?.service?.[0]?.serviceEndpoint).toBe('https://a.example');
    const key1 = r0.didDocument?.verificationMethod?.[0]?.publicKeyMultibase;

    // update: add a P-256 key and a service, remove the first service
    const u = await cli(
      [
        'did',
        'update',
        '--keys',
        'alice.json',
        '--add-key',
        'key-2,P-256,authentication',
        '--remove-service',
        'site',
        '--add-service',
        'hub,Hub,https://hub.example/x?a=1,2',
        ...ledger,
        '--json',
      ],
      dir,
    );
    expect(u.stderr).toBe('');
    expect(u.code).toBe(0);
    expectPrivate(dir, 'alice.json', u.stdout);
    const r1 = await resolve();
    expect(r1.didDocumentMetadata.versionId).toBe(u.json().versionId);
    expect(r1.didDocument?.verificationMethod?.map((v) => v.id.split('#')[1])).toEqual(['key-1', 'key-2']);
    expect(r1.didDocument?.service?.map((s) => [s.id.split('#')[1], s.serviceEndpoint])).toEqual([
      ['hub', 'https://hub.example/x?a=1,2'],
    ]);
    // the old version is still resolvable by versionId
    expect((await resolve('--version-id', created.versionId)).didDocument?.service?.[0]?.type).toBe(
      'LinkedDomains',
    );

    // the spent update key cannot be used again: keep a copy of the old file and try
    const oldKeys = readFileSync(join(dir, 'alice.json'), 'utf8');

    // rotate: new signing keys and update key
    const rot = await cli(['did', 'rotate', '--keys', 'alice.json', ...ledger, '--json'], dir);
    expect(rot.stderr).toBe('');
    expect(rot.code).toBe(0);
    expectPrivate(dir, 'alice.json', rot.stdout);
    const r2 = await resolve();
    expect(r2.didDocumentMetadata.versionId).toBe(rot.json().versionId);
    // new ids for the new keys; key-1 retired to assertionMethod only, key-2 (authentication only) gone
    expect(r2.didDocument?.verificationMethod?.map((v) => v.id.split('#')[1])).toEqual([
      'key-1',
      'key-3',
      'key-4',
    ]);
    expect(rot.json<{ newKeys: string[] }>().newKeys).toEqual(['key-3', 'key-4']);
    expect(r2.didDocument?.verificationMethod?.[0]?.publicKeyMultibase).toBe(key1);
    expect(r2.didDocument?.assertionMethod).toContain(`${created.did}#key-1`);
    expect(r2.didDocument?.authentication).not.toContain(`${created.did}#key-1`);
    expect(r2.didDocument?.verificationMethod?.[1]?.publicKeyMultibase).not.toBe(key1);
    expect(r2.didDocument?.verificationMethod?.[1]?.publicKeyMultibase).toBe(
      rot.json<{ verificationMethods: { publicKeyMultibase: string }[] }>().verificationMethods[0]
        ?.publicKeyMultibase,
    );

    // replaying an update with the spent key file fails with the DID error, file unchanged
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'old.json'), oldKeys, { mode: 0o600 });
    const stale = await cli(['did', 'update', '--keys', 'old.json', '--remove-key', 'key-2', ...ledger], dir);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/^ERR_CLI_CHECK_FAILED/);
    expect(readFileSync(join(dir, 'old.json'), 'utf8')).toBe(oldKeys);
    expect(existsSync(join(dir, 'old.json.next'))).toBe(false);
    expect((await resolve()).didDocumentMetadata.versionId).toBe(rot.json().versionId);

    // recover: everything replaced, services kept
    const rec = await cli(['did', 'recover', '--keys', 'alice.json', ...ledger, '--json'], dir);
    expect(rec.stderr).toBe('');
    expect(rec.code).toBe(0);
    expectPrivate(dir, 'alice.json', rec.stdout);
    const r3 = await resolve();
    expect(r3.didDocumentMetadata.versionId).toBe(rec.json().versionId);
    expect(r3.didDocument?.service?.map((s) => s.type)).toEqual(['Hub']);
    expect(r3.didDocument?.verificationMethod?.map((v) => v.id.split('#')[1])).toEqual(['key-3', 'key-4']); // the keys file's signing keys; recovery keeps no retired key

    // update after recovery uses the new update key
    const u2 = await cli(['did', 'update', '--keys', 'alice.json', '--remove-key', 'key-4', ...ledger], dir);
    expect(u2.stderr).toBe('');
    expect(u2.code).toBe(0);
    expect((await resolve()).didDocument?.verificationMethod?.length).toBe(1);

    // deactivate
    const d = await cli(['did', 'deactivate', '--keys', 'alice.json', ...ledger, '--json'], dir);
    expect(d.stderr).toBe('');
    expect(d.code).toBe(0);
    const r4 = await cli(['did', 'resolve', created.did, ...ledger], dir);
    expect(r4.code).toBe(0);
    const res4 = r4.json<Resolution>();
    expect(res4.didDocumentMetadata.deactivated).toBe(true);
    expect(res4.didDocumentMetadata.versionId).toBe(d.json().versionId);
    expect(res4.didDocument?.verificationMethod ?? []).toEqual([]);
    const after = await cli(
      ['did', 'update', '--keys', 'alice.json', '--add-service', 'x,X,https://x.example', ...ledger],
      dir,
    );
    expect(after.code).not.toBe(0);
    expect(after.stderr).toMatch(/^ERR_CLI_USAGE: .*deactivated/);
  });

  it('creates long-form DIDs without touching the ledger, and resolves them offline', async () => {
    const dir = tempDir();
    const c = await cli(
      [
        'did',
        'create',
        '--long-form',
        '--key-type',
        'secp256k1',
        '--network',
        'intl',
        '--out',
        'k.json',
        '--ledger',
        'memory:',
        '--json',
      ],
      dir,
    );
    expect(c.code).toBe(0);
    const { did, longFormDid, anchored } = c.json<{ did: string; longFormDid: string; anchored: boolean }>();
    expect(anchored).toBe(false);
    expect(did).toMatch(/^did:realdid:intl:zQm/);
    expectPrivate(dir, 'k.json', c.stdout);
    const r = await cli(['did', 'resolve', longFormDid, '--ledger', 'memory:'], dir);
    expect(r.code).toBe(0);
    expect(r.json<Resolution>().didDocument?.id).toBe(longFormDid);
    const short = await cli(['did', 'resolve', did, '--ledger', 'memory:'], dir);
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/^notFound/);
    const upd = await cli(
      ['did', 'update', '--keys', 'k.json', '--remove-key', 'key-1', '--ledger', 'memory:'],
      dir,
    );
    expect(upd.code).toBe(2);
    expect(upd.stderr).toMatch(/^ERR_CLI_USAGE: .*never anchored/);
    // anchored later, the short form resolves and updates work
    const l = ['--ledger', 'sqlite:./l.db', '--create'];
    const a = await cli(['did', 'anchor', '--keys', 'k.json', ...l, '--json'], dir);
    expect(a.stderr).toBe('');
    expect(a.json<{ alreadyAnchored: boolean }>().alreadyAnchored).toBe(false);
    expectPrivate(dir, 'k.json', a.stdout);
    const again = await cli(['did', 'anchor', '--keys', 'k.json', ...l, '--json'], dir);
    expect(again.json<{ alreadyAnchored: boolean }>().alreadyAnchored).toBe(true);
    const resolved = await cli(['did', 'resolve', did, ...l], dir);
    expect(resolved.code).toBe(0);
    expect(resolved.json<Resolution>().didDocument?.id).toBe(did);
    const upd2 = await cli(
      ['did', 'update', '--keys', 'k.json', '--add-service', 's,S,https://s.example', ...l],
      dir,
    );
    expect(upd2.stderr).toBe('');
    expect(upd2.code).toBe(0);
  });

  it('bad input: coded errors on stderr and non-zero exits', async () => {
    const dir = tempDir();
    expect((await cli(['ledger', 'init'], dir)).code).toBe(0);
    const bad = await cli(['did', 'resolve', 'did:realdid:nope'], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^invalidDid/);
    expect(bad.stdout).toBe('');
    const badJson = await cli(['did', 'resolve', 'did:web:example.com', '--json'], dir);
    expect(badJson.code).toBe(1);
    expect(JSON.parse(badJson.stderr).error.code).toBe('methodNotSupported');
    const none = await cli(['did', 'resolve'], dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^ERR_CLI_USAGE/);
    const noOut = await cli(['did', 'create'], dir);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/^ERR_CLI_USAGE: --out/);
    const badType = await cli(['did', 'create', '--out', 'x.json', '--key-type', 'RSA'], dir);
    expect(badType.stderr).toMatch(/^ERR_CLI_USAGE/);
    const missing = await cli(['did', 'rotate', '--keys', 'missing.json'], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^ERR_CLI_FILE_READ/);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'notkeys.json'), '{"kty":"OKP"}');
    const notKeys = await cli(['did', 'deactivate', '--keys', 'notkeys.json'], dir);
    expect(notKeys.stderr).toMatch(/^ERR_CLI_FILE_READ: .*not a realdid keys file/);
    expect((await cli(['did', 'create', '--out', 'a.json'], dir)).code).toBe(0);
    const twice = await cli(['did', 'create', '--out', 'a.json'], dir);
    expect(twice.stderr).toMatch(/^ERR_CLI_FILE_EXISTS/);
    // a staged change left by an interrupted command blocks further changes, and is kept
    writeFileSync(join(dir, 'a.json.next'), 'pending', { mode: 0o600 });
    const blocked = await cli(['did', 'rotate', '--keys', 'a.json'], dir);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toMatch(/^ERR_CLI_FILE_EXISTS: a\.json\.next exists/);
    expect(readFileSync(join(dir, 'a.json.next'), 'utf8')).toBe('pending');
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, 'a.json.next'));
    expect((await cli(['did', 'rotate', '--keys', 'a.json'], dir)).code).toBe(0);
    const noop = await cli(['did', 'update', '--keys', 'a.json'], dir);
    expect(noop.stderr).toMatch(/^ERR_CLI_USAGE: nothing to do/);
    const badSvc = await cli(['did', 'update', '--keys', 'a.json', '--add-service', 'only-id'], dir);
    expect(badSvc.stderr).toMatch(/^ERR_CLI_USAGE/);
    const badVersion = await cli(
      [
        'did',
        'resolve',
        JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')).did,
        '--version-time',
        'yesterday',
      ],
      dir,
    );
    expect(badVersion.stderr).toMatch(/^invalidOptions/);
    // a DID the chosen ledger does not hold: its resolution error under the CLI's code
    const elsewhere = await cli(['did', 'rotate', '--keys', 'a.json', '--ledger', 'memory:'], dir);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toMatch(/^ERR_CLI_RESOLUTION: notFound/);
  });
});
