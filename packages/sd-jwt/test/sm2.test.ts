/**
 * SD-JWT VC signed with SM2 (issuer and holder keys) and `_sd_alg: sm3`, on both crypto backends:
 * issuance, presentation with a KB-JWT, verification; SM2 only when the verifier lists it.
 */
import { createSigner, generateKeyPair, publicKeyToJwk, setBackend } from '@realdid/crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeSdJwt, issueSdJwtVc, jwkKeyResolver, presentSdJwt, verifySdJwtVc } from '../src/index.js';
import { AUD, expectCode, NONCE, NOW } from './helpers.js';

afterAll(() => setBackend('auto'));

describe.each(['node', 'noble'] as const)('SD-JWT VC with SM2 and sm3 on the %s backend', (backend) => {
  it('issues, presents with an SM2 KB-JWT, verifies; refused unless SM2 is allowed', async () => {
    setBackend(backend);
    const issuer = generateKeyPair('SM2');
    const holder = generateKeyPair('SM2');
    const vc = await issueSdJwtVc({
      signer: createSigner(issuer),
      vct: 'urn:example:realname',
      cnf: { jwk: publicKeyToJwk('SM2', holder.publicKey) },
      claims: { given_name: '张三', age_over_18: true },
      disclosureFrame: { _sd: ['given_name', 'age_over_18'] },
      sdAlg: 'sm3',
    });
    const decoded = decodeSdJwt(vc);
    expect(decoded.header.alg).toBe('SM2');
    expect(decoded.sdAlg).toBe('sm3');
    const vp = await presentSdJwt(
      vc,
      { age_over_18: true },
      { keyBinding: { signer: createSigner(holder), aud: AUD, nonce: NONCE, iat: NOW } },
    );
    const opts = {
      keyResolver: jwkKeyResolver(publicKeyToJwk('SM2', issuer.publicKey)),
      now: () => NOW * 1000,
      keyBinding: { aud: AUD, nonce: NONCE },
    };
    const r = await verifySdJwtVc(vp, { ...opts, algorithms: ['SM2'] });
    expect(r.claims.age_over_18).toBe(true);
    expect(r.claims.given_name).toBeUndefined();
    expect(r.sdAlg).toBe('sm3');
    // not in the default allow-list; only the listed name
    await expectCode(verifySdJwtVc(vp, opts), 'ERR_SD_JWT_ALG_NOT_ALLOWED');
    await expectCode(verifySdJwtVc(vp, { ...opts, algorithms: ['SM2SM3'] }), 'ERR_SD_JWT_ALG_NOT_ALLOWED');
    // sm3 digests only when sm3 is allowed
    await expectCode(
      verifySdJwtVc(vp, { ...opts, algorithms: ['SM2'], sdAlgorithms: ['sha-256'] }),
      'ERR_SD_JWT_SD_ALG',
    );
    // another issuer's SM2 key does not verify the issuer signature
    const other = jwkKeyResolver(publicKeyToJwk('SM2', generateKeyPair('SM2').publicKey));
    await expectCode(
      verifySdJwtVc(vp, { ...opts, keyResolver: other, algorithms: ['SM2'] }),
      'ERR_SD_JWT_SIGNATURE',
    );
    setBackend('auto');
  });

  it('the SM2SM3 name, when a deployment chose it', async () => {
    setBackend(backend);
    const issuer = generateKeyPair('SM2');
    const vc = await issueSdJwtVc({
      signer: createSigner(issuer, { sm2Algorithm: 'SM2SM3' }),
      vct: 'urn:example:realname',
      claims: { a: 1 },
      disclosureFrame: { _sd: ['a'] },
      sdAlg: 'sm3',
      holderBinding: false,
    });
    expect(decodeSdJwt(vc).header.alg).toBe('SM2SM3');
    const opts = {
      keyResolver: jwkKeyResolver(publicKeyToJwk('SM2', issuer.publicKey)),
      now: () => NOW * 1000,
      requireKeyBinding: false,
    };
    const r = await verifySdJwtVc(await presentSdJwt(vc, { a: true }), { ...opts, algorithms: ['SM2SM3'] });
    expect(r.claims.a).toBe(1);
    await expectCode(verifySdJwtVc(vc, { ...opts, algorithms: ['SM2'] }), 'ERR_SD_JWT_ALG_NOT_ALLOWED');
    setBackend('auto');
  });
});
