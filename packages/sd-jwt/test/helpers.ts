import { readFileSync } from 'node:fs';
import { generateKeyPair, isRealDidError, publicKeyToJwk } from '@realdid/crypto';
import { expect } from 'vitest';
import { jwkKeyResolver } from '../src/index.js';

/** Reads a file of test/vectors/ (each folder's SOURCE.md names its upstream). */
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

/** The verifier's clock in the tests (seconds), its expected audience and nonce. */
export const NOW = 1_800_000_000;
export const AUD = 'https://rp.example';
export const NONCE = 'nonce-0123456789';

/**
 * An Ed25519 issuer and holder, the holder's public JWK, a key resolver for the issuer and the
 * verifier options (clock at NOW, key binding to AUD and NONCE) most tests start from.
 */
export function parties() {
  const issuer = generateKeyPair('Ed25519');
  const holder = generateKeyPair('Ed25519');
  const holderJwk = publicKeyToJwk('Ed25519', holder.publicKey);
  const keyResolver = jwkKeyResolver(publicKeyToJwk('Ed25519', issuer.publicKey));
  const opts = { keyResolver, now: () => NOW * 1000, keyBinding: { aud: AUD, nonce: NONCE } };
  return { issuer, holder, holderJwk, keyResolver, opts };
}
