import { nymMessageToScalar, proofGenWithNymLinked, proofResponses } from '@realdid/bbs';
import { base64urlEncode } from '@realdid/crypto';
import { REALNAME_CLAIMS, type RealNameClaim } from '../claims.js';
import { utf8Text } from '../internal/bytes.js';
import { decodeScalar, G1, type G1Point, randomScalar, scalarBytes } from './g1.js';
import {
  contextIdFor,
  EPOCH_INDEX,
  HANDLE_INDEX,
  presentationHeader,
  UNLINKABLE_HEADER,
  type UnlinkableClaimValue,
} from './layout.js';
import type { UnlinkableRegistration } from './protocol.js';
import { encodeTraceToken, traceCommit, traceRespond, traceTranscript } from './traceToken.js';

/** A credential as the wallet keeps it. */
export interface UnlinkableCredential {
  publicKey: Uint8Array;
  signature: Uint8Array;
  messages: Uint8Array[];
  committedMessages: Uint8Array[];
  nymSecrets: Uint8Array[];
  secretProverBlind: Uint8Array;
  epoch: number;
}

/** A dishonest prover's deviations (attack tests only; not exported from the package). */
export interface ProverDeviation {
  /** Encrypt this scalar instead of the signed handle's. */
  plaintext?: bigint;
  /** Replace C2 by this point. */
  c2?: G1Point;
}

function bigintOf(bytes: Uint8Array): bigint {
  return decodeScalar(bytes) ?? 0n;
}

/** The claim value a message carries (`name=` + JSON). */
export function claimValueOf(message: Uint8Array, name: RealNameClaim): UnlinkableClaimValue {
  const text = utf8Text(message);
  return JSON.parse(text.slice(name.length + 1)) as UnlinkableClaimValue;
}

/** Builds a registration: BBS pseudonym proof + trace token sharing the handle's blinding and the challenge. */
export function proveRegistration(
  cred: UnlinkableCredential,
  committeeKey: Uint8Array,
  rp: string,
  origin: string,
  nonce: string,
  claims: readonly RealNameClaim[],
  deviation: ProverDeviation = {},
): UnlinkableRegistration {
  const Y = G1.fromBytes(committeeKey);
  const h = deviation.plaintext ?? bigintOf(nymMessageToScalar(cred.messages[HANDLE_INDEX]!));
  const mTilde = randomScalar();
  const state = traceCommit(Y, h, mTilde);
  if (deviation.c2 !== undefined) state.c2 = deviation.c2;
  const ph = presentationHeader(
    'register',
    rp,
    origin,
    nonce,
    traceTranscript(Y, state.c1, state.c2, state.t1, state.t2),
  );
  const claimIndexes = claims.map((c) => REALNAME_CLAIMS.indexOf(c)).sort((a, b) => a - b);
  const { proof, pseudonym } = proofGenWithNymLinked({
    publicKey: cred.publicKey,
    signature: cred.signature,
    header: UNLINKABLE_HEADER,
    presentationHeader: ph,
    nymSecrets: cred.nymSecrets,
    contextId: contextIdFor(rp),
    messages: cred.messages,
    committedMessages: cred.committedMessages,
    disclosedIndexes: [...claimIndexes, EPOCH_INDEX],
    secretProverBlind: cred.secretProverBlind,
    linkedBlindings: [{ index: HANDLE_INDEX, blinding: scalarBytes(mTilde) }],
  });
  const c = bigintOf(proofResponses(proof).challenge);
  const token = traceRespond(state, c);
  const shown: Partial<Record<RealNameClaim, UnlinkableClaimValue>> = {};
  for (const name of claims) shown[name] = claimValueOf(cred.messages[REALNAME_CLAIMS.indexOf(name)]!, name);
  return {
    type: 'realdid-unlinkable-registration',
    rp,
    nonce,
    claims: shown,
    epoch: cred.epoch,
    pseudonym: base64urlEncode(pseudonym),
    proof: base64urlEncode(proof),
    trace: base64urlEncode(encodeTraceToken(token)),
  };
}
