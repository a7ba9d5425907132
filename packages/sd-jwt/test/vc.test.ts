import { createSigner, generateKeyPair, publicKeyToDidKey, publicKeyToJwk } from '@realdid/crypto';
import { createDid, getResolver } from '@realdid/did';
import { Resolver } from 'did-resolver';
import { describe, expect, it } from 'vitest';
import {
  didKeyResolver,
  issueSdJwtVc,
  jwkKeyResolver,
  presentSdJwt,
  type StatusChecker,
  verifySdJwt,
  verifySdJwtVc,
} from '../src/index.js';
import { signCompactJws } from '../src/internal/jws.js';
import { expectCode } from './helpers.js';

const issuer = generateKeyPair('Ed25519');
const holder = generateKeyPair('Ed25519');
const holderJwk = publicKeyToJwk('Ed25519', holder.publicKey);
const keyResolver = jwkKeyResolver(publicKeyToJwk('Ed25519', issuer.publicKey));
const aud = 'https://rp.example';
const nonce = 'n-0S6_WzA2Mj';
const NOW = 1_800_000_000;
const now = () => NOW * 1000;
const status = { status_list: { idx: 7, uri: 'https://issuer.example/status/1' } };

async function issue(extra: Partial<Parameters<typeof issueSdJwtVc>[0]> = {}) {
  return issueSdJwtVc({
    signer: createSigner(issuer),
    vct: 'urn:realdid:realname:1',
    iss: 'https://issuer.example',
    iat: NOW - 86_400,
    exp: NOW + 86_400,
    cnf: { jwk: holderJwk },
    status,
    claims: { given_name: 'Ada', age_over_18: true, address: { region: 'R', country: 'C' } },
    disclosureFrame: { _sd: ['given_name', 'age_over_18', 'address'], address: { _sd: ['region'] } },
    ...extra,
  });
}
const present = (vc: string, frame = { age_over_18: true }) =>
  presentSdJwt(vc, frame, { keyBinding: { signer: createSigner(holder), aud, nonce, iat: NOW } });

