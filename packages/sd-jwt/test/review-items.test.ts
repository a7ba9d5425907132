// Items 10, 11 and 12 of the secure-by-default review, each as the exploit it was reported with.
import {
  base64urlEncode,
  createSigner,
  generateKeyPair,
  hashTextBase64url,
  utf8Encode,
} from '@realdid/crypto';
import { describe, expect, it } from 'vitest';
import { issueSdJwt, type SdJwtGeneralJson, verifySdJwt } from '../src/index.js';
import { signCompactJws } from '../src/internal/jws.js';
import { AUD, expectCode, NONCE, NOW, parties } from './helpers.js';

const { issuer, holder, holderJwk, opts } = parties();
const b64json = (v: unknown) => base64urlEncode(utf8Encode(JSON.stringify(v)));

/** A KB-JWT over `sdJwt` (ending in `~`) with the given extra claims. */
async function kbJwt(sdJwt: string, claims: Record<string, unknown> = {}, signer = createSigner(holder)) {
  return signCompactJws(
    { alg: 'EdDSA', typ: 'kb+jwt' },
    { iat: NOW, aud: AUD, nonce: NONCE, sd_hash: hashTextBase64url('sha-256', sdJwt), ...claims },
    signer,
  );
}

/** An SD-JWT signed by the test's issuer over `payload`, with no disclosures. */
async function signed(payload: Record<string, unknown>): Promise<string> {
  return `${await signCompactJws({ alg: 'EdDSA', typ: 'example+sd-jwt' }, payload, createSigner(issuer))}~`;
}

describe('item 10: the KB-JWT is valid per RFC 7519 (exp, nbf), RFC 9901 §7.3', () => {
  it('item 10: a KB-JWT with exp an hour in the past, or nbf an hour ahead, is refused', async () => {
    const sdJwt = await signed({ iss: 'https://issuer.example', cnf: { jwk: holderJwk } });
    await expectCode(
      verifySdJwt(sdJwt + (await kbJwt(sdJwt, { exp: NOW - 3600 })), opts),
      'ERR_SD_JWT_KB_EXPIRED',
    );
    await expectCode(
      verifySdJwt(sdJwt + (await kbJwt(sdJwt, { nbf: NOW + 3600 })), opts),
      'ERR_SD_JWT_KB_NOT_YET_VALID',
    );
    for (const bad of ['1', null, Number.NaN, [NOW]]) {
      await expectCode(
        verifySdJwt(sdJwt + (await kbJwt(sdJwt, { exp: bad })), opts),
        'ERR_SD_JWT_CLAIM_INVALID',
      );
      await expectCode(
        verifySdJwt(sdJwt + (await kbJwt(sdJwt, { nbf: bad })), opts),
        'ERR_SD_JWT_CLAIM_INVALID',
      );
    }
    // in time, and within the clock skew
    for (const claims of [{ exp: NOW + 60 }, { nbf: NOW - 60 }, { exp: NOW - 30 }, { nbf: NOW + 30 }]) {
      await expect(verifySdJwt(sdJwt + (await kbJwt(sdJwt, claims)), opts)).resolves.toMatchObject({
        verified: true,
      });
    }
    // the caller's clock and skew are the ones used
    const late = sdJwt + (await kbJwt(sdJwt, { exp: NOW + 10 }));
    await expectCode(
      verifySdJwt(late, { ...opts, now: () => (NOW + 20) * 1000, clockSkewSeconds: 0 }),
      'ERR_SD_JWT_KB_EXPIRED',
    );
  });
});

