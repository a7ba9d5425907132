/**
 * The two ciphersuites of draft-irtf-cfrg-bbs-signatures:
 * - `BLS12-381-SHAKE-256` — `BBS_BLS12381G1_XOF:SHAKE-256_SSWU_RO_` (the one W3C bbs-2023 uses);
 * - `BLS12-381-SHA-256` — `BBS_BLS12381G1_XMD:SHA-256_SSWU_RO_`.
 */
export type Ciphersuite = 'BLS12-381-SHAKE-256' | 'BLS12-381-SHA-256';

/** The ciphersuites, in the order the draft lists them. */
export const CIPHERSUITES: readonly Ciphersuite[] = Object.freeze([
  'BLS12-381-SHAKE-256',
  'BLS12-381-SHA-256',
]);

/** The draft's `ciphersuite_id` of each suite. */
export const CIPHERSUITE_IDS: Readonly<Record<Ciphersuite, string>> = Object.freeze({
  'BLS12-381-SHAKE-256': 'BBS_BLS12381G1_XOF:SHAKE-256_SSWU_RO_',
  'BLS12-381-SHA-256': 'BBS_BLS12381G1_XMD:SHA-256_SSWU_RO_',
});
