import { stringList, type Values } from './args.js';
import { cliError } from './errors.js';

/** The JWS algorithms `--algorithms` may name. */
const KNOWN = ['EdDSA', 'ES256', 'ES256K', 'SM2', 'SM2SM3'] as const;

/** A JWS algorithm name of `--algorithms`. */
export type AlgorithmName = (typeof KNOWN)[number];

/** The algorithms a verifier of this CLI accepts without `--algorithms`: the libraries' defaults. */
export const DEFAULT_ALGORITHMS: readonly AlgorithmName[] = ['EdDSA', 'ES256', 'ES256K'];

/** Every algorithm an issuer may check its own earlier status lists with (its own DID's keys). */
export const OWN_LIST_ALGORITHMS: readonly AlgorithmName[] = ['EdDSA', 'ES256', 'ES256K', 'SM2', 'SM2SM3'];

/**
 * Reads `--algorithms` (comma-separated or repeated): the JWS algorithms a verifier accepts for
 * credentials, key binding and status lists. SM2 signatures verify only when `SM2` (or `SM2SM3`)
 * is listed, as in the libraries. Absent: `undefined` (the libraries' defaults).
 */
export function algorithmsOption(values: Values): AlgorithmName[] | undefined {
  if (values.algorithms === undefined) return undefined;
  const list = stringList(values, 'algorithms');
  if (list.length === 0) throw cliError('ERR_CLI_USAGE', '--algorithms: expected at least one algorithm');
  for (const a of list) {
    if (!(KNOWN as readonly string[]).includes(a))
      throw cliError('ERR_CLI_USAGE', `--algorithms: expected ${KNOWN.join(', ')}, found ${a}`);
  }
  return [...new Set(list)] as AlgorithmName[];
}
