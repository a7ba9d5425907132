/**
 * Interoperability with an independent implementation: `@openid4vc/openid4vp` (OpenWallet
 * Foundation). Its callbacks (JWT verification, JWE) are wired to `@realdid/crypto`, our DID
 * resolver and `jose` here; the protocol logic on each side is the library's own.
 */

import {
  createOpenid4vpAuthorizationResponse,
  parseOpenid4vpAuthorizationResponse,
  resolveOpenid4vpAuthorizationRequest,
} from '@openid4vc/openid4vp';
import { base64urlDecode, sha256, utf8Encode, verify } from '@realdid/crypto';
import { resolveVerificationMethod } from '@realdid/did';
import { CompactEncrypt, compactDecrypt, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  createAuthorizationRequest,
  createAuthorizationResponse,
  createMemoryStore,
  createVpToken,
  verifyAuthorizationRequest,
  verifyAuthorizationResponse,
} from '../src/index.js';
import { AGE_QUERY, expectCode, RESPONSE_URI, setup } from './helpers.js';

type S = Awaited<ReturnType<typeof setup>>;

function callbacks(s: S, decryptionKey?: Record<string, unknown>) {
  const unused = () => {
    throw new Error('not used in this test');
  };
  return {
    hash: (data: Uint8Array) => sha256(data),
    fetch: unused as never,
    signJwt: unused as never,
    generateRandom: unused as never,
    getX509CertificateMetadata: unused as never,
    clientAuthentication: unused as never,
    async verifyJwt(signer: { method: string; didUrl?: string; alg?: string }, jwt: { compact: string }) {
      if (signer.method !== 'did' || signer.didUrl === undefined) return { verified: false as const };
      const vm = await resolveVerificationMethod(s.resolver, signer.didUrl, { purpose: 'authentication' });
      const [h, p, sig] = jwt.compact.split('.') as [string, string, string];
      const ok = verify(vm.type as 'Ed25519', vm.publicKey, utf8Encode(`${h}.${p}`), base64urlDecode(sig));
      return ok ? { verified: true as const, signerJwk: { kty: 'OKP' } } : { verified: false as const };
    },
    async decryptJwe(jwe: string) {
      if (decryptionKey === undefined) return { decrypted: false as const };
      const key = await importJWK(decryptionKey as never, 'ECDH-ES');
      const { plaintext } = await compactDecrypt(jwe, key);
      return {
        decrypted: true as const,
        decryptionJwk: decryptionKey as never,
        payload: new TextDecoder().decode(plaintext),
      };
    },
    async encryptJwe(
      encryptor: { publicJwk: Record<string, unknown>; enc: string; alg: string },
      data: string,
    ) {
      const key = await importJWK({ ...encryptor.publicJwk, alg: 'ECDH-ES' } as never, 'ECDH-ES');
      const header: Record<string, string> = { alg: 'ECDH-ES', enc: encryptor.enc };
      if (typeof encryptor.publicJwk.kid === 'string') header.kid = encryptor.publicJwk.kid;
      const jwe = await new CompactEncrypt(utf8Encode(data)).setProtectedHeader(header as never).encrypt(key);
      return { jwe, encryptionJwk: encryptor.publicJwk as never };
    },
  };
}

async function signedRequest(s: S) {
  return createAuthorizationRequest({
    clientId: `decentralized_identifier:${s.rpDid}`,
    signer: s.rpSigner,
    kid: s.rpKid,
    responseMode: 'direct_post.jwt',
    responseUri: RESPONSE_URI,
    dcqlQuery: AGE_QUERY,
  });
}

describe('interop with @openid4vc/openid4vp', () => {
  it('its wallet resolves our signed DID request (JAR, decentralized_identifier:)', async () => {
    const s = await setup();
    const { params } = await signedRequest(s);
    const resolved = await resolveOpenid4vpAuthorizationRequest({
      authorizationRequestPayload: params as never,
      callbacks: callbacks(s) as never,
    });
    expect(resolved.client.prefix).toBe('decentralized_identifier');
    expect(resolved.authorizationRequestPayload.response_mode).toBe('direct_post.jwt');
    expect(resolved.dcql?.query).toEqual(AGE_QUERY);
    expect(resolved.version).toBe(100);
  });

  it('its verifier accepts our wallet’s encrypted response', async () => {
    const s = await setup();
    const { params, transaction, requestObject } = await signedRequest(s);
    const request = await verifyAuthorizationRequest(params, { resolver: s.resolver });
    const { vpToken } = await createVpToken(request, {
      credentials: [s.credential],
      holderSigner: () => s.holderSigner,
    });
    const response = await createAuthorizationResponse(request, vpToken);
    const payload = JSON.parse(
      new TextDecoder().decode(base64urlDecode((requestObject as string).split('.')[1] as string)),
    );
    const parsed = await parseOpenid4vpAuthorizationResponse({
      authorizationResponse: response,
      authorizationRequestPayload: payload,
      callbacks: callbacks(s, transaction.decryptionKey) as never,
    });
    expect(parsed.expectedNonce).toBe(transaction.nonce);
    expect(parsed.authorizationResponsePayload.vp_token).toEqual(vpToken);
    expect(parsed.type).toBe('dcql');
  });

  it('our verifier accepts a response its wallet built (encrypted to our key)', async () => {
    const s = await setup();
    const { params, transaction } = await signedRequest(s);
    const cb = callbacks(s);
    const resolved = await resolveOpenid4vpAuthorizationRequest({
      authorizationRequestPayload: params as never,
      callbacks: cb as never,
    });
    // The presentation itself is an SD-JWT VC presentation (our wallet makes it; the library does not).
    const request = await verifyAuthorizationRequest(params, { resolver: s.resolver });
    const { vpToken } = await createVpToken(request, {
      credentials: [s.credential],
      holderSigner: () => s.holderSigner,
    });
    const built = await createOpenid4vpAuthorizationResponse({
      authorizationRequestPayload: resolved.authorizationRequestPayload,
      authorizationResponsePayload: { vp_token: vpToken, state: request.state },
      jarm: {
        encryption: { nonce: request.nonce },
        serverMetadata: {
          authorization_encryption_alg_values_supported: ['ECDH-ES'],
          authorization_encryption_enc_values_supported: ['A128GCM', 'A256GCM'],
        },
      },
      callbacks: cb as never,
    } as never);
    const jwe = (built as { jarm?: { responseJwt?: string; responseJwe?: string } }).jarm;
    const body = { response: (jwe?.responseJwe ?? jwe?.responseJwt) as string };
    expect(body.response.split('.')).toHaveLength(5);
    const opts = {
      transaction,
      replayStore: createMemoryStore(),
      keyResolver: s.keyResolver,
      requireStatusCheck: false,
    };
    const out = await verifyAuthorizationResponse(body, opts);
    expect(out.presentations.pid?.[0]?.claims.age_over_18).toBe(true);
    await expectCode(verifyAuthorizationResponse(body, opts), 'ERR_OID4VC_REPLAY');
  });
});
