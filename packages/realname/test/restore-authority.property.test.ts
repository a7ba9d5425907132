import { generateKeyPair, publicKeyToJwk, RealDidError } from '@realdid/crypto';
import { MemoryLedger } from '@realdid/ledger';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { RealNameAuthority, type RealNameAuthorityState } from '../src/index.js';
import { alice, bob, buildWorld, type World } from './helpers.js';

describe('properties: restoring a real-name authority from a damaged state', () => {
  let w: World;
  let state: Record<string, unknown>;
  const options = () => ({
    ledger: w.ledger,
    identityVerifier: { verify: async () => alice },
    committee: w.committee,
  });
  beforeAll(async () => {
    w = await buildWorld(new MemoryLedger());
    for (const p of [alice, bob]) {
      await w.authority.enrol({
        evidence: { nationalId: p.nationalId, familyName: p.familyName, givenName: p.givenName },
        holderKeys: [publicKeyToJwk('Ed25519', generateKeyPair('Ed25519').publicKey)],
      });
    }
    state = JSON.parse(JSON.stringify(w.authority.exportState()));
  });

  it('the undamaged state restores to the same authority', () => {
    expect(RealNameAuthority.restore(structuredClone(state) as never, options()).exportState()).toEqual(
      state,
    );
  });

  it('any one member replaced by any JSON value restores unchanged or fails with ERR_STATE_INVALID', () => {
    const paths = [
      ['v'],
      ['did'],
      ['vmId'],
      ['signingKey'],
      ['statusList'],
      ['statusList', 'bits'],
      ['statusList', 'lst'],
      ['usedIndexes'],
      ['people'],
      ['people', 0],
      ['people', 0, 'identity'],
      ['people', 0, 'identity', 'recordId'],
      ['people', 0, 'identity', 'birthdate'],
      ['people', 1, 'handle'],
      ['people', 1, 'statusIndexes'],
      ['people', 1, 'statusIndexes', 0],
      ['updateKey'],
      ['updateKey', 'secretKey'],
      ['recoveryKey', 'type'],
      ['extra'],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue(), (path, value) => {
        const s = structuredClone(state);
        let o = s as Record<string | number, unknown>;
        for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
        o[path.at(-1)!] = value;
        let restored: RealNameAuthority;
        try {
          restored = RealNameAuthority.restore(s as never, options());
        } catch (err) {
          expect(err).toBeInstanceOf(RealDidError);
          expect((err as RealDidError).code).toBe('ERR_STATE_INVALID');
          return;
        }
        // What restores is exactly what was given (a value equal to the original, or one the
        // format allows, such as another status index inside the list).
        expect(restored.exportState()).toEqual(s);
      }),
      { numRuns: 400 },
    );
  });

  it('states that parse but do not fit are refused with ERR_STATE_INVALID', () => {
    const refused = (change: (s: RealNameAuthorityState) => void) => {
      const s = structuredClone(state) as unknown as RealNameAuthorityState;
      change(s);
      expect(() => RealNameAuthority.restore(s as never, options())).toThrow(
        expect.objectContaining({ code: 'ERR_STATE_INVALID' }),
      );
    };
    refused((s) => s.people.push(structuredClone(s.people[0]!))); // a person twice
    refused((s) => {
      s.people[1]!.handle = s.people[0]!.handle; // a handle twice
    });
    refused((s) => {
      Object.assign(s.people[0]!.identity, { extra: 'x' });
    });
    refused((s) => {
      s.signingKey = s.updateKey!.secretKey; // not the DID's key
    });
    refused((s) => {
      delete s.recoveryKey; // update key without recovery key
    });
    refused((s) => {
      s.usedIndexes = 'AAAA'; // a bitmap for another list size
    });
  });

  it('misuse is a TypeError', () => {
    for (const bad of [undefined, null, 1, 'x', []]) {
      expect(() => RealNameAuthority.restore(bad as never, options())).toThrow(TypeError);
    }
  });
});