describe('SD-JWT VC', () => {
  it('issues dc+sd-jwt and verifies with key binding, revealing only what was chosen', async () => {
    const vc = await issue();
    const r = await verifySdJwtVc(
      await present(vc, { age_over_18: true, address: { region: true } } as never),
      {
        keyResolver,
        now,
        keyBinding: { aud, nonce },
        requireStatusCheck: false,
      },
    );
    expect(r.header.typ).toBe('dc+sd-jwt');
    expect(r.vct).toBe('urn:realdid:realname:1');
    expect(r.iss).toBe('https://issuer.example');
    expect(r.status).toEqual(status);
    expect(r.claims.age_over_18).toBe(true);
    expect(r.claims.given_name).toBeUndefined();
    expect(r.claims.address).toEqual({ region: 'R', country: 'C' });
    // _sd digests are sorted, so the order of the disclosed paths is the digests' order
    expect(r.disclosed.map((p) => p.join('.')).sort()).toEqual(['address', 'address.region', 'age_over_18']);
    expect(r.cnf).toEqual({ jwk: holderJwk });
    expect(r.holderKey?.type).toBe('Ed25519');
  });
  it('requires holder binding by default (issuance and verification)', async () => {
    await expect(issue({ cnf: undefined as never })).rejects.toThrow(TypeError);
    const vc = await issue();
    await expect(verifySdJwtVc(vc, { keyResolver, now })).rejects.toThrow(TypeError); // no aud/nonce given
    await expectCode(
      verifySdJwtVc(vc, { keyResolver, now, keyBinding: { aud, nonce }, requireStatusCheck: false }),
      'ERR_SD_JWT_KB_REQUIRED',
    );
    await expect(
      verifySdJwtVc(vc, { keyResolver, now, requireKeyBinding: false, requireStatusCheck: false }),
    ).resolves.toMatchObject({ verified: true });
    const unbound = await issue({ cnf: undefined as never, holderBinding: false });
    await expect(
      verifySdJwtVc(unbound, { keyResolver, now, requireKeyBinding: false, requireStatusCheck: false }),
    ).resolves.toMatchObject({ verified: true });
  });
  it('item 1: a credential with a status is refused unless checked or explicitly opted out (fail closed)', async () => {
    const vp = await present(await issue());
    // The revoked credential of the report: no checkStatus given, and it used to verify.
    await expectCode(
      verifySdJwtVc(vp, { keyResolver, now, keyBinding: { aud, nonce } }),
      'ERR_SD_JWT_STATUS_UNCHECKED',
    );
    await expectCode(
      verifySdJwt(vp, { keyResolver, now, keyBinding: { aud, nonce } }),
      'ERR_SD_JWT_STATUS_UNCHECKED',
    );
    await expectCode(
      verifySdJwtVc(vp, { keyResolver, now, keyBinding: { aud, nonce }, requireStatusCheck: true }),
      'ERR_SD_JWT_STATUS_UNCHECKED',
    );
    await expectCode(
      verifySdJwtVc(vp, { keyResolver, now, keyBinding: { aud, nonce }, checkStatus: async () => 'revoked' }),
      'ERR_SD_JWT_REVOKED',
    );
    // The explicit opt-out, and a credential without status, verify.
    for (const verify of [verifySdJwt, verifySdJwtVc]) {
      await expect(
        verify(vp, { keyResolver, now, keyBinding: { aud, nonce }, requireStatusCheck: false }),
      ).resolves.toMatchObject({ verified: true });
    }
    const noStatus = await present(await issue({ status: undefined as never }));
    await expect(
      verifySdJwtVc(noStatus, { keyResolver, now, keyBinding: { aud, nonce } }),
    ).resolves.toMatchObject({
      verified: true,
    });
    await expect(
      verifySdJwtVc(vp, { keyResolver, now, keyBinding: { aud, nonce }, requireStatusCheck: 'no' as never }),
    ).rejects.toThrow(TypeError);
  });
  it('accepts vc+sd-jwt on input, rejects other typ', async () => {
    const payload = { vct: 'urn:x', iss: 'https://i', cnf: { jwk: holderJwk } };
    for (const [typ, ok] of [
      ['vc+sd-jwt', true],
      ['dc+sd-jwt', true],
      ['example+sd-jwt', false],
      [undefined, false],
    ] as const) {
      const jwt = await signCompactJws(
        { alg: 'EdDSA', ...(typ ? { typ } : {}) },
        payload,
        createSigner(issuer),
      );
      const p = verifySdJwtVc(`${jwt}~`, { keyResolver, now, requireKeyBinding: false });
      if (ok) await expect(p).resolves.toMatchObject({ vct: 'urn:x' });
      else await expectCode(p, 'ERR_SD_JWT_TYP');
    }
  });
  it('rejects a missing vct, a malformed status or iss, and selectively disclosed vct/iss/exp/cnf/status', async () => {
    const s = createSigner(issuer);
    const mk = async (payload: Record<string, unknown>, disclosures: string[] = []) =>
      `${await signCompactJws({ alg: 'EdDSA', typ: 'dc+sd-jwt' }, payload, s)}~${disclosures.map((d) => `${d}~`).join('')}`;
    const opts = { keyResolver, now, requireKeyBinding: false };
    await expectCode(verifySdJwtVc(await mk({ iss: 'x' }), opts), 'ERR_SD_JWT_VC_CLAIM');
    await expectCode(verifySdJwtVc(await mk({ vct: 'v', iss: 5 }), opts), 'ERR_SD_JWT_VC_CLAIM');
    await expectCode(
      verifySdJwtVc(await mk({ vct: 'v', status: { status_list: { idx: -1, uri: 'u' } } }), opts),
      'ERR_SD_JWT_VC_CLAIM',
    );
    await expectCode(
      verifySdJwtVc(await mk({ vct: 'v', status: { status_list: { idx: 1 } } }), opts),
      'ERR_SD_JWT_VC_CLAIM',
    );
    await expectCode(verifySdJwtVc(await mk({ vct: 'v', cnf: {} }), opts), 'ERR_SD_JWT_VC_CLAIM');
    const { base64urlEncode, sha256, utf8Encode } = await import('@realdid/crypto');
    for (const name of ['iss', 'exp', 'vct', 'status', 'cnf', 'nbf']) {
      const value =
        name === 'status'
          ? status
          : name === 'cnf'
            ? { jwk: holderJwk }
            : name === 'vct'
              ? 'v'
              : name === 'iss'
                ? 'i'
                : NOW + 10;
      const d = base64urlEncode(utf8Encode(JSON.stringify(['saltsaltsaltsalt', name, value])));
      const payload: Record<string, unknown> = { _sd: [base64urlEncode(sha256(utf8Encode(d)))] };
      if (name !== 'vct') payload.vct = 'v';
      await expectCode(verifySdJwtVc(await mk(payload, [d]), opts), 'ERR_SD_JWT_VC_CLAIM');
    }
    await expect(
      issue({ disclosureFrame: { _sd: ['given_name'] }, claims: { given_name: 'x', exp: 1 } as never }),
    ).rejects.toThrow(TypeError);
  });
  it('status hook: valid passes, revoked and suspended fail with their own codes, a failing hook too', async () => {
    const vp = await present(await issue());
    const base = { keyResolver, now, keyBinding: { aud, nonce }, requireStatusCheck: false };
    const seen: unknown[] = [];
    const hook =
      (answer: string): StatusChecker =>
      async (s) => {
        seen.push(s);
        return answer as never;
      };
    await expect(verifySdJwtVc(vp, { ...base, checkStatus: hook('valid') })).resolves.toMatchObject({
      verified: true,
    });
    expect(seen[0]).toEqual(status);
    await expectCode(verifySdJwtVc(vp, { ...base, checkStatus: hook('revoked') }), 'ERR_SD_JWT_REVOKED');
    await expectCode(verifySdJwtVc(vp, { ...base, checkStatus: hook('suspended') }), 'ERR_SD_JWT_SUSPENDED');
    await expectCode(verifySdJwtVc(vp, { ...base, checkStatus: hook('maybe') }), 'ERR_SD_JWT_STATUS_CHECK');
    await expectCode(
      verifySdJwtVc(vp, {
        ...base,
        checkStatus: async () => {
          throw new Error('network down');
        },
      }),
      'ERR_SD_JWT_STATUS_CHECK',
    );
  });
  it('validity: an expired VC fails', async () => {
    const vp = await present(await issue({ exp: NOW - 1000 }));
    await expectCode(
      verifySdJwtVc(vp, { keyResolver, now, keyBinding: { aud, nonce }, requireStatusCheck: false }),
      'ERR_SD_JWT_EXPIRED',
    );
  });
  it('cnf.kid with a did:key holder', async () => {
    const did = publicKeyToDidKey('Ed25519', holder.publicKey);
    const vc = await issue({ cnf: { kid: `${did}#${did.slice(8)}` } });
    await expect(
      verifySdJwtVc(await present(vc), {
        keyResolver,
        now,
        keyBinding: { aud, nonce },
        requireStatusCheck: false,
      }),
    ).resolves.toMatchObject({ verified: true });
  });
});

