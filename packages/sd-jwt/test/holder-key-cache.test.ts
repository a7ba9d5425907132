import { createSigner, generateKeyPair, publicKeyToJwk } from '@realdid/crypto';
import { describe, expect, it } from 'vitest';
import { issueSdJwtVc, presentSdJwt, verifySdJwtVc } from '../src/index.js';
import { AUD, expectCode, NONCE, NOW, parties } from './helpers.js';

// Holder keys from cnf.jwk are cached, looked up by x and taken only for a JWK with exactly the
// members and values of the one stored: a JWK is only ever served the key it was validated as.
const { issuer, holder, opts } = parties();

async function present(jwk: object, signerKey = holder): Promise<string> {
  const vc = await issueSdJwtVc({
    signer: createSigner(issuer),
    vct: 'urn:example:vc',
    cnf: { jwk },
    claims: { a: 1 },
    disclosureFrame: { _sd: ['a'] },
  });
  return presentSdJwt(
    vc,
    { a: true },
    { keyBinding: { signer: createSigner(signerKey), aud: AUD, nonce: NONCE, iat: NOW } },
  );
}

describe('the holder key cache', () => {
  it('serves the same key for the same JWK with its members in another order', async () => {
    const jwk = publicKeyToJwk('Ed25519', holder.publicKey) as unknown as Record<string, string>;
    const reordered = Object.fromEntries(Object.entries(jwk).reverse());
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(jwk));
    for (let i = 0; i < 2; i++) {
      await expect(verifySdJwtVc(await present(jwk), opts)).resolves.toMatchObject({ verified: true });
      await expect(verifySdJwtVc(await present(reordered), opts)).resolves.toMatchObject({ verified: true });
    }
  });
  it('never serves a cached key for a JWK that differs in any member', async () => {
    const jwk = publicKeyToJwk('Ed25519', holder.publicKey) as unknown as Record<string, string>;
    await expect(verifySdJwtVc(await present(jwk), opts)).resolves.toMatchObject({ verified: true });
    const other = generateKeyPair('Ed25519');
    const otherJwk = publicKeyToJwk('Ed25519', other.publicKey) as unknown as Record<string, string>;
    // Signed by the holder, bound to another key: refused, though the holder's JWK is cached.
    await expectCode(verifySdJwtVc(await present(otherJwk, holder), opts), 'ERR_SD_JWT_KB_SIGNATURE');
    // A member with a non-string value is never cached and gets the full check each time.
    for (let i = 0; i < 2; i++) {
      await expect(
        verifySdJwtVc(await present({ ...jwk, key_ops: ['verify'] }), opts),
      ).resolves.toMatchObject({ verified: true });
    }
    // The same x in a JWK that is not that key (another curve, an alg that does not fit): refused.
    await expectCode(verifySdJwtVc(await present({ ...jwk, alg: 'ES256' }), opts), 'ERR_SD_JWT_CNF');
    await expectCode(verifySdJwtVc(await present({ ...jwk, crv: 'Ed448' }), opts), 'ERR_SD_JWT_CNF');
    await expectCode(
      verifySdJwtVc(await present({ kty: 'EC', crv: 'P-256', x: jwk.x }), opts),
      'ERR_SD_JWT_CNF',
    );
    // and the cached key still serves the JWK it was stored for
    await expect(verifySdJwtVc(await present(jwk), opts)).resolves.toMatchObject({ verified: true });
  });
});
