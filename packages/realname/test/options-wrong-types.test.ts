import { MemoryLedger } from '@realdid/ledger';
import { beforeAll, describe, expect, it } from 'vitest';
import { WEIRD_VALUES, wrongClocks } from '../../../test-support/hostile.js';
import {
  Business,
  MemoryStorage,
  RealNameAuthority,
  RegistryAuthority,
  RelyingParty,
  Vault,
  Wallet,
} from '../src/index.js';
import { createDeployment } from '../src/testing.js';
import { alice, buildWorld, enrolledWallet, fastVault, originFor, type World } from './helpers.js';

/** The options added with origin binding, committees, renewal and deployments, given wrong types. */
describe('wrong-typed options are caller misuse (TypeError / RangeError), never accepted', () => {
  let w: World;
  let wallet: Wallet;
  beforeAll(async () => {
    w = await buildWorld(new MemoryLedger());
    wallet = await enrolledWallet(w, alice, 2);
  });

  it('Wallet.respond / Wallet.login: origin', async () => {
    const req = await w.video.createRequest(['age_over_18']);
    const ch = await w.video.createLoginChallenge();
    const bad = [
      ...WEIRD_VALUES,
      'video.example',
      'https://video.example/',
      'https://video.example/path',
      'ftp://video.example',
      'javascript:alert(1)',
    ];
    for (const origin of bad) {
      await expect(wallet.respond(req, { origin } as never)).rejects.toThrow(TypeError);
      await expect(wallet.login(ch, { origin } as never)).rejects.toThrow(TypeError);
    }
    for (const options of WEIRD_VALUES) {
      if (options !== null && typeof options === 'object' && !Array.isArray(options)) continue;
      await expect(wallet.respond(req, options as never)).rejects.toThrow(TypeError);
    }
    // nothing was spent or logged as consent by the refused calls
    expect(wallet.unusedCredentials).toBe(2);
    await w.video.verifyRegistration(await wallet.respond(req, { origin: originFor(w.video.did) }));
  });

  it('RegistryAuthority.registerRelyingParty: origins', async () => {
    for (const origins of [undefined, [], 'https://a.example', ['https://a.example/x'], [1], [null]]) {
      await expect(
        w.registry.registerRelyingParty({ rp: w.video.did, name: 'V', allowedClaims: [], origins } as never),
      ).rejects.toThrow(
        origins === undefined || !Array.isArray(origins) || origins.length === 0 ? TypeError : RangeError,
      );
    }
  });

  it('RelyingParty options: traceCommittee is required', async () => {
    for (const traceCommittee of [undefined, '', 1, null, {}, []]) {
      await expect(
        RelyingParty.create({ ledger: w.ledger, registryDid: w.registry.did, traceCommittee } as never),
      ).rejects.toThrow(TypeError);
    }
  });

  it('now: every role refuses a value that is not a clock, naming the option', async () => {
    const notClocks = wrongClocks().filter((v) => typeof v !== 'function');
    const vault = await Vault.create(new MemoryStorage(), 'pw-clock', fastVault);
    for (const now of notClocks) {
      const n = now as never;
      await expect(RegistryAuthority.create({ ledger: w.ledger, now: n })).rejects.toThrow(/^now: /);
      await expect(Business.create({ ledger: w.ledger, now: n })).rejects.toThrow(/^now: /);
      await expect(
        RelyingParty.create({ ledger: w.ledger, registryDid: w.registry.did, traceCommittee: 'c', now: n }),
      ).rejects.toThrow(/^now: /);
      await expect(
        Wallet.create({ vault, ledger: w.ledger, registryDid: w.registry.did, now: n }),
      ).rejects.toThrow(/^now: /);
      await expect(
        RealNameAuthority.create({
          ledger: w.ledger,
          committee: w.committee,
          identityVerifier: { verify: async () => undefined } as never,
          now: n,
        } as never),
      ).rejects.toThrow(/^now: /);
      await expect(createDeployment({ ledger: new MemoryLedger(), people: [], now: n })).rejects.toThrow(
        /^now: /,
      );
    }
    // a clock that answers something else than a time is refused when it is read
    for (const now of wrongClocks().filter((v) => typeof v === 'function')) {
      const rp = await RelyingParty.create({
        ledger: w.ledger,
        registryDid: w.registry.did,
        traceCommittee: w.committee.committeeId,
        now: now as never,
      });
      await expect(rp.createRequest(['age_over_18'])).rejects.toThrow(/^now: /);
    }
  });

  it('createDeployment', async () => {
    for (const bad of [undefined, null, 1, 'x', []]) {
      await expect(createDeployment(bad as never)).rejects.toThrow(TypeError);
    }
    await expect(createDeployment({ ledger: {} as never, people: [] })).rejects.toThrow(TypeError);
    await expect(createDeployment({ ledger: new MemoryLedger(), people: 'x' as never })).rejects.toThrow(
      TypeError,
    );
  });
});
