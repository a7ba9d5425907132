import { ascii, concatBytes, i2osp } from './bytes.js';
import { EXPAND_LEN, type G1Point } from './curve.js';
import { oddMultiples } from './msm.js';
import type { Suite } from './suite.js';

/**
 * Window of the fixed-base tables of each cached generator for constant-time `multiply` (made on
 * first use by a signer or prover); the verifier's wNAF tables are made at once.
 */
const WINDOW = 4;

interface GeneratorState {
  v: Uint8Array;
  readonly points: G1Point[];
}

/** One cache per (ciphersuite, api_id, seed): generators are public constants, made once. */
const cache = new Map<string, GeneratorState>();

/**
 * create_generators(count, generator_seed, api_id) of the draft: v = expand_message(seed,
 * seed_dst); then v = expand_message(v || I2OSP(i, 8), seed_dst) and
 * generator_i = hash_to_curve_g1(v, generator_dst) for i = 1..count. Each generator depends only on
 * the one before, so the cache keeps the longest prefix asked for and grows it on demand.
 *
 * @returns the first `count` generators (a fresh array; the points are shared and immutable)
 */
export function createGenerators(
  suite: Suite,
  apiId: string,
  count: number,
  seed: string = apiId + 'MESSAGE_GENERATOR_SEED',
): G1Point[] {
  const key = `${suite.name}|${apiId}|${seed}`;
  const seedDst = ascii(apiId + 'SIG_GENERATOR_SEED_');
  let state = cache.get(key);
  if (state === undefined) {
    state = { v: suite.expand(ascii(seed), seedDst, EXPAND_LEN), points: [] };
    cache.set(key, state);
  }
  if (state.points.length < count) {
    const generatorDst = ascii(apiId + 'SIG_GENERATOR_DST_');
    for (let i = state.points.length + 1; i <= count; i++) {
      state.v = suite.expand(concatBytes(state.v, i2osp(i, 8)), seedDst, EXPAND_LEN);
      const g = suite.hashToCurve(state.v, generatorDst).precompute(WINDOW);
      oddMultiples(g, true);
      state.points.push(g);
    }
  }
  return state.points.slice(0, count);
}

/**
 * P1 of the ciphersuite: the first generator for the seed ciphersuite_id || "H2G_HM2S_" ||
 * "BP_MESSAGE_GENERATOR_SEED", with the DSTs of api_id = ciphersuite_id || "H2G_HM2S_". It is
 * the same for every interface (pseudonyms and blind issuance reuse the core P1).
 */
export function p1(suite: Suite): G1Point {
  const apiId = `${new TextDecoder().decode(suite.id)}H2G_HM2S_`;
  return createGenerators(suite, apiId, 1, apiId + 'BP_MESSAGE_GENERATOR_SEED')[0]!;
}
