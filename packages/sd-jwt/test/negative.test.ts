import {
  base64urlEncode,
  createSigner,
  generateKeyPair,
  publicKeyToJwk,
  sha256,
  utf8Encode,
} from '@realdid/crypto';
import { describe, expect, it } from 'vitest';
import { issueSdJwt, jwkKeyResolver, presentSdJwt, verifySdJwt } from '../src/index.js';
import { signCompactJws } from '../src/internal/jws.js';
import { expectCode } from './helpers.js';

const issuer = generateKeyPair('Ed25519');
const holder = generateKeyPair('Ed25519');
const signer = createSigner(issuer);
const keyResolver = jwkKeyResolver(publicKeyToJwk('Ed25519', issuer.publicKey));
const holderJwk = publicKeyToJwk('Ed25519', holder.publicKey);

const enc = (v: unknown) => base64urlEncode(utf8Encode(JSON.stringify(v)));
const dig = (d: string) => base64urlEncode(sha256(utf8Encode(d)));

/** Signs an arbitrary payload and appends the given disclosures (crafted input). */
async function craft(
  payload: Record<string, unknown>,
  disclosures: string[],
  header: Record<string, unknown> = {},
) {
  const jwt = await signCompactJws({ alg: 'EdDSA', ...header }, payload, signer);
  return `${jwt}~${disclosures.map((d) => `${d}~`).join('')}`;
}

const dA = enc(['salt-salt-salt-salt-1', 'a', 1]);
const dEl = enc(['salt-salt-salt-salt-2', 'x']);

