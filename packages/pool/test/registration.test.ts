import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteAccountStore, SqliteNonceStore } from '@realdid/accounts-sqlite';
import { SqliteLedger } from '@realdid/ledger-sqlite';
import type { RegistrationResponse, RelyingParty, Wallet } from '@realdid/realname';
import { createDeployment } from '@realdid/realname/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allHostileValues } from '../../../test-support/hostile.js';
import { VerifierPool } from '../src/index.js';
import { ISS, outcomeOf, setup } from './helpers.js';

const REALNAME_PLUGINS = new URL('./fixtures/realname-plugins.mjs', import.meta.url);

describe('VerifierPool.verifyRegistration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'realdid-pool-'));
  const paths = {
    ledgerPath: join(dir, 'ledger.db'),
    noncePath: join(dir, 'nonces.db'),
    accountsPath: join(dir, 'accounts.db'),
  };
  let site: RelyingParty;
  let origin: string;
  let wallet: Wallet;
  let pool: VerifierPool;
  const respond = async (): Promise<RegistrationResponse> =>
    wallet.respond(await site.createRequest(['age_over_18', 'region']), { origin });

  beforeAll(async () => {
    const ledger = await SqliteLedger.open(paths.ledgerPath);
    const person = {
      recordId: 'r1',
      nationalId: '110105199001011234',
      familyName: '王',
      givenName: '小明',
      birthdate: '1990-01-01',
      region: '110105',
      nationality: 'CHN',
    };
    const d = await createDeployment({
      ledger,
      people: [person],
      committee: { id: 'pool-test', threshold: 2, size: 3, approve: () => true },
      sites: [{ name: 'S', allowedClaims: ['age_over_18', 'region'], origins: ['https://s.example'] }],
      relyingParty: {
        statusMaxAgeSeconds: 300,
        nonceStore: SqliteNonceStore.openSync(paths.noncePath),
        accounts: await SqliteAccountStore.open(paths.accountsPath),
      },
    });
    const deployed = d.sites.get('S');
    if (deployed === undefined) throw new Error('no site');
    site = deployed.rp;
    origin = deployed.origin;
    wallet = await d.enrolWallet(person, { count: 2 });
    pool = new VerifierPool({
      size: 2,
      plugins: {
        module: REALNAME_PLUGINS,
        options: {
          ...paths,
          state: site.exportState(),
          registryDid: d.registry.did,
          traceCommittee: d.committee.committeeId,
          statusMaxAgeSeconds: 300,
        },
      },
    });
    await pool.ready();
  });
  afterAll(async () => {
    await pool?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('verifies OpenID4VP authorization responses as the in-process relying party does, each nonce once', async () => {
    const answer = async () => {
      const { params, transaction } = await site.createAuthorizationRequest(['age_over_18', 'region'], {
        responseUri: `${origin}/response`,
        responseMode: 'direct_post.jwt',
      });
      const answered = await wallet.answerAuthorizationRequest(params, { origin });
      return { response: answered.response as Record<string, unknown>, transaction };
    };
    const [a, b] = [await answer(), await answer()];
    const inProcess = await site.verifyAuthorizationResponse(a.response, { transaction: a.transaction });
    const pooled = await pool.verifyAuthorizationResponse(b.response, { transaction: b.transaction });
    expect(Object.keys(pooled)).toEqual(Object.keys(inProcess));
    expect(pooled.did).toBe(inProcess.did);
    expect(pooled.claims).toEqual(inProcess.claims);
    expect(pooled.claims).toEqual({ age_over_18: true, region: '110105' });
    // Spent once, whichever thread verified it.
    const again = (x: typeof a, on: 'site' | 'pool') =>
      outcomeOf(() =>
        on === 'site'
          ? site.verifyAuthorizationResponse(x.response, { transaction: x.transaction })
          : pool.verifyAuthorizationResponse(x.response, { transaction: x.transaction }),
      );
    expect(await again(b, 'site')).toBe('ERR_NONCE_REPLAYED');
    expect(await again(a, 'pool')).toBe('ERR_NONCE_REPLAYED');
    // Another request's transaction, or none: the same refusal both ways.
    const c = await answer();
    const d = await answer();
    for (const options of [{ transaction: d.transaction }, {}, undefined, { transaction: 'x' }]) {
      const inP = await outcomeOf(() => site.verifyAuthorizationResponse(c.response, options as never));
      const onPool = await outcomeOf(() => pool.verifyAuthorizationResponse(c.response, options as never));
      expect(onPool).toBe(inP);
      expect(inP).not.toBe('ok');
    }
    expect(
      await outcomeOf(() => pool.verifyAuthorizationResponse(c.response, { transaction: c.transaction })),
    ).toBe('ok');
  });

  it('gives the account the in-process relying party gives, and spends each nonce once across threads', async () => {
    const [a, b] = [await respond(), await respond()];
    const inProcess = await site.verifyRegistration(a);
    const pooled = await pool.verifyRegistration(b);
    expect(Object.keys(pooled)).toEqual(Object.keys(inProcess));
    expect(pooled.did).toBe(inProcess.did);
    expect(pooled.claims).toEqual(inProcess.claims);
    expect(pooled.claims).toEqual({ age_over_18: true, region: '110105' });
    expect(pooled.trace.committee).toBe(inProcess.trace.committee);
    expect({ ...pooled.credential, status: undefined }).toEqual({
      ...inProcess.credential,
      status: undefined,
    });
    // The nonce spent by a worker is spent for the main thread and for the other worker too.
    expect(await outcomeOf(() => site.verifyRegistration(b))).toBe('ERR_NONCE_REPLAYED');
    expect(await outcomeOf(() => pool.verifyRegistration(a))).toBe('ERR_NONCE_REPLAYED');
    const replays = await Promise.all([0, 1, 2, 3].map(() => outcomeOf(() => pool.verifyRegistration(b))));
    expect(replays).toEqual([
      'ERR_NONCE_REPLAYED',
      'ERR_NONCE_REPLAYED',
      'ERR_NONCE_REPLAYED',
      'ERR_NONCE_REPLAYED',
    ]);
  });

  it('many registrations at once over both workers: each verifies once', async () => {
    const responses = await Promise.all(Array.from({ length: 12 }, () => respond()));
    const results = await Promise.all(responses.map((r) => outcomeOf(() => pool.verifyRegistration(r))));
    expect(results.every((r) => r === 'ok')).toBe(true);
    const again = await Promise.all(responses.map((r) => outcomeOf(() => pool.verifyRegistration(r))));
    expect(again.every((r) => r === 'ERR_NONCE_REPLAYED')).toBe(true);
  });

  it('refuses tampered and hostile responses with the in-process codes', async () => {
    // Each side gets its own fresh response, tampered the same way (a refused one may spend its nonce).
    const tamperings: Array<(r: RegistrationResponse) => unknown> = [
      (r) => ({ ...r, did: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK' }),
      (r) => ({ ...r, presentation: `${r.presentation}x` }),
      (r) => ({ ...r, proof: r.proof.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) }),
      (r) => ({ ...r, type: 'realdid-login-response' }),
      (r) => ({ ...r, proof: 42 }),
    ];
    for (const tamper of tamperings) {
      const a = await outcomeOf(async () => site.verifyRegistration(tamper(await respond()) as never));
      const b = await outcomeOf(async () => pool.verifyRegistration(tamper(await respond()) as never));
      expect(a).not.toBe('ok');
      expect(b).toBe(a);
    }
    for (const [i, bad] of allHostileValues().entries()) {
      const a = await outcomeOf(() => site.verifyRegistration(bad as never));
      const b = await outcomeOf(() => pool.verifyRegistration(bad as never));
      if (a === b) continue;
      // A value no thread can receive is refused at the pool's door (TypeError); never accepted.
      expect(b, `hostile value #${i}`).toBe('misuse');
      expect(a, `hostile value #${i}`).not.toBe('ok');
    }
  });

  it('is misuse on a pool without the plug-in it needs', async () => {
    const s = setup();
    const keysOnly = new VerifierPool({ size: 1, issuerKeys: { [ISS]: s.issuerJwk } });
    try {
      expect(await outcomeOf(() => keysOnly.verifyRegistration({} as never))).toBe('misuse');
      expect(
        await outcomeOf(() => keysOnly.verifyAuthorizationResponse({}, { transaction: {} as never })),
      ).toBe('misuse');
      expect(await outcomeOf(() => pool.verifySdJwtVc('a.b.c~', {}))).toBe('misuse');
    } finally {
      await keysOnly.close();
    }
  });
});
