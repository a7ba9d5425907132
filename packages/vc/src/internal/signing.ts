import type { Bbs2023Signer } from '../createBbs2023Signer.js';
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
    (s.algorithm !== 'Ed25519' && s.algorithm !== 'P-256' && s.algorithm !== 'SM2')
  ) {
    throw new TypeError(
      'options.signer: expected { id, algorithm: "Ed25519" | "P-256" | "SM2", sign({data}) }',
    );
  }
  return s as unknown as DataIntegritySigner;
}

/** A signer for issuing: a Data Integrity signer, or a `bbs-2023` signer. */
export type IssuingSigner = DataIntegritySigner | Bbs2023Signer;

/** Checks a signer given for issuing (Ed25519, P-256, or BBS). */
export function assertIssuingSigner(s: unknown): IssuingSigner {
  if (
    isObject(s) &&
    s.algorithm === 'BBS-BLS12-381-SHA-256' &&
    typeof s.id === 'string' &&
    typeof s.multisign === 'function' &&
    s.publicKey instanceof Uint8Array &&
    s.publicKey.length === 96
  ) {
    return s as unknown as Bbs2023Signer;
  }
  if (isObject(s) && s.algorithm === 'BBS-BLS12-381-SHA-256') {
    throw new TypeError(
      'options.signer: expected { id, algorithm, publicKey (96 bytes), multisign({header, messages}) }',
    );
  }
  return assertSigner(s);
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

/** The cryptosuite of each signer curve when none is asked for. */
const DEFAULT_SUITE: Record<DataIntegritySigner['algorithm'], CryptosuiteName> = {
  Ed25519: 'eddsa-rdfc-2022',
  'P-256': 'ecdsa-rdfc-2019',
  SM2: 'sm2-rdfc-2025',
};

/** Chooses the cryptosuite for a signer. */
export function pickSuite(signer: IssuingSigner, wanted: unknown): CryptosuiteName {
  if (wanted !== undefined && !(CRYPTOSUITES as readonly unknown[]).includes(wanted)) {
    throw new TypeError(`options.cryptosuite: expected one of ${CRYPTOSUITES.join(', ')}`);
  }
  if (signer.algorithm === 'BBS-BLS12-381-SHA-256' || wanted === 'bbs-2023') {
    if (signer.algorithm !== 'BBS-BLS12-381-SHA-256' || (wanted ?? 'bbs-2023') !== 'bbs-2023') {
      throw new TypeError(
        `options.cryptosuite: bbs-2023 needs a BBS signer, and a BBS signer signs only bbs-2023`,
      );
    }
    return 'bbs-2023';
  }
  const name = (wanted as CryptosuiteName | undefined) ?? DEFAULT_SUITE[signer.algorithm];
  const needs =
    name === 'eddsa-rdfc-2022'
      ? 'Ed25519'
      : name === 'sm2-rdfc-2025' || name === 'sm2-jcs-2025'
        ? 'SM2'
        : 'P-256';
  if (signer.algorithm !== needs) {
    throw new TypeError(`options.cryptosuite: ${name} needs a ${needs} signer, found ${signer.algorithm}`);
  }
  return name;
}
