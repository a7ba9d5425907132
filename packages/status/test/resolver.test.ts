import { deflateSync } from 'node:zlib';
import { createSigner, generateKeyPair, sign } from '@realdid/crypto';
import {
  Bitstring,
  createBitstringStatusChecker,
  createBitstringStatusResolver,
  createTokenStatusResolver,
  encodeBitstring,
  TokenStatusListIssuer,
} from '@realdid/status';
import { describe, expect, it } from 'vitest';
import { bitstringListCredential } from './helpers.js';

const T0 = Date.parse('2026-11-21T12:00:00Z');

describe('resolvers', () => {
  it('concurrent checks of one list share a single fetch', async () => {
    const kp = generateKeyPair('Ed25519');
    const uri = 'https://a.example/s/concurrent';
    const issuer = new TokenStatusListIssuer({ uri, signer: createSigner(kp), now: () => T0 });
    const claims = Array.from({ length: 20 }, () => issuer.allocate());
    const token = await issuer.sign();
    let calls = 0;
    const resolve = createTokenStatusResolver({
      matchIssuer: false,
      fetch: async () => {
        calls++;
        await new Promise((r) => setTimeout(r, 20));
        return token;
      },
      resolveKey: () => ({ type: 'Ed25519', publicKey: kp.publicKey }),
      now: () => T0,
    });
    const results = await Promise.all(claims.map((c) => resolve(c)));
    expect(results.every((r) => r.state === 'valid')).toBe(true);
    expect(calls).toBe(1);
  });

  it('a fetcher answering neither a string nor bytes is ERR_STATUS_LIST_FETCH, for both kinds of list', async () => {
    const status = { status_list: { idx: 0, uri: 'https://a.example/s/odd' } };
    const entry = {
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '0',
      statusListCredential: 'https://a.example/b/odd',
    };
    for (const answer of [42, null, {}, ['a.b.c']]) {
      const fetch = async () => answer as string;
      await expect(
        createTokenStatusResolver({ matchIssuer: false, fetch, resolveKey: () => undefined as never })(
          status,
        ),
      ).rejects.toMatchObject({ code: 'ERR_STATUS_LIST_FETCH' });
      await expect(
        createBitstringStatusResolver({ matchIssuer: false, fetch, verifyCredential: async () => true })(
          entry,
        ),
      ).rejects.toMatchObject({ code: 'ERR_STATUS_LIST_FETCH' });
    }
  });

  it('a properly signed token carrying a decompression bomb is rejected with ERR_STATUS_LIST_TOO_LARGE', async () => {
    const kp = generateKeyPair('Ed25519');
    const uri = 'https://a.example/s/bomb';
    const lst = Buffer.from(deflateSync(Buffer.alloc(32 * 1024 * 1024), { level: 9 })).toString('base64url');
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const input = `${b64({ alg: 'EdDSA', typ: 'statuslist+jwt' })}.${b64({ sub: uri, iat: T0 / 1000, status_list: { bits: 1, lst } })}`;
    const jwt = `${input}.${Buffer.from(sign('Ed25519', kp.secretKey, Buffer.from(input))).toString('base64url')}`;
    const resolve = createTokenStatusResolver({
      matchIssuer: false,
      fetch: async () => jwt,
      resolveKey: () => ({ type: 'Ed25519', publicKey: kp.publicKey }),
      now: () => T0,
      maxDecompressedBytes: 4 * 1024 * 1024,
    });
    await expect(resolve({ status_list: { idx: 0, uri } })).rejects.toMatchObject({
      code: 'ERR_STATUS_LIST_TOO_LARGE',
    });
  });

  it('reads multi-bit message entries and reports their message', async () => {
    const url = 'https://a.example/b/message';
    const bits = new Bitstring(131_072, 2);
    bits.set(77, 2);
    const list = bitstringListCredential(url, 'message', bits);
    const options = {
      fetch: async () => JSON.stringify(list),
      verifyCredential: async () => true,
      now: () => T0,
      matchIssuer: false,
    };
    const entry = {
      type: 'BitstringStatusListEntry',
      statusPurpose: 'message',
      statusListIndex: '77',
      statusListCredential: url,
      statusSize: 2,
      statusMessage: [
        { status: '0x0', message: 'pending_review' },
        { status: '0x1', message: 'accepted' },
        { status: '0x2', message: 'rejected' },
        { status: '0x3', message: 'undefined' },
      ],
    };
    const r = await createBitstringStatusResolver(options)(entry);
    expect(r).toMatchObject({ status: 2, valid: false, state: 'other', message: 'rejected', index: 77 });
    // Through the vc hook a message entry is not a revocation.
    const hook = await createBitstringStatusChecker(options)(entry);
    expect(hook.status).toBe('valid');
    expect(hook.result.message).toBe('rejected');
    // A proof verifier that says no is ERR_STATUS_LIST_SIGNATURE, also through the hook.
    await expect(
      createBitstringStatusChecker({ ...options, verifyCredential: async () => false })(entry),
    ).rejects.toMatchObject({
      code: 'ERR_STATUS_LIST_SIGNATURE',
    });
  });

  it('rejects a list credential of the wrong type or with the wrong subject type', async () => {
    const url = 'https://a.example/b/types';
    const good = {
      id: url,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      credentialSubject: {
        type: 'BitstringStatusList',
        statusPurpose: 'revocation',
        encodedList: encodeBitstring(new Bitstring()),
      },
    };
    const entry = {
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '1',
      statusListCredential: url,
    };
    const mk = (doc: unknown) =>
      createBitstringStatusResolver({
        matchIssuer: false,
        fetch: async () => JSON.stringify(doc),
        verifyCredential: async () => true,
        now: () => T0,
      })(entry);
    await expect(mk(good)).resolves.toMatchObject({ state: 'valid' });
    await expect(mk({ ...good, type: ['VerifiableCredential'] })).rejects.toMatchObject({
      code: 'ERR_STATUS_LIST_TYPE',
    });
    await expect(
      mk({ ...good, credentialSubject: { ...good.credentialSubject, type: 'StatusList2021' } }),
    ).rejects.toMatchObject({
      code: 'ERR_STATUS_LIST_TYPE',
    });
    await expect(
      mk({
        ...good,
        credentialSubject: { ...good.credentialSubject, encodedList: encodeBitstring(new Bitstring(1024)) },
      }),
    ).rejects.toMatchObject({
      code: 'ERR_STATUS_LIST_LENGTH',
    });
    await expect(mk('not an object')).rejects.toMatchObject({ code: 'ERR_STATUS_LIST_MALFORMED' });
    await expect(
      createBitstringStatusResolver({
        matchIssuer: false,
        fetch: async () => 'x'.repeat(100),
        verifyCredential: async () => true,
        maxDocumentBytes: 10,
      })(entry),
    ).rejects.toMatchObject({ code: 'ERR_STATUS_LIST_TOO_LARGE' });
    const fetching = (doc: unknown, maxDocumentBytes?: number) =>
      createBitstringStatusResolver({
        matchIssuer: false,
        fetch: async () => doc as string,
        verifyCredential: async () => true,
        now: () => T0,
        ...(maxDocumentBytes === undefined ? {} : { maxDocumentBytes }),
      })(entry);
    await expect(fetching(new TextEncoder().encode(JSON.stringify(good)))).resolves.toMatchObject({
      state: 'valid',
    });
    await expect(fetching(new Uint8Array(100), 10)).rejects.toMatchObject({
      code: 'ERR_STATUS_LIST_TOO_LARGE',
    });
    await expect(fetching(new Uint8Array([0x7b, 0xff, 0x7d]))).rejects.toMatchObject({
      code: 'ERR_STATUS_LIST_MALFORMED',
    });
    await expect(fetching(42)).rejects.toMatchObject({ code: 'ERR_STATUS_LIST_FETCH' });
    await expect(
      createBitstringStatusResolver({
        matchIssuer: false,
        fetch: async () => {
          throw new Error('offline');
        },
        verifyCredential: async () => true,
      })(entry),
    ).rejects.toMatchObject({ code: 'ERR_STATUS_LIST_FETCH' });
  });
});
