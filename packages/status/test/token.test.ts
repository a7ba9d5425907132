import { createSigner, generateKeyPair, type KeyType, sign } from '@realdid/crypto';
import {
  createStatusListToken,
  decodeStatusList,
  StatusList,
  type StatusListKeyResolver,
  verifyStatusListToken,
} from '@realdid/status';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const URI = 'https://status.example/lists/1';
const NOW = 1_800_000_000_000; // ms
const now = () => NOW;

function b64(o: unknown): string {
  return Buffer.from(JSON.stringify(o)).toString('base64url');
}

async function setup(type: KeyType = 'Ed25519') {
  const kp = generateKeyPair(type);
  const signer = createSigner(kp);
  const resolveKey: StatusListKeyResolver = () => ({ type, publicKey: kp.publicKey });
  const list = new StatusList(1024, 2);
  list.set(5, 1);
  list.set(6, 2);
  const token = await createStatusListToken({
    list,
    uri: URI,
    signer,
    kid: 'k1',
    iss: 'did:example:issuer',
    ttl: 300,
    exp: NOW / 1000 + 3600,
    now,
  });
  return { kp, signer, resolveKey, list, token };
}

describe('Status List Token (JWT)', () => {
  for (const type of ['Ed25519', 'P-256', 'secp256k1'] as const) {
    it(`signs and verifies with ${type}`, async () => {
      const { token, resolveKey, list } = await setup(type);
      const [h, p] = token.split('.');
      expect(JSON.parse(Buffer.from(h!, 'base64url').toString())).toEqual({
        alg: { Ed25519: 'EdDSA', 'P-256': 'ES256', secp256k1: 'ES256K' }[type],
        typ: 'statuslist+jwt',
        kid: 'k1',
      });
      const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
      expect(payload).toMatchObject({
        sub: URI,
        iat: NOW / 1000,
        exp: NOW / 1000 + 3600,
        ttl: 300,
        iss: 'did:example:issuer',
      });
      expect(decodeStatusList(payload.status_list).toBytes()).toEqual(list.toBytes());
      const v = await verifyStatusListToken(token, { uri: URI, resolveKey, now });
      expect(v.list.get(5)).toBe(1);
      expect(v.list.get(6)).toBe(2);
      expect(v.list.get(7)).toBe(0);
      expect(v.ttl).toBe(300);
      expect(v.iss).toBe('did:example:issuer');
      // bytes form too
      expect((await verifyStatusListToken(Buffer.from(token), { uri: URI, resolveKey, now })).iat).toBe(
        NOW / 1000,
      );
    });
  }

  it('passes alg, kid, iss and uri to the key resolver', async () => {
    const { token, kp } = await setup();
    const seen: unknown[] = [];
    await verifyStatusListToken(token, {
      uri: URI,
      now,
      resolveKey: (r) => {
        seen.push(r);
        return { type: 'Ed25519', publicKey: kp.publicKey };
      },
    });
    expect(seen).toEqual([{ alg: 'EdDSA', kid: 'k1', iss: 'did:example:issuer', uri: URI }]);
  });

  it('rejects a tampered signature with ERR_STATUS_LIST_SIGNATURE', async () => {
    const { token, resolveKey } = await setup();
    const [h, p, s] = token.split('.') as [string, string, string];
    const sig = Buffer.from(s, 'base64url');
    sig[0]! ^= 1;
    await expect(
      verifyStatusListToken(`${h}.${p}.${sig.toString('base64url')}`, { uri: URI, resolveKey, now }),
    ).rejects.toMatchObject({
      code: 'ERR_STATUS_LIST_SIGNATURE',
    });
  });

  it('rejects a tampered list (payload) with ERR_STATUS_LIST_SIGNATURE', async () => {
    const { token, resolveKey } = await setup();
    const [h, p, s] = token.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const list = decodeStatusList(payload.status_list);
    list.set(5, 0); // un-revoke
    const { encodeStatusList } = await import('@realdid/status');
    payload.status_list = encodeStatusList(list);
    await expect(
      verifyStatusListToken(`${h}.${b64(payload)}.${s}`, { uri: URI, resolveKey, now }),
    ).rejects.toMatchObject({
      code: 'ERR_STATUS_LIST_SIGNATURE',
    });
  });

  it('any single-character change of the token is rejected (fast-check)', async () => {
    const { token, resolveKey } = await setup();
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: token.length - 1 }),
        fc.nat({ max: alphabet.length - 1 }),
        async (at, c) => {
          const ch = alphabet[c]!;
          fc.pre(token[at] !== ch);
          const bad = token.slice(0, at) + ch + token.slice(at + 1);
          try {
            const v = await verifyStatusListToken(bad, { uri: URI, resolveKey, now });
            // base64url may decode a changed last char to the same bytes only if non-canonical, which the decoder refuses.
            expect.fail(`accepted a modified token: ${JSON.stringify(v.payload)}`);
          } catch (err) {
            expect((err as { code?: string }).code).toMatch(/^ERR_STATUS_LIST_/);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('rejects a signature by another key, and an alg that does not match the key', async () => {
    const { token } = await setup();
    const other = generateKeyPair('Ed25519');
    await expect(
      verifyStatusListToken(token, {
        uri: URI,
        now,
        resolveKey: () => ({ type: 'Ed25519', publicKey: other.publicKey }),
      }),
    ).rejects.toMatchObject({ code: 'ERR_STATUS_LIST_SIGNATURE' });
    const p256 = generateKeyPair('P-256');
    await expect(
      verifyStatusListToken(token, {
        uri: URI,
        now,
        resolveKey: () => ({ type: 'P-256', publicKey: p256.publicKey }),
      }),
    ).rejects.toMatchObject({ code: 'ERR_STATUS_LIST_ALG' });
  });

  it('rejects when the key cannot be resolved', async () => {
    const { token } = await setup();
    await expect(
      verifyStatusListToken(token, { uri: URI, now, resolveKey: () => undefined }),
    ).rejects.toMatchObject({
      code: 'ERR_STATUS_LIST_KEY',
    });
    await expect(
      verifyStatusListToken(token, {
        uri: URI,
        now,
        resolveKey: () => {
          throw new Error('unknown kid');
        },
      }),
    ).rejects.toMatchObject({ code: 'ERR_STATUS_LIST_KEY' });
  });

  it('rejects an expired list with ERR_STATUS_LIST_EXPIRED (after the skew)', async () => {
    const { token, resolveKey } = await setup();
    const later = (s: number) => () => NOW + s * 1000;
    await expect(
      verifyStatusListToken(token, { uri: URI, resolveKey, now: later(3600 + 30) }),
    ).resolves.toBeDefined();
    await expect(
      verifyStatusListToken(token, { uri: URI, resolveKey, now: later(3600 + 61) }),
    ).rejects.toMatchObject({
      code: 'ERR_STATUS_LIST_EXPIRED',
    });
    await expect(
      verifyStatusListToken(token, { uri: URI, resolveKey, now: later(3601), clockSkewSec: 0 }),
    ).rejects.toMatchObject({ code: 'ERR_STATUS_LIST_EXPIRED' });
  });

  it('rejects an iat in the future with ERR_STATUS_LIST_NOT_YET_VALID', async () => {
    const { token, resolveKey } = await setup();
    await expect(
      verifyStatusListToken(token, { uri: URI, resolveKey, now: () => NOW - 3_600_000 }),
    ).rejects.toMatchObject({
      code: 'ERR_STATUS_LIST_NOT_YET_VALID',
    });
  });

  it('rejects a token for another URI with ERR_STATUS_LIST_SUBJECT_MISMATCH', async () => {
    const { token, resolveKey } = await setup();
    await expect(verifyStatusListToken(token, { uri: `${URI}x`, resolveKey, now })).rejects.toMatchObject({
      code: 'ERR_STATUS_LIST_SUBJECT_MISMATCH',
    });
  });

  it('rejects a token from another issuer when iss is required', async () => {
    const { token, resolveKey } = await setup();
    await expect(
      verifyStatusListToken(token, { uri: URI, resolveKey, now, iss: 'did:example:other' }),
    ).rejects.toMatchObject({
      code: 'ERR_STATUS_LIST_ISSUER_MISMATCH',
    });
  });

  async function forge(
    header: Record<string, unknown>,
    payload: Record<string, unknown>,
    kp = generateKeyPair('Ed25519'),
  ) {
    const input = `${b64(header)}.${b64(payload)}`;
    const sig = sign('Ed25519', kp.secretKey, Buffer.from(input));
    return { jwt: `${input}.${Buffer.from(sig).toString('base64url')}`, kp };
  }

  const goodPayload = { sub: URI, iat: NOW / 1000, status_list: { bits: 1, lst: 'eNrbuRgAAhcBXQ' } };

  it('checks typ, alg, crit and claim types (each a properly signed token)', async () => {
    const cases: [Record<string, unknown>, Record<string, unknown>, string][] = [
      [{ alg: 'EdDSA', typ: 'JWT' }, goodPayload, 'ERR_STATUS_LIST_TYPE'],
      [{ alg: 'EdDSA' }, goodPayload, 'ERR_STATUS_LIST_TYPE'],
      [{ alg: 'none', typ: 'statuslist+jwt' }, goodPayload, 'ERR_STATUS_LIST_ALG'],
      [{ alg: 'HS256', typ: 'statuslist+jwt' }, goodPayload, 'ERR_STATUS_LIST_ALG'],
      [{ alg: 'EdDSA', typ: 'statuslist+jwt', crit: ['x'], x: 1 }, goodPayload, 'ERR_STATUS_LIST_MALFORMED'],
      [
        { alg: 'EdDSA', typ: 'statuslist+jwt' },
        { ...goodPayload, iat: 'yesterday' },
        'ERR_STATUS_LIST_MALFORMED',
      ],
      [
        { alg: 'EdDSA', typ: 'statuslist+jwt' },
        { sub: URI, status_list: goodPayload.status_list },
        'ERR_STATUS_LIST_MALFORMED',
      ],
      [{ alg: 'EdDSA', typ: 'statuslist+jwt' }, { ...goodPayload, ttl: 0 }, 'ERR_STATUS_LIST_MALFORMED'],
      [{ alg: 'EdDSA', typ: 'statuslist+jwt' }, { ...goodPayload, ttl: -5 }, 'ERR_STATUS_LIST_MALFORMED'],
      [
        { alg: 'EdDSA', typ: 'statuslist+jwt' },
        { ...goodPayload, status_list: { bits: 3, lst: 'eNrbuRgAAhcBXQ' } },
        'ERR_STATUS_LIST_MALFORMED',
      ],
      [
        { alg: 'EdDSA', typ: 'statuslist+jwt' },
        { ...goodPayload, status_list: undefined },
        'ERR_STATUS_LIST_MALFORMED',
      ],
      [
        { alg: 'EdDSA', typ: 'statuslist+jwt' },
        { ...goodPayload, nbf: NOW / 1000 + 3600 },
        'ERR_STATUS_LIST_NOT_YET_VALID',
      ],
    ];
    for (const [header, payload, code] of cases) {
      const { jwt, kp } = await forge(header, payload);
      await expect(
        verifyStatusListToken(jwt, {
          uri: URI,
          now,
          resolveKey: () => ({ type: 'Ed25519', publicKey: kp.publicKey }),
        }),
        JSON.stringify([header, payload]),
      ).rejects.toMatchObject({ code });
    }
    // and the well-formed one passes
    const { jwt, kp } = await forge({ alg: 'EdDSA', typ: 'statuslist+jwt' }, goodPayload);
    const v = await verifyStatusListToken(jwt, {
      uri: URI,
      now,
      resolveKey: () => ({ type: 'Ed25519', publicKey: kp.publicKey }),
    });
    expect(v.list.get(0)).toBe(1);
  });

  it('verifies the payload of the draft example token structure (re-signed with our key)', async () => {
    const { jwt, kp } = await forge(
      { alg: 'EdDSA', kid: '12', typ: 'statuslist+jwt' },
      {
        exp: 2291720170,
        iat: 1686920170,
        status_list: { bits: 1, lst: 'eNrbuRgAAhcBXQ' },
        sub: 'https://example.com/statuslists/1',
        ttl: 43200,
      },
    );
    const v = await verifyStatusListToken(jwt, {
      uri: 'https://example.com/statuslists/1',
      now: () => 1686920170_000,
      resolveKey: () => ({ type: 'Ed25519', publicKey: kp.publicKey }),
    });
    expect([0, 1, 2, 3].map((i) => v.list.get(i))).toEqual([1, 0, 0, 1]);
    expect(v.ttl).toBe(43200);
  });

  it('rejects structurally broken tokens with ERR_STATUS_LIST_MALFORMED', async () => {
    const resolveKey: StatusListKeyResolver = () => undefined;
    for (const bad of [
      '',
      'a.b',
      'a.b.c.d',
      '..',
      'e30.e30.',
      '!!!.e30.AA',
      `${b64([1])}.${b64({})}.AA`,
      `${Buffer.from('{"__proto__":{"x":1},"alg":"EdDSA","typ":"statuslist+jwt"}').toString('base64url')}.e30.AA`,
    ]) {
      await expect(verifyStatusListToken(bad, { uri: URI, resolveKey, now }), bad).rejects.toMatchObject({
        code: 'ERR_STATUS_LIST_MALFORMED',
      });
    }
    await expect(
      verifyStatusListToken(new Uint8Array([0xff, 0xfe]), { uri: URI, resolveKey, now }),
    ).rejects.toMatchObject({
      code: 'ERR_STATUS_LIST_MALFORMED',
    });
    await expect(
      verifyStatusListToken('x'.repeat(100), { uri: URI, resolveKey, now, maxTokenBytes: 10 }),
    ).rejects.toMatchObject({
      code: 'ERR_STATUS_LIST_TOO_LARGE',
    });
    await expect(
      verifyStatusListToken(new Uint8Array(100), { uri: URI, resolveKey, now, maxTokenBytes: 10 }),
    ).rejects.toMatchObject({
      code: 'ERR_STATUS_LIST_TOO_LARGE',
    });
  });

  it('rejects misuse with TypeError/RangeError', async () => {
    const { signer } = await setup();
    const list = new StatusList(8);
    for (const bad of [undefined, 'x', 1, [], {}, new Uint8Array(2)]) {
      await expect(
        createStatusListToken({ list: bad as unknown as StatusList, uri: URI, signer }),
      ).rejects.toThrow(TypeError);
      if (typeof bad !== 'string' && !(bad instanceof Uint8Array)) {
        await expect(
          verifyStatusListToken(bad as unknown as string, { uri: URI, resolveKey: () => undefined }),
        ).rejects.toThrow(TypeError);
      }
    }
    await expect(createStatusListToken({ list, uri: '', signer })).rejects.toThrow(TypeError);
    await expect(
      createStatusListToken({ list, uri: URI, signer: { alg: 'HS256', sign: () => new Uint8Array(32) } }),
    ).rejects.toThrow(RangeError);
    await expect(createStatusListToken({ list, uri: URI, signer, ttl: 0 })).rejects.toThrow(RangeError);
    await expect(createStatusListToken({ list, uri: URI, signer, iat: 100, exp: 50 })).rejects.toThrow(
      RangeError,
    );
    await expect(
      verifyStatusListToken('a.b.c', { uri: URI, resolveKey: 'k' as unknown as StatusListKeyResolver }),
    ).rejects.toThrow(TypeError);
    await expect(
      verifyStatusListToken(
        'a.b.c',
        undefined as unknown as { uri: string; resolveKey: StatusListKeyResolver },
      ),
    ).rejects.toThrow(TypeError);
  });
});