describe('verifySdJwt rejects, each with its own code', () => {
  it('accepts a well-formed crafted SD-JWT (control)', async () => {
    const s = await craft({ _sd: [dig(dA)], arr: [{ '...': dig(dEl) }] }, [dA, dEl]);
    await expect(verifySdJwt(s, { keyResolver })).resolves.toMatchObject({ claims: { a: 1, arr: ['x'] } });
  });
  it('duplicate digests', async () => {
    await expectCode(
      verifySdJwt(await craft({ _sd: [dig(dA), dig(dA)] }, [dA]), { keyResolver }),
      'ERR_SD_JWT_DUPLICATE_DIGEST',
    );
    await expectCode(
      verifySdJwt(await craft({ _sd: [dig(dA)], o: { _sd: [dig(dA)] } }, [dA]), { keyResolver }),
      'ERR_SD_JWT_DUPLICATE_DIGEST',
    );
    // duplicates among undisclosed (decoy) digests count too
    await expectCode(
      verifySdJwt(await craft({ _sd: ['AAAA', 'AAAA'] }, []), { keyResolver }),
      'ERR_SD_JWT_DUPLICATE_DIGEST',
    );
  });
  it('a disclosure whose digest is not referenced', async () => {
    await expectCode(
      verifySdJwt(await craft({ _sd: [] }, [dA]), { keyResolver }),
      'ERR_SD_JWT_DISCLOSURE_UNREFERENCED',
    );
  });
  it('a disclosure used twice', async () => {
    await expectCode(
      verifySdJwt(await craft({ _sd: [dig(dA)] }, [dA, dA]), { keyResolver }),
      'ERR_SD_JWT_DISCLOSURE_REUSED',
    );
  });
  it('_sd or ... in the wrong place', async () => {
    await expectCode(verifySdJwt(await craft({ _sd: 'x' }, []), { keyResolver }), 'ERR_SD_JWT_SD_MISPLACED');
    await expectCode(verifySdJwt(await craft({ _sd: [1] }, []), { keyResolver }), 'ERR_SD_JWT_SD_MISPLACED');
    await expectCode(
      verifySdJwt(await craft({ '...': dig(dEl) }, [dEl]), { keyResolver }),
      'ERR_SD_JWT_SD_MISPLACED',
    );
    await expectCode(
      verifySdJwt(await craft({ arr: [{ '...': dig(dEl), other: 1 }] }, [dEl]), { keyResolver }),
      'ERR_SD_JWT_SD_MISPLACED',
    );
    await expectCode(
      verifySdJwt(await craft({ arr: [{ '...': 5 }] }, []), { keyResolver }),
      'ERR_SD_JWT_SD_MISPLACED',
    );
  });
  it('a claim named _sd or ... in a disclosure', async () => {
    for (const name of ['_sd', '...']) {
      const d = enc(['salt-salt-salt-salt-3', name, 1]);
      await expectCode(
        verifySdJwt(await craft({ _sd: [dig(d)] }, [d]), { keyResolver }),
        'ERR_SD_JWT_RESERVED_CLAIM_NAME',
      );
    }
  });
  it('a disclosed name that already exists', async () => {
    await expectCode(
      verifySdJwt(await craft({ a: 0, _sd: [dig(dA)] }, [dA]), { keyResolver }),
      'ERR_SD_JWT_CLAIM_EXISTS',
    );
    const dA2 = enc(['salt-salt-salt-salt-9', 'a', 2]);
    await expectCode(
      verifySdJwt(await craft({ _sd: [dig(dA), dig(dA2)] }, [dA, dA2]), { keyResolver }),
      'ERR_SD_JWT_CLAIM_EXISTS',
    );
  });
  it('a disclosure of the wrong kind for its place, or malformed', async () => {
    await expectCode(
      verifySdJwt(await craft({ _sd: [dig(dEl)] }, [dEl]), { keyResolver }),
      'ERR_SD_JWT_DISCLOSURE_MALFORMED',
    );
    await expectCode(
      verifySdJwt(await craft({ arr: [{ '...': dig(dA) }] }, [dA]), { keyResolver }),
      'ERR_SD_JWT_DISCLOSURE_MALFORMED',
    );
    for (const bad of [['s'], ['s', 'a', 1, 2], [1, 'a', 1], ['s', 2, 1], { a: 1 }, 'str']) {
      const d = enc(bad);
      await expectCode(
        verifySdJwt(await craft({ _sd: [dig(d)] }, [d]), { keyResolver }),
        'ERR_SD_JWT_DISCLOSURE_MALFORMED',
      );
    }
  });
  it('malformed base64url or JSON', async () => {
    const ok = await craft({ _sd: [dig(dA)] }, [dA]);
    const [jwt] = ok.split('~') as [string];
    await expectCode(verifySdJwt(`${jwt}~abc=~`, { keyResolver }), 'ERR_SD_JWT_BASE64URL');
    await expectCode(verifySdJwt(`${jwt}~a+b/~`, { keyResolver }), 'ERR_SD_JWT_BASE64URL');
    await expectCode(
      verifySdJwt(`${jwt}~${base64urlEncode(utf8Encode('[1,'))}~`, { keyResolver }),
      'ERR_SD_JWT_JSON',
    );
    await expectCode(
      verifySdJwt(`${jwt}~${base64urlEncode(new Uint8Array([0xff, 0xfe]))}~`, { keyResolver }),
      'ERR_SD_JWT_JSON',
    );
    const [h, p, s] = jwt.split('.') as [string, string, string];
    await expectCode(
      verifySdJwt(`${h}.${base64urlEncode(utf8Encode('[]'))}.${s}~`, { keyResolver }),
      'ERR_SD_JWT_JSON',
    );
    await expectCode(verifySdJwt(`${h}.${p}~`, { keyResolver }), 'ERR_SD_JWT_FORMAT');
    await expectCode(verifySdJwt(jwt, { keyResolver }), 'ERR_SD_JWT_FORMAT');
    await expectCode(verifySdJwt(`${jwt}~~${dA}~`, { keyResolver }), 'ERR_SD_JWT_FORMAT');
    await expectCode(verifySdJwt('{"payload":1}', { keyResolver }), 'ERR_SD_JWT_FORMAT');
    await expectCode(verifySdJwt('{not json', { keyResolver }), 'ERR_SD_JWT_JSON');
  });
  it('sizes over limits', async () => {
    const many = Array.from({ length: 6 }, (_, i) => enc([`salt-salt-salt-salt-${i}`, `c${i}`, i]));
    const s = await craft({ _sd: many.map(dig) }, many);
    await expect(verifySdJwt(s, { keyResolver })).resolves.toMatchObject({ verified: true });
    await expectCode(verifySdJwt(s, { keyResolver, limits: { maxDisclosures: 5 } }), 'ERR_SD_JWT_LIMIT');
    await expectCode(verifySdJwt(s, { keyResolver, limits: { maxBytes: 100 } }), 'ERR_SD_JWT_LIMIT');
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { d: deep };
    await expectCode(verifySdJwt(await craft({ deep }, []), { keyResolver }), 'ERR_SD_JWT_LIMIT');
    await expect(
      verifySdJwt(await craft({ deep }, []), { keyResolver, limits: { maxDepth: 64 } }),
    ).resolves.toBeTruthy();
  });
  it('algorithm not allowed, never none', async () => {
    const s = await craft({}, [], {});
    await expectCode(verifySdJwt(s, { keyResolver, algorithms: ['ES256'] }), 'ERR_SD_JWT_ALG_NOT_ALLOWED');
    const [, p] = s.split('.') as [string, string];
    const none = `${enc({ alg: 'none' })}.${p}.~`;
    await expectCode(verifySdJwt(none, { keyResolver }), 'ERR_SD_JWT_FORMAT');
    await expectCode(
      verifySdJwt(`${enc({ alg: 'none' })}.${p}.AAAA~`, { keyResolver }),
      'ERR_SD_JWT_ALG_NOT_ALLOWED',
    );
    await expectCode(
      verifySdJwt(`${enc({ alg: 'HS256' })}.${p}.AAAA~`, { keyResolver }),
      'ERR_SD_JWT_ALG_NOT_ALLOWED',
    );
    await expect(verifySdJwt(s, { keyResolver, algorithms: ['none' as never] })).rejects.toThrow(TypeError);
  });
  it('wrong signature, wrong key, key of the wrong type', async () => {
    const s = await craft({ a: 1 }, []);
    const other = generateKeyPair('Ed25519');
    await expectCode(
      verifySdJwt(s, { keyResolver: jwkKeyResolver(publicKeyToJwk('Ed25519', other.publicKey)) }),
      'ERR_SD_JWT_SIGNATURE',
    );
    const p256 = generateKeyPair('P-256');
    await expectCode(
      verifySdJwt(s, { keyResolver: jwkKeyResolver(publicKeyToJwk('P-256', p256.publicKey)) }),
      'ERR_SD_JWT_KEY_RESOLUTION',
    );
    await expectCode(
      verifySdJwt(s, {
        keyResolver: async () => {
          throw new Error('boom');
        },
      }),
      'ERR_SD_JWT_KEY_RESOLUTION',
    );
  });
  it('_sd_alg not supported or not allowed', async () => {
    await expectCode(verifySdJwt(await craft({ _sd_alg: 'md5' }, []), { keyResolver }), 'ERR_SD_JWT_SD_ALG');
    await expectCode(
      verifySdJwt(await craft({ _sd_alg: 'sha-512' }, []), { keyResolver, sdAlgorithms: ['sha-256'] }),
      'ERR_SD_JWT_SD_ALG',
    );
  });
  it('typ when expected', async () => {
    await expectCode(
      verifySdJwt(await craft({}, [], { typ: 'JWT' }), { keyResolver, typ: 'example+sd-jwt' }),
      'ERR_SD_JWT_TYP',
    );
  });
  it('time: exp, nbf, iat, with skew and an injected clock', async () => {
    const now = () => 1_800_000_000_000;
    await expectCode(
      verifySdJwt(await craft({ exp: 1_799_999_000 }, []), { keyResolver, now }),
      'ERR_SD_JWT_EXPIRED',
    );
    await expect(
      verifySdJwt(await craft({ exp: 1_799_999_990 }, []), { keyResolver, now }),
    ).resolves.toBeTruthy();
    await expectCode(
      verifySdJwt(await craft({ nbf: 1_800_000_100 }, []), { keyResolver, now }),
      'ERR_SD_JWT_NOT_YET_VALID',
    );
    await expectCode(
      verifySdJwt(await craft({ iat: 1_800_000_100 }, []), { keyResolver, now }),
      'ERR_SD_JWT_IAT_IN_FUTURE',
    );
    await expect(
      verifySdJwt(await craft({ iat: 1_800_000_100 }, []), { keyResolver, now, clockSkewSeconds: 200 }),
    ).resolves.toBeTruthy();
    await expectCode(
      verifySdJwt(await craft({ exp: '1' }, []), { keyResolver, now }),
      'ERR_SD_JWT_CLAIM_INVALID',
    );
    await expectCode(
      verifySdJwt(await craft({}, []), { keyResolver, now, requiredClaims: ['exp'] }),
      'ERR_SD_JWT_CLAIM_INVALID',
    );
    // an exp hidden in a disclosure is still checked once disclosed
    const dExp = enc(['salt-salt-salt-salt-e', 'exp', 1_700_000_000]);
    await expectCode(
      verifySdJwt(await craft({ _sd: [dig(dExp)] }, [dExp]), { keyResolver, now }),
      'ERR_SD_JWT_EXPIRED',
    );
  });
  it('prototype pollution through a disclosed __proto__ stays an own property', async () => {
    const d = enc(['salt-salt-salt-salt-p', '__proto__', { polluted: true }]);
    const r = await verifySdJwt(await craft({ _sd: [dig(d)] }, [d]), { keyResolver });
    expect(Object.getPrototypeOf(r.claims)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(r.claims, '__proto__')).toBe(true);
  });
});

