import { MemoryLedger } from '@realdid/ledger';
import { decodeSdJwt } from '@realdid/sd-jwt';
import { describe, expect, it } from 'vitest';
import { MemoryStorage, Vault, Wallet } from '../src/index.js';
import { alice, bob, buildWorld, fastVault, originFor } from './helpers.js';

/**
 * Device clock skew as a linking value: each device's clock is off by a whole number of seconds in
 * ±20 s. Two colluding sites each compute, per account, the offset between the key-binding JWT's
 * `iat` and their own clock at arrival; an offset that occurs once at each site pairs the two
 * accounts of one person.
 */
describe('no clock fingerprint in presentations', () => {
  it('under a ±20 s device skew model, colluding sites isolate no one', async () => {
    const w = await buildWorld(new MemoryLedger());
    const people = 32;
    const offsets: { video: number; hospital: number }[] = [];
    for (let i = 0; i < people; i++) {
      const skew = ((i * 17) % 41) - 20; // a spread of 32 distinct-ish skews in [-20, 20]
      const vault = await Vault.create(new MemoryStorage(), `pw-${i}`, fastVault);
      const wallet = await Wallet.create({
        vault,
        ledger: w.ledger,
        registryDid: w.registry.did,
        now: () => new Date(w.now.t + skew * 1000),
      });
      const person = i % 2 === 0 ? alice : bob;
      await wallet.storeCredentials(
        await w.authority.enrol({
          evidence: {
            nationalId: person.nationalId,
            familyName: person.familyName,
            givenName: person.givenName,
          },
          holderKeys: await wallet.createHolderKeys(2),
        }),
      );
      const seen: Record<string, number> = {};
      for (const [name, site, claims] of [
        ['video', w.video, ['age_over_18']],
        ['hospital', w.hospital, ['age_over_18']],
      ] as const) {
        const response = await wallet.respond(await site.createRequest([...claims]), {
          origin: originFor(site.did),
        });
        await site.verifyRegistration(response);
        const iat = decodeSdJwt(response.presentation).keyBinding?.payload.iat;
        expect(typeof iat).toBe('number');
        seen[name] = (iat as number) - Math.floor(w.now.t / 1000);
      }
      offsets.push({ video: seen.video!, hospital: seen.hospital! });
      w.now.t += 7_000; // people register at different moments
    }
    const count = (site: 'video' | 'hospital', o: number) => offsets.filter((x) => x[site] === o).length;
    const isolated = offsets.filter(
      (x) => count('video', x.video) === 1 && count('hospital', x.hospital) === 1,
    );
    expect(isolated).toHaveLength(0);
  });
});
