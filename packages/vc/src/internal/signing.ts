import type { DataIntegritySigner } from '../createDataIntegritySigner.js';
import { isObject } from './plain.js';
import type { CryptosuiteName } from './suites.js';
import { CRYPTOSUITES } from './suites.js';

/** Checks a signer given by the caller. */
export function assertSigner(s: unknown): DataIntegritySigner {
  if (
    !isObject(s) ||
    typeof s.id !== 'string' ||
    typeof s.sign !== 'function' ||
    (s.algorithm !== 'Ed25519' && s.algorithm !== 'P-256')
  ) {
    throw new TypeError('options.signer: expected { id, algorithm: "Ed25519" | "P-256", sign({data}) }');
  }
  return s as unknown as DataIntegritySigner;
}

/** Checks a signing option `created`: absent, or a valid Date (TypeError otherwise). */
export function assertCreated(created: unknown): asserts created is Date | undefined {
  if (created !== undefined && !(created instanceof Date && Number.isFinite(created.getTime()))) {
    throw new TypeError('options.created: expected a valid Date');
  }
}

/** The DID of a DID URL. */
export function didOf(didUrl: string): string {
  const i = didUrl.indexOf('#');
  return i < 0 ? didUrl : didUrl.slice(0, i);
}

/** Chooses the cryptosuite for a signer. */
export function pickSuite(signer: DataIntegritySigner, wanted: unknown): CryptosuiteName {
  if (wanted !== undefined && !(CRYPTOSUITES as readonly unknown[]).includes(wanted)) {
    throw new TypeError(`options.cryptosuite: expected one of ${CRYPTOSUITES.join(', ')}`);
  }
  const name =
    (wanted as CryptosuiteName | undefined) ??
    (signer.algorithm === 'Ed25519' ? 'eddsa-rdfc-2022' : 'ecdsa-rdfc-2019');
  const needs = name === 'eddsa-rdfc-2022' ? 'Ed25519' : 'P-256';
  if (signer.algorithm !== needs) {
    throw new TypeError(`options.cryptosuite: ${name} needs a ${needs} signer, found ${signer.algorithm}`);
  }
  return name;
}
