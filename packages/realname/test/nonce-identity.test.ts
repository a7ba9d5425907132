import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryIdentityRegistryTestDouble, MemoryNonceStore } from '../src/index.js';

const person = {
  recordId: 'rec-1',
  nationalId: '110105199001011234',
  familyName: '张',
  givenName: '三',
  birthdate: '1990-01-01',
  region: '110105',
  nationality: 'CHN',
};

describe('MemoryNonceStore', () => {
  it('consumes a nonce once, reports replay and expiry', async () => {
    let now = 1000;
    const s = new MemoryNonceStore({ now: () => now });
    await s.put('a', 2000, { rp: 'x' });
    await s.put('b', 1500);
    expect(await s.consume('a')).toEqual({ status: 'ok', data: { rp: 'x' } });
    expect(await s.consume('a')).toEqual({ status: 'consumed' });
    expect(await s.consume('zz')).toEqual({ status: 'unknown' });
    now = 1600;
    expect(await s.consume('b')).toEqual({ status: 'expired' });
    await expect(s.put('a', 3000)).rejects.toThrow(RangeError);
  });

  it('concurrent consumers: exactly one wins', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 20 }), async (n) => {
        const s = new MemoryNonceStore();
        await s.put('n', Date.now() + 10_000);
        const results = await Promise.all(Array.from({ length: n }, () => s.consume('n')));
        expect(results.filter((r) => r.status === 'ok')).toHaveLength(1);
      }),
    );
  });

  it('wrong types', async () => {
    const s = new MemoryNonceStore();
    for (const w of [undefined, 1, [], new Uint8Array(2)]) {
      await expect(s.put(w as unknown as string, 1)).rejects.toThrow(TypeError);
      await expect(s.consume(w as unknown as string)).rejects.toThrow(TypeError);
    }
    await expect(s.put('x', Number.NaN)).rejects.toThrow(TypeError);
  });
});

describe('InMemoryIdentityRegistryTestDouble', () => {
  it('returns the registry record for matching evidence, a coded error otherwise', async () => {
    const r = new InMemoryIdentityRegistryTestDouble([person]);
    expect(await r.verify({ nationalId: person.nationalId, familyName: '张', givenName: '三' })).toEqual(
      person,
    );
    await expect(
      r.verify({ nationalId: person.nationalId, familyName: '李', givenName: '三' }),
    ).rejects.toMatchObject({
      code: 'ERR_IDENTITY_NOT_VERIFIED',
    });
    await expect(r.verify({ nationalId: 'nope', familyName: '张', givenName: '三' })).rejects.toMatchObject({
      code: 'ERR_IDENTITY_NOT_VERIFIED',
    });
    await expect(r.verify(undefined as never)).rejects.toThrow(TypeError);
  });
});
