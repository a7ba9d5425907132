// A status server, ledger, key resolver or proof verifier that never answers must not hang the
// verification of a credential: every plug-in answer is bounded by `timeoutMs`.
import { createSigner, generateKeyPair } from '@realdid/crypto';
import {
  Bitstring,
  createBitstringStatusResolver,
  createTokenStatusResolver,
  TokenStatusListIssuer,
  verifyStatusListToken,
} from '@realdid/status';
import { describe, expect, it } from 'vitest';
import { bitstringListCredential } from './helpers.js';

const T0 = Date.parse('2026-11-21T12:00:00Z');
const never = () => new Promise<never>(() => {});

async function tokenWorld() {
  const kp = generateKeyPair('Ed25519');
  const uri = 'https://a.example/s/timeout';
  const issuer = new TokenStatusListIssuer({ uri, signer: createSigner(kp), now: () => T0 });
  const claim = issuer.allocate();
  const token = await issuer.sign();
  const resolveKey = () => ({ type: 'Ed25519' as const, publicKey: kp.publicKey });
  return { uri, claim, token, resolveKey };
}

const bitstringList = (url: string) =>
  JSON.stringify(bitstringListCredential(url, 'revocation', new Bitstring(131_072, 1)));
const entry = (url: string) => ({
  type: 'BitstringStatusListEntry',
  statusPurpose: 'revocation',
  statusListIndex: '5',
  statusListCredential: url,
});

/** Runs `p`, expecting a rejection with `code` after roughly `ms` (well before a hang). */
async function timesOut(p: Promise<unknown>, code: string, ms: number): Promise<void> {
  const t0 = Date.now();
  await expect(p).rejects.toMatchObject({ code, message: expect.stringContaining(`${ms} ms`) });
  const took = Date.now() - t0;
  expect(took).toBeGreaterThanOrEqual(ms - 5);
  expect(took).toBeLessThan(ms + 2000);
}

describe('plug-ins that never answer are bounded by timeoutMs', () => {
  it('Token Status List: fetch, fetchCandidates, resolveKey', async () => {
    const w = await tokenWorld();
    const base = { now: () => T0, timeoutMs: 50 };
    await timesOut(
      createTokenStatusResolver({ matchIssuer: false, ...base, fetch: never, resolveKey: w.resolveKey })(
        w.claim,
      ),
      'ERR_STATUS_LIST_FETCH',
      50,
    );
    const withCandidates = Object.assign(async () => w.token, { candidates: never });
    await timesOut(
      createTokenStatusResolver({
        matchIssuer: false,
        ...base,
        fetch: withCandidates,
        resolveKey: w.resolveKey,
      })(w.claim),
      'ERR_STATUS_LIST_FETCH',
      50,
    );
    await timesOut(
      createTokenStatusResolver({
        matchIssuer: false,
        ...base,
        fetch: async () => w.token,
        resolveKey: never,
      })(w.claim),
      'ERR_STATUS_LIST_KEY',
      50,
    );
    await timesOut(
      verifyStatusListToken(w.token, { uri: w.uri, resolveKey: never, now: () => T0, timeoutMs: 30 }),
      'ERR_STATUS_LIST_KEY',
      30,
    );
    // in time, the same plug-ins answer normally
    const ok = createTokenStatusResolver({
      matchIssuer: false,
      ...base,
      fetch: async () => {
        await new Promise((r) => setTimeout(r, 5));
        return w.token;
      },
      resolveKey: w.resolveKey,
    });
    expect((await ok(w.claim)).state).toBe('valid');
  });

  it('Bitstring Status List: fetch, fetchCandidates, verifyCredential', async () => {
    const url = 'https://a.example/b/timeout';
    const base = { now: () => T0, timeoutMs: 50 };
    await timesOut(
      createBitstringStatusResolver({
        matchIssuer: false,
        ...base,
        fetch: never,
        verifyCredential: async () => true,
      })(entry(url)),
      'ERR_STATUS_LIST_FETCH',
      50,
    );
    await timesOut(
      createBitstringStatusResolver({
        matchIssuer: false,
        ...base,
        fetch: async () => bitstringList(url),
        fetchCandidates: never,
        verifyCredential: async () => true,
      })(entry(url)),
      'ERR_STATUS_LIST_FETCH',
      50,
    );
    await timesOut(
      createBitstringStatusResolver({
        matchIssuer: false,
        ...base,
        fetch: async () => bitstringList(url),
        verifyCredential: never,
      })(entry(url)),
      'ERR_STATUS_LIST_SIGNATURE',
      50,
    );
    const ok = createBitstringStatusResolver({
      matchIssuer: false,
      ...base,
      fetch: async () => bitstringList(url),
      verifyCredential: async () => true,
    });
    expect((await ok(entry(url))).state).toBe('valid');
  });

  it('the default is 10 s; timeoutMs is checked', async () => {
    const fetch = async () => '';
    const resolveKey = () => ({ type: 'Ed25519' as const, publicKey: new Uint8Array(32) });
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() =>
        createTokenStatusResolver({ matchIssuer: false, fetch, resolveKey, timeoutMs: bad }),
      ).toThrow(RangeError);
      expect(() =>
        createBitstringStatusResolver({
          matchIssuer: false,
          fetch,
          verifyCredential: () => true,
          timeoutMs: bad,
        }),
      ).toThrow(RangeError);
      // checked before anything is parsed, like every other option of the verifier
      await expect(
        verifyStatusListToken('a.b.c', { uri: 'https://a.example/s', resolveKey, timeoutMs: bad }),
      ).rejects.toThrow(RangeError);
    }
    expect(() =>
      createTokenStatusResolver({ matchIssuer: false, fetch, resolveKey, timeoutMs: '5' as never }),
    ).toThrow(TypeError);
    expect(() =>
      createTokenStatusResolver({
        matchIssuer: false,
        fetch,
        resolveKey,
        timeoutMs: Number.POSITIVE_INFINITY,
      }),
    ).not.toThrow();
  });
});
