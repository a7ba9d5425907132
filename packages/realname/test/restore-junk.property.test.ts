import { RealDidError } from '@realdid/crypto';
import { MemoryLedger } from '@realdid/ledger';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { RegistryAuthority, RelyingParty, readRegistry, registryTopic } from '../src/index.js';
import { originFor } from './helpers.js';

describe('properties: state parsing and junk on the registry topic', () => {
  const ledger = new MemoryLedger();
  let registry: RegistryAuthority;
  let state: Record<string, unknown>;
  const rpOptions = () => ({ ledger, registryDid: registry.did, traceCommittee: 'c' });
  beforeAll(async () => {
    registry = await RegistryAuthority.create({ ledger });
    await registry.registerRelyingParty({
      rp: 'did:realdid:a',
      origins: [originFor('did:realdid:a')],
      name: 'A',
      allowedClaims: ['age_over_18'],
    });
    state = JSON.parse(JSON.stringify((await RelyingParty.create(rpOptions())).exportState()));
  });

  it('a state with any one member replaced by any JSON value either restores to the same DID or is refused with ERR_STATE_INVALID', () => {
    const paths = [
      ['v'],
      ['role'],
      ['did'],
      ['verificationMethod'],
      ['verificationMethod', 'id'],
      ['verificationMethod', 'purposes'],
      ['verificationMethod', 'type'],
      ['verificationMethod', 'secretKey'],
      ['updateKey'],
      ['updateKey', 'secretKey'],
      ['recoveryKey', 'type'],
      ['recoveryKey', 'secretKey'],
      ['extra'],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue(), (path, value) => {
        const s = structuredClone(state);
        let o = s as Record<string, unknown>;
        for (const k of path.slice(0, -1)) o = o[k] as Record<string, unknown>;
        o[path.at(-1)!] = value;
        try {
          const site = RelyingParty.restore(s as never, rpOptions());
          // only an unchanged state restores
          expect(site.did).toBe(state.did);
          expect(site.exportState()).toEqual(state);
        } catch (err) {
          expect(err).toBeInstanceOf(RealDidError);
          expect((err as RealDidError).code).toBe('ERR_STATE_INVALID');
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a role that cannot be turned into a string (found by the property above) is ERR_STATE_INVALID, not a TypeError', () => {
    for (const role of [{ toString: {} }, { valueOf: {}, toString: {} }, Object.create(null)]) {
      expect(() => RelyingParty.restore({ ...state, role } as never, rpOptions())).toThrow(
        expect.objectContaining({ code: 'ERR_STATE_INVALID' }),
      );
    }
  });

  it('any bytes appended to the registry topic leave the registry state unchanged and are reported', async () => {
    const before = await readRegistry(ledger, registry.did);
    const plain = (st: typeof before) => [[...st.issuers], [...st.relyingParties]];
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ minLength: 1, maxLength: 200 }),
          fc.jsonValue().map((v) => new TextEncoder().encode(JSON.stringify(v) ?? 'null')),
        ),
        async (bytes) => {
          const r = await ledger.append(registryTopic(registry.did), bytes);
          const after = await readRegistry(ledger, registry.did);
          expect(plain(after)).toEqual(plain(before));
          if (!r.duplicate) expect(after.rejected.map((x) => x.position)).toContain(r.position);
          expect(after.rejected.every((x) => x.code === 'ERR_REGISTRY_INVALID')).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });
});