describe('item 11: no cache is consulted before its input is validated', () => {
  it('item 11: the same holder key with x (or kty, crv) wrapped in an array is refused after a valid one', async () => {
    const good = await signed({ cnf: { jwk: holderJwk } });
    await expect(verifySdJwt(good + (await kbJwt(good)), opts)).resolves.toMatchObject({ verified: true });
    const jwk = holderJwk as unknown as Record<string, unknown>;
    for (const mutated of [
      { ...jwk, x: [jwk.x] },
      { ...jwk, kty: [jwk.kty] },
      { ...jwk, crv: [jwk.crv] },
      { ...jwk, alg: 'ES256' },
      { ...jwk, alg: ['EdDSA'] },
    ]) {
      const sdJwt = await signed({ cnf: { jwk: mutated } });
      await expectCode(verifySdJwt(sdJwt + (await kbJwt(sdJwt)), opts), 'ERR_SD_JWT_CNF');
    }
    // and the valid one still verifies afterwards
    await expect(verifySdJwt(good + (await kbJwt(good)), opts)).resolves.toMatchObject({ verified: true });
  });
});

describe('caches keyed before validation (the same class as item 11)', () => {
  it('a key object whose bytes change is not served the verifier of its old bytes', async () => {
    const other = generateKeyPair('Ed25519');
    const key = { type: 'Ed25519' as const, publicKey: issuer.publicKey.slice() };
    const keyResolver = async () => key; // one object, rewritten below
    const sdJwt = await signed({ iss: 'https://issuer.example' });
    const o = { ...opts, keyResolver, keyBinding: {} };
    await expect(verifySdJwt(sdJwt, o)).resolves.toMatchObject({ verified: true });
    key.publicKey.set(other.publicKey); // the resolver now names another key
    await expectCode(verifySdJwt(sdJwt, o), 'ERR_SD_JWT_SIGNATURE');
  });
});

describe('item 12: code and docs agree', () => {
  it('item 12: _sd_alg nested in the payload is ERR_SD_JWT_SD_MISPLACED', async () => {
    const sdJwt = await signed({ address: { _sd_alg: 'sha-256', region: 'R' } });
    await expectCode(verifySdJwt(sdJwt, { ...opts, keyBinding: {} }), 'ERR_SD_JWT_SD_MISPLACED');
  });

  it('item 12: general JSON — every signature whose alg fits is tried; sd_hash over the one that verifies', async () => {
    const compact = await issueSdJwt({
      signer: createSigner(issuer),
      payload: { iss: 'https://issuer.example', given_name: 'Ada', cnf: { jwk: holderJwk } },
      disclosureFrame: { _sd: ['given_name'] },
    });
    const [jwt, disclosure] = compact.split('~') as [string, string];
    const [protectedB64, payloadB64, signatureB64] = jwt.split('.') as [string, string, string];
    // A first signature by an ES256 key the issuer's key resolver does not have.
    const foreign = { protected: b64json({ alg: 'ES256' }), signature: base64urlEncode(new Uint8Array(64)) };
    const general = (kb: string | undefined): SdJwtGeneralJson => ({
      payload: payloadB64,
      signatures: [
        { ...foreign, header: { disclosures: [disclosure], ...(kb === undefined ? {} : { kb_jwt: kb }) } },
        { protected: protectedB64, signature: signatureB64 },
      ],
    });
    const noKb = await verifySdJwt(general(undefined), { ...opts, keyBinding: {} });
    expect(noKb.claims.given_name).toBe('Ada');
    expect(noKb.format).toBe('general');
    expect(noKb.header.alg).toBe('EdDSA');
    // sd_hash over the compact SD-JWT built with the signature that verified
    const overSecond = await kbJwt(`${jwt}~${disclosure}~`);
    await expect(verifySdJwt(general(overSecond), opts)).resolves.toMatchObject({ verified: true });
    // sd_hash over the first signature, which does not verify: refused
    const overFirst = await kbJwt(`${foreign.protected}.${payloadB64}.${foreign.signature}~${disclosure}~`);
    await expectCode(verifySdJwt(general(overFirst), opts), 'ERR_SD_JWT_SD_HASH');
    // no signature verifies: ERR_SD_JWT_SIGNATURE
    const broken: SdJwtGeneralJson = {
      payload: payloadB64,
      signatures: [foreign, { protected: protectedB64, signature: foreign.signature }],
    };
    await expectCode(verifySdJwt(broken, { ...opts, keyBinding: {} }), 'ERR_SD_JWT_SIGNATURE');
  });
});
