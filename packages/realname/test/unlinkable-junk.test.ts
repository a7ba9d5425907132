import { isRealDidError } from '@realdid/crypto';
import { MemoryLedger } from '@realdid/ledger';
import { beforeAll, describe, expect, it } from 'vitest';
import { allHostileValues, WEIRD_VALUES } from '../../../test-support/hostile.js';
import {
  TraceCommittee,
  UnlinkableAuthority,
  type UnlinkableRegistration,
  UnlinkableRelyingParty,
  UnlinkableWallet,
} from '../src/index.js';
import { alice } from './helpers.js';
import { buildUnlinkableWorld, type UnlinkableWorld } from './unlinkable-helpers.js';

let w: UnlinkableWorld;
let valid: UnlinkableRegistration;

beforeAll(async () => {
  w = await buildUnlinkableWorld(new MemoryLedger());
  const wallet = w.enrol(alice);
  valid = await wallet.register(await w.video.createRequest(['age_over_18']), { origin: w.video.origin });
});

describe('unlinkable mode: hostile input', () => {
  it('a registration with any member replaced by a hostile value is refused with a coded error', async () => {
    const members = ['type', 'rp', 'nonce', 'claims', 'epoch', 'pseudonym', 'proof', 'trace'] as const;
    for (const member of members) {
      for (const [i, bad] of WEIRD_VALUES.entries()) {
        const fresh = await w.video.createRequest(['age_over_18']);
        const res = { ...valid, nonce: fresh.nonce, [member]: bad };
        const err = await w.video.verifyRegistration(res as never).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isRealDidError(err), `${member} = WEIRD_VALUES[${i}]`).toBe(true);
      }
    }
    for (const bad of allHostileValues()) {
      const err = await w.video.verifyRegistration(bad as never).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeDefined();
      expect(
        isRealDidError(err) || err instanceof TypeError || (err as Error).name === 'HostileSentinel',
      ).toBe(true);
    }
    // nothing was registered by the refused attempts; the genuine one still goes through
    expect(w.video.accounts()).toHaveLength(0);
    const fresh = await w.video.createRequest(['age_over_18']);
    const wallet = new UnlinkableWallet({
      committeeKey: w.committee.publicKey,
      ledger: w.ledger,
      registryDid: w.registryDid,
    });
    expect(() => wallet.finishIssuance({} as never)).toThrow(TypeError);
    await expect(wallet.register(fresh, { origin: w.video.origin })).rejects.toMatchObject({
      code: 'ERR_WALLET_NO_CREDENTIAL',
    });
  });

  it('wrong-typed options are caller misuse', () => {
    for (const bad of WEIRD_VALUES) {
      if (bad === undefined) continue;
      if (bad !== null && typeof bad === 'object' && !Array.isArray(bad) && !(bad instanceof Uint8Array))
        continue;
      expect(() => new UnlinkableAuthority(bad as never)).toThrow(TypeError);
      expect(() => new UnlinkableRelyingParty(bad as never)).toThrow(TypeError);
      expect(() => new UnlinkableWallet(bad as never)).toThrow(TypeError);
      expect(() => TraceCommittee.deal(bad as never)).toThrow(TypeError);
    }
    expect(() => new UnlinkableAuthority({ epochSeconds: 0 })).toThrow(RangeError);
    expect(() =>
      TraceCommittee.deal({ committeeId: 'c', threshold: 1, trustees: [], group: 'bls12-381-g1' }),
    ).toThrow(RangeError);
    expect(() =>
      TraceCommittee.deal({
        committeeId: 'c',
        threshold: 1,
        trustees: [{ id: 't', auditPublicKey: new Uint8Array(32) }],
        group: 'p-256' as never,
      }),
    ).toThrow(TypeError);
    const at = { ledger: w.ledger, registryDid: w.registryDid };
    expect(() => new UnlinkableWallet({ committeeKey: new Uint8Array(47), ...at })).toThrow(RangeError);
    // no wallet without the registry: it would answer any site from any origin
    expect(() => new UnlinkableWallet({ committeeKey: w.committee.publicKey } as never)).toThrow(TypeError);
    expect(
      () => new UnlinkableWallet({ committeeKey: w.committee.publicKey, ledger: w.ledger } as never),
    ).toThrow(TypeError);
    for (const bad of ['x', 0, 1.5, 4000] as const) {
      expect(
        () =>
          new UnlinkableRelyingParty({
            identity: w.videoState,
            origin: 'https://v.example',
            issuerPublicKey: w.authority.publicKey,
            committeeKey: w.committee.publicKey,
            epochSeconds: 60,
            nonceTtlSeconds: bad as never,
          }),
      ).toThrow(bad === 'x' ? TypeError : RangeError);
    }
    expect(() => w.authority.issue(alice.recordId, 'x' as never)).toThrow(TypeError);
    // the enrolment's nym binding and the issuance request: misuse or a coded refusal, never a crash
    const wallet = w.enrol({ ...alice, recordId: 'junk-1' });
    for (const bad of [...WEIRD_VALUES, new Uint8Array(144), new Uint8Array(336).fill(0xff)]) {
      for (const f of [
        () => w.authority.enrol({ ...alice, recordId: 'junk-2' }, bad as never),
        () => w.authority.issue('junk-1', bad as never),
        () => wallet.enrolment(bad as never),
      ]) {
        let err: unknown;
        try {
          f();
        } catch (e) {
          err = e;
        }
        if (typeof bad === 'string') {
          expect(err === undefined || err instanceof TypeError || isRealDidError(err)).toBe(true);
          continue;
        }
        expect(err instanceof TypeError || (isRealDidError(err) && err.code === 'ERR_ISSUANCE_REFUSED')).toBe(
          true,
        );
      }
    }
    expect(() => w.authority.issue('nobody', new Uint8Array(10))).toThrow(
      expect.objectContaining({ code: 'ERR_ISSUANCE_REFUSED' }),
    );
  });
});
