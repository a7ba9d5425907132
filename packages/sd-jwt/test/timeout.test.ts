// A key resolver, holder key resolver or status hook that never answers must not hang the
// verification of a presentation: each answer is bounded by `timeoutMs`.
import { createSigner, type KeyType, publicKeyToJwk } from '@realdid/crypto';
import { describe, expect, it } from 'vitest';
import { issueSdJwtVc, jwkKeyResolver, presentSdJwt, type ResolvedKey, verifySdJwtVc } from '../src/index.js';
import { AUD, expectCode, NONCE, NOW, parties } from './helpers.js';

const { issuer, holder, holderJwk, opts } = parties();
const never = () => new Promise<never>(() => {});
const status = { status_list: { idx: 3, uri: 'https://status.example/1' } };

async function present(cnf: { jwk: object } | { kid: string }): Promise<string> {
  const vc = await issueSdJwtVc({
    signer: createSigner(issuer),
    vct: 'urn:example:vc',
    cnf,
    status,
    claims: { a: 1 },
    disclosureFrame: { _sd: ['a'] },
  });
  return presentSdJwt(
    vc,
    { a: true },
    { keyBinding: { signer: createSigner(holder), aud: AUD, nonce: NONCE, iat: NOW } },
  );
}
const vp = await present({ jwk: holderJwk });
const issuerKey: ResolvedKey = { type: 'Ed25519' as KeyType, publicKey: issuer.publicKey };

async function timesOut(p: Promise<unknown>, code: string, ms: number): Promise<void> {
  const t0 = Date.now();
  await expectCode(p, code);
  await p.catch((e: Error) => expect(e.message).toContain(`${ms} ms`));
  expect(Date.now() - t0).toBeLessThan(ms + 2000);
}

describe('plug-ins that never answer are bounded by timeoutMs', () => {
  it('control: every plug-in answering, late but in time', async () => {
    const r = await verifySdJwtVc(vp, {
      ...opts,
      keyResolver: async () => {
        await new Promise((res) => setTimeout(res, 5));
        return issuerKey;
      },
      checkStatus: async () => 'valid',
      timeoutMs: 2000,
    });
    expect(r.claims.a).toBe(1);
  });

  it('the issuer key resolver', async () => {
    await timesOut(
      verifySdJwtVc(vp, { ...opts, keyResolver: never, timeoutMs: 40 }),
      'ERR_SD_JWT_KEY_RESOLUTION',
      40,
    );
  });

  it('the holder key resolver', async () => {
    const kidVp = await present({ kid: 'holder-1' });
    await timesOut(
      verifySdJwtVc(kidVp, { ...opts, holderKeyResolver: never, timeoutMs: 40 }),
      'ERR_SD_JWT_CNF',
      40,
    );
  });

  it('the status hook', async () => {
    await timesOut(
      verifySdJwtVc(vp, { ...opts, checkStatus: never, timeoutMs: 40 }),
      'ERR_SD_JWT_STATUS_CHECK',
      40,
    );
  });

  it('a resolver that answers at once passes even with timeoutMs: 1; timeoutMs is checked', async () => {
    const r = await verifySdJwtVc(vp, {
      ...opts,
      keyResolver: jwkKeyResolver(publicKeyToJwk('Ed25519', issuer.publicKey)),
      requireStatusCheck: false,
      timeoutMs: 1,
    });
    expect(r.verified).toBe(true);
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      await expect(verifySdJwtVc(vp, { ...opts, timeoutMs: bad })).rejects.toThrow(RangeError);
    }
    await expect(verifySdJwtVc(vp, { ...opts, timeoutMs: '9' as never })).rejects.toThrow(TypeError);
  });
});
