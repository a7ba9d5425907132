import { readdirSync, readFileSync } from 'node:fs';
import { bytesToNumberBE, hexToBytes } from '@noble/curves/utils.js';
import type { Ciphersuite } from '../src/Ciphersuite.js';
import {
  blindSignWithNym,
  commitWithNym,
  generateKeyPair,
  randomScalar,
  verifyFinalizeWithNym,
} from '../src/index.js';
import { EXPAND_LEN, R } from '../src/internal/curve.js';
import type { RandomScalars } from '../src/internal/random.js';
import { suiteOf } from '../src/internal/suite.js';

export { bytesToHex, hexToBytes } from '@noble/curves/utils.js';

/** The two ciphersuites with the folder name their fixtures use. */
export const SUITES: readonly { name: Ciphersuite; dir: string }[] = [
  { name: 'BLS12-381-SHAKE-256', dir: 'bls12-381-shake-256' },
  { name: 'BLS12-381-SHA-256', dir: 'bls12-381-sha-256' },
];

const root = new URL('./vectors/', import.meta.url);

/** Reads one fixture file (path relative to test/vectors/). */
export function fixture<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, root), 'utf8')) as T;
}

/** The fixture files of one folder, sorted. */
export function fixtures<T = Record<string, unknown>>(dir: string): { file: string; data: T }[] {
  return readdirSync(new URL(dir, root))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, data: fixture<T>(`${dir}/${file}`) }));
}

export const hex = (s: string): Uint8Array => hexToBytes(s);

/** The seed every mocked-RNG fixture uses: "3.141592653589793238462643383279". */
export const MOCK_SEED = new TextEncoder().encode('3.141592653589793238462643383279');

/**
 * mocked_calculate_random_scalars of the draft (test only): expand_message(SEED, dst,
 * expand_len * count), cut into expand_len pieces, each OS2IP mod r.
 */
export function seededRandomScalars(
  suite: Ciphersuite,
  dst: Uint8Array,
  seed: Uint8Array = MOCK_SEED,
): RandomScalars {
  return (count) => {
    const v = suiteOf(suite).expand(seed, dst, EXPAND_LEN * count);
    const out: bigint[] = [];
    for (let i = 0; i < count; i++)
      out.push(bytesToNumberBE(v.subarray(i * EXPAND_LEN, (i + 1) * EXPAND_LEN)) % R);
    return out;
  };
}

/** The mocked-scalars DST of an api: api_id || "MOCK_RANDOM_SCALARS_DST_". */
export function mockDst(apiId: string): Uint8Array {
  return new TextEncoder().encode(`${apiId}MOCK_RANDOM_SCALARS_DST_`);
}

/** Asserts that `fn` throws a RealDidError with `code`. */
export function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' ? code : `not coded: ${String(err)}`;
  }
  return 'did not throw';
}

/**
 * A holder of a blind signature with one nym secret over three signer messages (the second a
 * handle), finalized: what the pseudonym and linked-proof tests start from, with the context id
 * of one site.
 */
export function nymHolder() {
  const te = new TextEncoder();
  const { secretKey, publicKey } = generateKeyPair();
  const messages = ['a=1', 'handle=secret', 'b=2'].map((s) => te.encode(s));
  const proverNyms = [randomScalar()];
  const { commitmentWithProof, secretProverBlind } = commitWithNym({ proverNyms });
  const { signature, signerNymEntropy } = blindSignWithNym({
    secretKey,
    commitmentWithProof,
    nymCount: 1,
    messages,
  });
  const nymSecrets = verifyFinalizeWithNym({
    publicKey,
    signature,
    messages,
    proverNyms,
    signerNymEntropy,
    secretProverBlind,
  });
  return { publicKey, signature, messages, nymSecrets, secretProverBlind, contextId: te.encode('site') };
}