describe('issuer key resolution by DID', () => {
  it('did:key issuer (decoded locally), kid must belong to iss', async () => {
    const did = publicKeyToDidKey('Ed25519', issuer.publicKey);
    const kid = `${did}#${did.slice(8)}`;
    const vc = await issue({ iss: did, header: { kid } });
    const r = await verifySdJwtVc(await present(vc), {
      keyResolver: didKeyResolver(),
      now,
      keyBinding: { aud, nonce },
      requireStatusCheck: false,
    });
    expect(r.iss).toBe(did);
    const other = publicKeyToDidKey('Ed25519', generateKeyPair('Ed25519').publicKey);
    const vc2 = await issue({ iss: other, header: { kid } });
    await expectCode(
      verifySdJwtVc(await present(vc2), {
        keyResolver: didKeyResolver(),
        now,
        keyBinding: { aud, nonce },
        requireStatusCheck: false,
      }),
      'ERR_SD_JWT_KEY_RESOLUTION',
    );
    const vc3 = await issue({ iss: did });
    await expectCode(
      verifySdJwtVc(await present(vc3), {
        keyResolver: didKeyResolver(),
        now,
        keyBinding: { aud, nonce },
        requireStatusCheck: false,
      }),
      'ERR_SD_JWT_KEY_RESOLUTION',
    );
  });
  it('did:realdid issuer through @realdid/did: assertionMethod checked, lookups cached', async () => {
    const created = createDid({
      keys: [
        { id: 'key-1', type: 'Ed25519', purposes: ['assertionMethod'] },
        { id: 'auth-1', type: 'Ed25519', purposes: ['authentication'] },
      ],
    });
    const did = created.longFormDid;
    const [assertKey, authKey] = created.keys.verificationMethods as unknown as [
      { keyPair: Parameters<typeof createSigner>[0] },
      { keyPair: Parameters<typeof createSigner>[0] },
    ];
    const resolver = new Resolver(getResolver());
    let calls = 0;
    const counting = {
      resolve: (u: string) => {
        calls++;
        return resolver.resolve(u);
      },
    };
    const kr = didKeyResolver({ resolver: counting });
    const opts = { keyResolver: kr, now, keyBinding: { aud, nonce }, requireStatusCheck: false };
    const vc = await issue({
      signer: createSigner(assertKey.keyPair),
      iss: did,
      header: { kid: `${did}#key-1` },
    });
    await expect(verifySdJwtVc(await present(vc), opts)).resolves.toMatchObject({ iss: did });
    await expect(verifySdJwtVc(await present(vc), opts)).resolves.toMatchObject({ iss: did });
    expect(calls).toBe(1); // cached
    // relative kid with a DID iss
    const rel = await issue({ signer: createSigner(assertKey.keyPair), iss: did, header: { kid: '#key-1' } });
    await expect(verifySdJwtVc(await present(rel), opts)).resolves.toMatchObject({ iss: did });
    // a key the DID only authorises for authentication is refused
    const wrongPurpose = await issue({
      signer: createSigner(authKey.keyPair),
      iss: did,
      header: { kid: `${did}#auth-1` },
    });
    await expectCode(verifySdJwtVc(await present(wrongPurpose), opts), 'ERR_SD_JWT_KEY_RESOLUTION');
    // unknown fragment, and a key that is not the DID's
    const unknown = await issue({
      signer: createSigner(assertKey.keyPair),
      iss: did,
      header: { kid: `${did}#nope` },
    });
    await expectCode(verifySdJwtVc(await present(unknown), opts), 'ERR_SD_JWT_KEY_RESOLUTION');
    const forged = await issue({ iss: did, header: { kid: `${did}#key-1` } });
    await expectCode(verifySdJwtVc(await present(forged), opts), 'ERR_SD_JWT_SIGNATURE');
  });
});
