// The wallet's consent log is kept in segments: after hundreds of logins the item rewritten on
// each one stays small (it held the whole log, re-encrypted every time), the export still gives
// every record in order, and a vault written before segments (one item with the whole log) goes on.
import { MemoryLedger } from '@realdid/ledger';
import { describe, expect, it } from 'vitest';
import { MemoryStorage, Vault, Wallet } from '../src/index.js';
import { alice, buildWorld, fastVault, originFor, type World } from './helpers.js';

/** How many bytes the vault stores under `name` (decrypted). */
async function itemBytes(vault: Vault, name: string): Promise<number> {
  return (await vault.get(name))?.length ?? 0;
}

/** A wallet over a vault the test holds, enrolled for Alice and registered at the video site. */
async function registered(w: World): Promise<{ wallet: Wallet; vault: Vault; origin: { origin: string } }> {
  const vault = await Vault.create(new MemoryStorage(), 'pw', fastVault);
  const wallet = await Wallet.create({
    vault,
    ledger: w.ledger,
    registryDid: w.registry.did,
    now: () => w.now.t,
  });
  await wallet.storeCredentials(
    await w.authority.enrol({
      evidence: { nationalId: alice.nationalId, familyName: alice.familyName, givenName: alice.givenName },
      holderKeys: await wallet.createHolderKeys(2),
    }),
  );
  const origin = { origin: originFor(w.video.did) };
  await w.video.verifyRegistration(
    await wallet.respond(await w.video.createRequest(['age_over_18']), origin),
  );
  return { wallet, vault, origin };
}

describe('the consent log in segments', () => {
  it('200 logins: every record exported in order, the rewritten item bounded', async () => {
    const w = await buildWorld(new MemoryLedger());
    const { wallet, vault, origin } = await registered(w);
    let largest = 0;
    for (let i = 0; i < 200; i++) {
      w.now.t += 1000;
      await w.video.verifyLogin(await wallet.login(await w.video.createLoginChallenge(), origin));
      largest = Math.max(largest, await itemBytes(vault, 'wallet.consent'));
    }
    const log = await wallet.exportConsentLog();
    expect(log).toHaveLength(201);
    expect(log[0]?.action).toBe('registration');
    expect(log.slice(1).every((r) => r.action === 'login')).toBe(true);
    const times = log.map((r) => Date.parse(r.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(201);
    // the item rewritten per login holds at most 64 records, not the 201
    expect(largest).toBeLessThan(64 * 400);
    expect(await itemBytes(vault, 'wallet.consent.segments')).toBeGreaterThan(0);
  });

  it('a vault whose log is one item of 100 records (written before segments) keeps them all', async () => {
    const w = await buildWorld(new MemoryLedger());
    const { wallet, vault, origin } = await registered(w);
    // The log as a vault written before segments holds it: one array, no segment count.
    const old = Array.from({ length: 100 }, (_, i) => ({
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      rp: w.video.did,
      rpName: 'Video site',
      action: 'login' as const,
      claims: [] as string[],
    }));
    await vault.putJson('wallet.consent', old);
    expect(await vault.get('wallet.consent.segments')).toBeUndefined();
    for (let i = 0; i < 70; i++) await wallet.login(await w.video.createLoginChallenge(), origin);
    const log = await wallet.exportConsentLog();
    expect(log).toHaveLength(170);
    expect(log.slice(0, 100)).toEqual(old);
    expect(log.slice(100).every((r) => r.action === 'login')).toBe(true);
  });

  it('a damaged segment count or segment is ERR_VAULT_CORRUPT, not a crash', async () => {
    const w = await buildWorld(new MemoryLedger());
    const { wallet, vault } = await registered(w);
    await vault.putJson('wallet.consent.segments', -1);
    await expect(wallet.exportConsentLog()).rejects.toMatchObject({ code: 'ERR_VAULT_CORRUPT' });
    await vault.putJson('wallet.consent.segments', 1);
    await vault.putJson('wallet.consent.0', { not: 'a log' });
    await expect(wallet.exportConsentLog()).rejects.toMatchObject({ code: 'ERR_VAULT_CORRUPT' });
  });
});
