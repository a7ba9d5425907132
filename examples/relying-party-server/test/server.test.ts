// Starts the relying party on 127.0.0.1 and drives it over HTTP, with a wallet that reaches the
// ledger only through the server (as a browser wallet does).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpLedger } from '@realdid/ledger-http';
import { SqliteLedger } from '@realdid/ledger-sqlite';
import { MemoryStorage, registryTopic, Vault, Wallet } from '@realdid/realname';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RelyingPartyClient } from '../client/relyingPartyClient.mjs';
import { buildServer } from '../src/server.mjs';
import { createWorld, SAMPLE_PEOPLE } from '../src/world.mjs';

describe('examples/relying-party-server over HTTP', () => {
  let dir: string;
  let ledger: SqliteLedger;
  let base: string;
  let close: () => Promise<void>;
  let wallet: Wallet;
  let client: RelyingPartyClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'realdid-rp-'));
    ledger = await SqliteLedger.open(join(dir, 'ledger.db'));
    const world = await createWorld(ledger);
    const { app, listen } = await buildServer({
      ledger,
      world,
      site: { name: 'Video site', claims: ['age_over_18'] },
    });
    base = await listen({ host: '127.0.0.1', port: 0 });
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    close = async () => {
      await app.close();
      await ledger.close();
    };
    const vault = await Vault.create(new MemoryStorage(), 'pw', { scrypt: { N: 2 ** 10, r: 8, p: 1 } });
    const registryDid = world.registry.did;
    wallet = await Wallet.create({ vault, ledger: new HttpLedger({ url: base }), registryDid });
    client = new RelyingPartyClient(base);
    // the wallet page is provisioned with the registry authority's DID by the server
    expect(await client.walletConfig()).toEqual({ registryDid });
  });

  afterAll(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('enrols through the authority endpoint', async () => {
    const p = SAMPLE_PEOPLE[0]!;
    const { credentials } = await client.enrol(
      { nationalId: p.nationalId, familyName: p.familyName, givenName: p.givenName },
      await wallet.createHolderKeys(3),
    );
    expect(credentials).toHaveLength(3);
    await wallet.storeCredentials(credentials);
    await expect(
      client.enrol(
        { nationalId: '000000000000000000', familyName: 'X', givenName: 'Y' },
        await wallet.createHolderKeys(1),
      ),
    ).rejects.toMatchObject({ code: expect.stringMatching(/^ERR_/) });
  });

  let session = '';
  let did = '';

  it('registers anonymously: the site gets age_over_18 under a pairwise DID', async () => {
    const request = await client.registrationRequest();
    const account = await client.register(await wallet.respond(request, { origin: base }));
    expect(account.claims).toEqual({ age_over_18: true });
    expect(account.did).toBe(wallet.pairwiseDid(request.rp));
    did = account.did;
  });

  it('logs in by challenge-response and gets a session; replay fails', async () => {
    const response = await wallet.login(await client.loginChallenge(), { origin: base });
    const r = await client.login(response);
    expect(r.did).toBe(did);
    session = r.session;
    expect(await client.me(session)).toEqual({ did, claims: { age_over_18: true } });
    await expect(client.login(response)).rejects.toMatchObject({ code: 'ERR_NONCE_REPLAYED' });
    await expect(client.me('not-a-session')).rejects.toMatchObject({ code: 'ERR_UNAUTHENTICATED' });
  });

  it('mounts the gateway: the wallet reads through it, DIDs resolve, an unsigned append is refused', async () => {
    const reader = new HttpLedger({ url: base });
    const { rp: rpDid } = await client.registrationRequest();
    const res = await fetch(`${base}/1.0/identifiers/${encodeURIComponent(rpDid)}`, {
      headers: { accept: 'application/did-resolution' },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { didDocument: { id: string } }).didDocument.id).toBe(rpDid);
    // The registry's topic, which the site's registration wrote to.
    const topic = registryTopic((await client.walletConfig()).registryDid);
    const before = await ledger.size(topic);
    expect(before).toBeGreaterThan(0);
    expect(await reader.size(topic)).toBe(before);
    expect((await reader.read(topic)).map((e) => e.id)).toEqual((await ledger.read(topic)).map((e) => e.id));
    const refused = await fetch(`${base}/v1/append`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ topic, payload: 'AQ' }),
    });
    expect(refused.status).toBe(403); // no writer is allowed on that topic through this gateway
    expect(((await refused.json()) as { error: { code: string } }).error.code).toMatch(/^ERR_GATEWAY_/);
    expect(await ledger.size(topic)).toBe(before);
  });

  it('answers hostile input with a coded 400, and keeps serving', async () => {
    const post = (path: string, body: string) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    for (const [path, body] of [
      ['/rp/register', '{'],
      ['/rp/register', '[]'],
      ['/rp/register', '{"response":null}'],
      [
        '/rp/register',
        '{"response":{"type":"realdid-registration-response","did":"did:x","presentation":"a~b","proof":"x"}}',
      ],
      ['/rp/login', '{"response":"x".repeat(10)}'],
      ['/rp/login', JSON.stringify({ response: { __proto__: { polluted: true } } })],
    ] as const) {
      const res = await post(path, body);
      expect(res.status).toBe(400);
      const json = (await res.json()) as { error: { code: string } };
      expect(json.error.code).toMatch(/^(ERR_|FST_)/);
    }
    const big = await post('/rp/register', JSON.stringify({ response: 'x'.repeat(300_000) }));
    expect(big.status).toBe(413);
    expect((await client.site()).name).toBe('Video site');
  });
});
