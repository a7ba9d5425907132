import { fail } from '../internal/errors.js';
import { type GroupPoint, type Point, RISTRETTO255, type TraceGroup } from '../internal/group.js';
import { decryptWithShared, parseToken } from '../internal/threshold.js';
import { BLS12_381_G1, type G1Point } from '../unlinkable/g1.js';
import { decodeTraceToken } from '../unlinkable/traceToken.js';

/** The group a trace committee's key lives in. */
export type TraceGroupName = 'ristretto255' | 'bls12-381-g1';

/** The names a committee may be dealt in. */
export const TRACE_GROUPS: readonly TraceGroupName[] = ['ristretto255', 'bls12-381-g1'];

/**
 * A committee's token format over its group: how the trace procedure finds `C1` in a token, and
 * how it turns the combined `x·C1` into the opened value. The procedure itself (blinded request,
 * sealed partials with Chaum–Pedersen proofs, audit) is the same for every scheme.
 */
export interface TraceTokenScheme {
  readonly group: TraceGroup;
  /** The token's first ElGamal component; `ERR_TRACE_MALFORMED` when the token does not parse. */
  c1Of(token: Uint8Array): GroupPoint;
  /** The opened value from `K = x·C1`; `ERR_TRACE_DECRYPT_FAILED` when it does not open. */
  open(
    shared: GroupPoint,
    token: Uint8Array,
    publicKey: GroupPoint,
    committeeId: string,
    context: Uint8Array,
  ): Uint8Array;
}

/**
 * ristretto255, the SD-JWT mode's token: `version ‖ C1 ‖ AEAD(handle)` with the key derived from
 * `r·Y`; the opening is the handle.
 */
const RISTRETTO_SCHEME: TraceTokenScheme = {
  group: RISTRETTO255,
  c1Of: (token) => parseToken(token).c1 as unknown as GroupPoint,
  open: (shared, token, publicKey, committeeId, context) =>
    decryptWithShared(
      shared as unknown as Point,
      parseToken(token),
      publicKey as unknown as Point,
      committeeId,
      context,
    ),
};

/**
 * BLS12-381 G1, the unlinkable mode's token `C1 ‖ C2 ‖ r^` (ElGamal of `h·G`); the opening is
 * `h·G = C2 − x·C1` (48 bytes), which the authority maps to the person.
 */
const G1_SCHEME: TraceTokenScheme = {
  group: BLS12_381_G1,
  c1Of(token) {
    const t = decodeTraceToken(token);
    if (t === undefined)
      throw fail('ERR_TRACE_MALFORMED', 'trace token: not a 128-byte unlinkable-mode token');
    return t.c1 as unknown as GroupPoint;
  },
  open(shared, token) {
    const t = decodeTraceToken(token);
    if (t === undefined)
      throw fail('ERR_TRACE_MALFORMED', 'trace token: not a 128-byte unlinkable-mode token');
    const point = t.c2.subtract(shared as unknown as G1Point);
    if (point.is0()) throw fail('ERR_TRACE_DECRYPT_FAILED', 'the token opens to the identity');
    return point.toBytes(true);
  },
};

/** The scheme of a group name. */
export function traceScheme(name: TraceGroupName): TraceTokenScheme {
  return name === 'bls12-381-g1' ? G1_SCHEME : RISTRETTO_SCHEME;
}