describe('key binding', () => {
  const aud = 'https://rp.example';
  const nonce = 'nonce-123456';
  const now = () => 1_800_000_000_000;
  async function issued() {
    return issueSdJwt({
      signer,
      payload: { cnf: { jwk: holderJwk }, a: 1, b: 2 },
      disclosureFrame: { _sd: ['a', 'b'] },
    });
  }
  const kbOpts = { keyResolver, now, requireKeyBinding: true, keyBinding: { aud, nonce } };
  it('is required when asked', async () => {
    await expectCode(
      verifySdJwt(await presentSdJwt(await issued(), { a: true }), kbOpts),
      'ERR_SD_JWT_KB_REQUIRED',
    );
  });
  it('needs aud and nonce expectations when required (misuse)', async () => {
    await expect(verifySdJwt(await issued(), { keyResolver, requireKeyBinding: true })).rejects.toThrow(
      TypeError,
    );
  });
  it('checks typ, signature key, iat window, sd_hash and cnf', async () => {
    const sd = await issued();
    const good = await presentSdJwt(
      sd,
      { a: true },
      { keyBinding: { signer: createSigner(holder), aud, nonce, iat: 1_800_000_000 } },
    );
    const r = await verifySdJwt(good, kbOpts);
    expect(r.claims).toEqual({ cnf: { jwk: holderJwk }, a: 1 });
    expect(r.holderKey?.type).toBe('Ed25519');
    const wrongHolder = await presentSdJwt(
      sd,
      { a: true },
      { keyBinding: { signer: createSigner(generateKeyPair('Ed25519')), aud, nonce, iat: 1_800_000_000 } },
    );
    await expectCode(verifySdJwt(wrongHolder, kbOpts), 'ERR_SD_JWT_KB_SIGNATURE');
    const old = await presentSdJwt(
      sd,
      { a: true },
      { keyBinding: { signer: createSigner(holder), aud, nonce, iat: 1_799_999_000 } },
    );
    await expectCode(verifySdJwt(old, kbOpts), 'ERR_SD_JWT_KB_IAT');
    const future = await presentSdJwt(
      sd,
      { a: true },
      { keyBinding: { signer: createSigner(holder), aud, nonce, iat: 1_800_000_500 } },
    );
    await expectCode(verifySdJwt(future, kbOpts), 'ERR_SD_JWT_KB_IAT');
    // typ other than kb+jwt
    const base = good.slice(0, good.lastIndexOf('~') + 1);
    const kbPayload = JSON.parse(
      new TextDecoder().decode(
        Buffer.from(good.slice(good.lastIndexOf('~') + 1).split('.')[1]!, 'base64url'),
      ),
    );
    const badTyp = await signCompactJws({ alg: 'EdDSA', typ: 'JWT' }, kbPayload, createSigner(holder));
    await expectCode(verifySdJwt(base + badTyp, kbOpts), 'ERR_SD_JWT_TYP');
    const badHash = await signCompactJws(
      { alg: 'EdDSA', typ: 'kb+jwt' },
      { ...kbPayload, sd_hash: 'x' },
      createSigner(holder),
    );
    await expectCode(verifySdJwt(base + badHash, kbOpts), 'ERR_SD_JWT_SD_HASH');
    // no cnf in the credential
    const unbound = await issueSdJwt({ signer, payload: { a: 1 }, disclosureFrame: { _sd: ['a'] } });
    const p = await presentSdJwt(
      unbound,
      { a: true },
      { keyBinding: { signer: createSigner(holder), aud, nonce, iat: 1_800_000_000 } },
    );
    await expectCode(verifySdJwt(p, kbOpts), 'ERR_SD_JWT_CNF');
  });
  it('refuses a private key in cnf.jwk and a crit header', async () => {
    const { secretKeyToJwk } = await import('@realdid/crypto');
    const leaked = await issueSdJwt({
      signer,
      payload: { cnf: { jwk: secretKeyToJwk(holder) }, a: 1 },
      disclosureFrame: { _sd: ['a'] },
    });
    const p = await presentSdJwt(
      leaked,
      { a: true },
      { keyBinding: { signer: createSigner(holder), aud, nonce, iat: 1_800_000_000 } },
    );
    await expectCode(verifySdJwt(p, kbOpts), 'ERR_SD_JWT_CNF');
    await expectCode(
      verifySdJwt(await craft({}, [], { crit: ['exp'], exp: 1 }), { keyResolver }),
      'ERR_SD_JWT_FORMAT',
    );
  });
  it('a holder refuses to present an SD-JWT+KB', async () => {
    const sd = await issued();
    const vp = await presentSdJwt(sd, {}, { keyBinding: { signer: createSigner(holder), aud, nonce } });
    await expectCode(presentSdJwt(vp, {}), 'ERR_SD_JWT_FORMAT');
  });
});
