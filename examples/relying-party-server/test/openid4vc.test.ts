// The same site over the standard protocols, on 127.0.0.1: a wallet (reaching the ledger only
// through the server) enrols by OpenID4VCI, registers by OpenID4VP + DCQL, and logs in.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpLedger } from '@realdid/ledger-http';
import { SqliteLedger } from '@realdid/ledger-sqlite';
import { MemoryStorage, Vault, Wallet } from '@realdid/realname';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RelyingPartyClient } from '../client/relyingPartyClient.mjs';
import { buildServer } from '../src/server.mjs';
import { createWorld, SAMPLE_PEOPLE } from '../src/world.mjs';
import { registerOverOpenId4Vp } from './serverProcess.js';

describe('examples/relying-party-server over OpenID4VCI and OpenID4VP', () => {
  let dir: string;
  let ledger: SqliteLedger;
  let base: string;
  let close: () => Promise<void>;
  let wallet: Wallet;
  let client: RelyingPartyClient;
  const p = SAMPLE_PEOPLE[0]!;
  const evidence = { nationalId: p.nationalId, familyName: p.familyName, givenName: p.givenName };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'realdid-rp-oid4vc-'));
    ledger = await SqliteLedger.open(join(dir, 'ledger.db'));
    const world = await createWorld(ledger);
    const { app, listen } = await buildServer({
      ledger,
      world,
      site: { name: 'Video site', claims: ['age_over_18'] },
    });
    base = await listen({ host: '127.0.0.1', port: 0 });
    close = async () => {
      await app.close();
      await ledger.close();
    };
    const vault = await Vault.create(new MemoryStorage(), 'pw', { scrypt: { N: 2 ** 10, r: 8, p: 1 } });
    wallet = await Wallet.create({
      vault,
      ledger: new HttpLedger({ url: base }),
      registryDid: world.registry.did,
    });
    client = new RelyingPartyClient(base);
  });

  afterAll(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('enrols: an offer after the identity check, the batch for one proof per key', async () => {
    const { offerUri, txCode } = await client.credentialOffer(evidence);
    expect(offerUri).toMatch(/^openid-credential-offer:\/\//);
    expect(txCode).toMatch(/^\d{6}$/);
    expect(await wallet.acceptCredentialOffer(offerUri, { txCode, count: 3 })).toBe(3);
    await expect(
      client.credentialOffer({ nationalId: '000000000000000000', familyName: 'X', givenName: 'Y' }),
    ).rejects.toMatchObject({ code: 'ERR_IDENTITY_NOT_VERIFIED' });
  });

  it('registers by OpenID4VP + DCQL, logs in; a replayed direct_post is refused', async () => {
    const { answered, code, replay } = await registerOverOpenId4Vp(wallet, client, base);
    const account = await client.registrationResult(code);
    expect(account).toEqual({ did: answered.did, claims: { age_over_18: true } });
    await expect(client.registrationResult(code)).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
    expect(await replay()).toEqual({ status: 400, code: 'ERR_NONCE_REPLAYED' });
    const login = await client.login(await wallet.login(await client.loginChallenge(), { origin: base }));
    expect(login.did).toBe(answered.did);
  });
});
