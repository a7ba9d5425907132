import { createSigner, generateKeyPair, isRealDidError, publicKeyToJwk } from '@realdid/crypto';
import { issueSdJwtVc, presentSdJwt } from '@realdid/sd-jwt';
import { expect } from 'vitest';

/** The verifier's clock (seconds), audience and nonce. */
export const NOW = 1_800_000_000;
export const AUD = 'https://rp.example';
export const NONCE = 'nonce-0123456789';
export const ISS = 'https://issuer.example';

/** Asserts that a promise rejects with a RealDidError of the given code. */
export async function expectCode(p: Promise<unknown>, code: string): Promise<void> {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  expect(err, `expected ${code}`).toBeDefined();
  if (!isRealDidError(err, code)) {
    throw new Error(
      `expected ${code}, got ${String((err as { code?: unknown })?.code)}: ${(err as Error)?.message}`,
    );
  }
}

/**
 * The outcome of a call as comparable data: `'ok'`, the coded error's code, `'misuse'` for a
 * TypeError / RangeError, or `uncoded <name>` for anything else.
 */
export async function outcomeOf(p: () => Promise<unknown>): Promise<unknown> {
  try {
    await p();
    return 'ok';
  } catch (err) {
    if (isRealDidError(err)) return err.code;
    if (err instanceof TypeError || err instanceof RangeError) return 'misuse';
    return `uncoded ${(err as Error)?.name}`;
  }
}

/** An issuer, its public JWK, and a function making presentations (with KB) of fresh credentials. */
export function setup() {
  const issuer = generateKeyPair('Ed25519');
  const issuerJwk = publicKeyToJwk('Ed25519', issuer.publicKey) as unknown as Record<string, unknown>;
  const signer = createSigner(issuer);
  async function present(o: { iss?: string; status?: number; exp?: number } = {}): Promise<string> {
    const holder = generateKeyPair('Ed25519');
    const claims: Record<string, unknown> = { age_over_18: true, birthdate: '2000-01-01', region: 'BJ' };
    const vc = await issueSdJwtVc({
      ...(o.status === undefined
        ? {}
        : { status: { status_list: { idx: o.status, uri: 'https://status.example/1' } } }),
      ...(o.exp === undefined ? {} : { exp: o.exp }),
      signer,
      vct: 'urn:example:pid',
      iss: o.iss ?? ISS,
      iat: NOW - 10,
      cnf: { jwk: publicKeyToJwk('Ed25519', holder.publicKey) },
      claims,
      disclosureFrame: { _sd: ['age_over_18', 'birthdate', 'region'] },
    });
    return presentSdJwt(
      vc,
      { age_over_18: true },
      {
        keyBinding: { signer: createSigner(holder), aud: AUD, nonce: NONCE, iat: NOW },
      },
    );
  }
  const verifyOptions = { now: () => NOW * 1000, keyBinding: { aud: AUD, nonce: NONCE } };
  return { issuer, issuerJwk, present, verifyOptions };
}
