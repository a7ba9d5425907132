import { readFileSync } from 'node:fs';
import { createSigner, generateKeyPair, isRealDidError, publicKeyToJwk } from '@realdid/crypto';
import { createDid, getResolver, Resolver } from '@realdid/did';
import { issueSdJwtVc, jwkKeyResolver } from '@realdid/sd-jwt';
import { expect } from 'vitest';

/** Reads a file of test/vectors/ (SOURCE.md names its upstream). */
export function vector(path: string): string {
  return readFileSync(new URL(`./vectors/${path}`, import.meta.url), 'utf8');
}

/** Asserts a promise rejects with a RealDidError of the given code. */
export async function expectCode(p: Promise<unknown> | (() => unknown), code: string): Promise<void> {
  let err: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    err = e;
  }
  expect(err, `expected ${code}`).toBeDefined();
  if (!isRealDidError(err, code)) {
    throw new Error(
      `expected ${code}, got ${String((err as { code?: unknown })?.code)}: ${String((err as Error)?.message)}`,
    );
  }
}

export const VCT = 'https://authority.example/realname';
export const RESPONSE_URI = 'https://rp.example/openid4vp/post';

/** A PID-like query: family name and the age flag, vct pinned. */
export const AGE_QUERY = {
  credentials: [
    {
      id: 'pid',
      format: 'dc+sd-jwt',
      meta: { vct_values: [VCT] },
      claims: [{ path: ['age_over_18'], values: [true] }, { path: ['address', 'region'] }],
    },
  ],
};

/** Issuer, holder, one credential, an RP with a long-form did:realdid and a resolver. */
export async function setup() {
  const issuer = generateKeyPair('Ed25519');
  const holder = generateKeyPair('P-256');
  const keyResolver = jwkKeyResolver(publicKeyToJwk('Ed25519', issuer.publicKey));
  const issue = (claims: Record<string, unknown> = {}) =>
    issueSdJwtVc({
      signer: createSigner(issuer),
      vct: VCT,
      iss: 'https://authority.example',
      cnf: { jwk: publicKeyToJwk('P-256', holder.publicKey) },
      claims: {
        given_name: 'Ada',
        family_name: 'Lovelace',
        birthdate: '2000-01-01',
        age_over_18: true,
        address: { region: 'Beijing', street_address: '1 Main St' },
        ...claims,
      },
      disclosureFrame: {
        _sd: ['given_name', 'family_name', 'birthdate', 'age_over_18', 'address'],
        address: { _sd: ['region', 'street_address'] },
      },
    });
  const credential = await issue();
  const rp = createDid();
  const rpKey = rp.keys.verificationMethods[0];
  if (rpKey === undefined) throw new Error('no key');
  const resolver = new Resolver(getResolver());
  return {
    issuer,
    holder,
    holderSigner: createSigner(holder),
    keyResolver,
    issue,
    credential,
    rpDid: rp.longFormDid,
    rpSigner: createSigner(rpKey.keyPair),
    rpKid: `${rp.longFormDid}#${rpKey.id.replace(/^.*#/, '')}`,
    resolver,
  };
}
