import {
  base64urlDecode,
  base64urlEncode,
  createSigner,
  generateKeyPair,
  publicKeyToDidKey,
} from '@realdid/crypto';
import { describe, expect, it } from 'vitest';
import { issueSdJwtVc, presentSdJwt, type ResolvedKey, verifySdJwtVc } from '../src/index.js';
import { AUD, expectCode, NONCE, NOW, parties } from './helpers.js';

const { issuer, holder, opts: base } = parties();
const aud = AUD;
const nonce = NONCE;

async function present(cnf: { kid: string } | { jwk: object }, signerKey = holder): Promise<string> {
  const vc = await issueSdJwtVc({
    signer: createSigner(issuer),
    vct: 'urn:example:vc',
    cnf,
    claims: { a: 1 },
    disclosureFrame: { _sd: ['a'] },
  });
  return presentSdJwt(
    vc,
    { a: true },
    { keyBinding: { signer: createSigner(signerKey), aud, nonce, iat: NOW } },
  );
}

function badIssuerSignature(vp: string): string {
  const [jwt, ...rest] = vp.split('~');
  const dot = jwt!.lastIndexOf('.');
  const sig = base64urlDecode(jwt!.slice(dot + 1));
  sig[0]! ^= 1;
  return [`${jwt!.slice(0, dot + 1)}${base64urlEncode(sig)}`, ...rest].join('~');
}

describe('holder keys other than cnf.jwk', () => {
  it('cnf.kid as a did:key URL, with no resolver', async () => {
    const did = publicKeyToDidKey('Ed25519', holder.publicKey);
    const r = await verifySdJwtVc(await present({ kid: `${did}#${did.slice(8)}` }), base);
    expect(r.holderKey?.publicKey).toEqual(holder.publicKey);
    await expectCode(verifySdJwtVc(await present({ kid: 'did:key:zNotAKey' }), base), 'ERR_SD_JWT_CNF');
    await expectCode(verifySdJwtVc(await present({ kid: 'urn:other' }), base), 'ERR_SD_JWT_CNF');
  });

  it('cnf.kid through holderKeyResolver, asked only once the issuer signature verifies', async () => {
    const seen: unknown[] = [];
    const holderKeyResolver = async (cnf: Readonly<Record<string, unknown>>): Promise<ResolvedKey> => {
      seen.push(cnf.kid);
      if (cnf.kid !== 'holder-1') throw new Error('unknown holder');
      return { type: 'Ed25519', publicKey: holder.publicKey };
    };
    const vp = await present({ kid: 'holder-1' });
    const r = await verifySdJwtVc(vp, { ...base, holderKeyResolver });
    expect(r.holderKey?.publicKey).toEqual(holder.publicKey);
    expect(seen).toEqual(['holder-1']);

    await expectCode(
      verifySdJwtVc(badIssuerSignature(vp), { ...base, holderKeyResolver }),
      'ERR_SD_JWT_SIGNATURE',
    );
    expect(seen).toEqual(['holder-1']); // not asked for a forged credential

    await expectCode(
      verifySdJwtVc(await present({ kid: 'holder-2' }), { ...base, holderKeyResolver }),
      'ERR_SD_JWT_CNF',
    );
    await expectCode(
      verifySdJwtVc(await present({ kid: 'holder-1' }, generateKeyPair('Ed25519')), {
        ...base,
        holderKeyResolver,
      }),
      'ERR_SD_JWT_KB_SIGNATURE',
    );
    const p256 = generateKeyPair('P-256');
    await expectCode(
      verifySdJwtVc(vp, {
        ...base,
        holderKeyResolver: async () => ({ type: 'P-256', publicKey: p256.publicKey }),
      }),
      'ERR_SD_JWT_KB_SIGNATURE',
    );
  });

  it('a KB-JWT fault after the signature is reported after a resolver-found key verifies it', async () => {
    const holderKeyResolver = async (): Promise<ResolvedKey> => ({
      type: 'Ed25519',
      publicKey: holder.publicKey,
    });
    const vp = await present({ kid: 'holder-1' });
    await expectCode(
      verifySdJwtVc(vp, { ...base, holderKeyResolver, keyBinding: { aud: 'https://other.example', nonce } }),
      'ERR_SD_JWT_KB_AUD',
    );
    await expectCode(
      verifySdJwtVc(await present({ kid: 'holder-1' }, generateKeyPair('Ed25519')), {
        ...base,
        holderKeyResolver,
        keyBinding: { aud: 'https://other.example', nonce },
      }),
      'ERR_SD_JWT_KB_SIGNATURE',
    );
  });
});

describe('presentation frames', () => {
  it('a name the SD-JWT does not hold reveals nothing and is not an error', async () => {
    const vc = await issueSdJwtVc({
      signer: createSigner(issuer),
      vct: 'urn:example:vc',
      holderBinding: false,
      claims: { a: 1, b: 2 },
      disclosureFrame: { _sd: ['a', 'b'] },
    });
    const vp = await presentSdJwt(vc, { a: true, nope: true });
    expect(vp.split('~').length).toBe(3); // jwt, the disclosure of a, empty KB part
    const r = await verifySdJwtVc(vp, { ...base, requireKeyBinding: false });
    expect(r.claims.a).toBe(1);
    expect(r.claims.b).toBeUndefined();
    expect(r.claims.nope).toBeUndefined();
  });
});
