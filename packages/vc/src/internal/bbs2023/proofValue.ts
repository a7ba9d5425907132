import { base64urlDecode, base64urlEncode } from '@realdid/crypto';
import * as cborg from 'cborg';
import { vcError } from '../errors.js';

/**
 * The `proofValue` of a `bbs-2023` proof (W3C vc-di-bbs, "serializeBaseProofValue",
 * "parseDerivedProofValue"): `u` + base64url-no-pad of a three-byte header followed by a CBOR
 * array (no CBOR tags inside). The third header byte names the feature option and the kind:
 *
 * | feature option | base | derived | extra base component | extra derived components |
 * |---|---|---|---|---|
 * | `baseline` | `02` | `03` | — | — |
 * | `anonymous_holder_binding` | `04` | `05` | — | `lengthBBSMessages` |
 * | `pseudonym` | `06` | `07` | `signer_nym_entropy` | `nym_domain`, `pseudonym`, `lengthBBSMessages` |
 * | `holder_binding_pseudonym` | `08` | `09` | `signer_nym_entropy` | `nym_domain`, `pseudonym`, `lengthBBSMessages` |
 *
 * `signer_nym_entropy` is a 32-byte byte string (a scalar), `nym_domain` a byte string (the
 * verifier id's UTF-8 bytes when given as a string), `pseudonym` the 48-byte compressed G1 point.
 */
export const BASE_HEADER = Uint8Array.of(0xd9, 0x5d, 0x02);
export const DERIVED_HEADER = Uint8Array.of(0xd9, 0x5d, 0x03);

/** The feature options of vc-di-bbs. */
export type Bbs2023Feature =
  | 'baseline'
  | 'anonymous_holder_binding'
  | 'pseudonym'
  | 'holder_binding_pseudonym';
const BASE_TAG: Record<Bbs2023Feature, number> = {
  baseline: 0x02,
  anonymous_holder_binding: 0x04,
  pseudonym: 0x06,
  holder_binding_pseudonym: 0x08,
};
const DERIVED_TAG: Record<Bbs2023Feature, number> = {
  baseline: 0x03,
  anonymous_holder_binding: 0x05,
  pseudonym: 0x07,
  holder_binding_pseudonym: 0x09,
};

/** Whether a feature option binds a pseudonym (`pseudonym`, `holder_binding_pseudonym`). */
export const hasNym = (f: Bbs2023Feature): f is 'pseudonym' | 'holder_binding_pseudonym' =>
  f === 'pseudonym' || f === 'holder_binding_pseudonym';

/** The longest `nym_domain` accepted, in bytes. */
export const MAX_NYM_DOMAIN = 1024;

/** The most N-Quads a label map, index list or pointer list may name (a canonicalization budget). */
const MAX_ITEMS = 10_000;
/** The longest presentation header accepted. */
const MAX_PRESENTATION_HEADER = 4096;
/** The longest proof value accepted, in characters (a BBS proof is 272 + 32·(hidden) bytes). */
const MAX_PROOF_VALUE = 400_000;

export interface BaseProofValue {
  readonly feature: Bbs2023Feature;
  readonly bbsSignature: Uint8Array;
  readonly bbsHeader: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly hmacKey: Uint8Array;
  readonly mandatoryPointers: readonly string[];
  /** `pseudonym`, `holder_binding_pseudonym`: the issuer's 32-byte share of the nym secret. */
  readonly signerNymEntropy?: Uint8Array;
}

export interface DerivedProofValue {
  readonly feature: Bbs2023Feature;
  readonly bbsProof: Uint8Array;
  /** Canonical label index (`c14nN`) → HMAC-shuffled label index (`bM`). */
  readonly labelMap: ReadonlyMap<number, number>;
  readonly mandatoryIndexes: readonly number[];
  readonly selectiveIndexes: readonly number[];
  readonly presentationHeader: Uint8Array;
  /** Every feature but `baseline`: the number of BBS messages the signature covers. */
  readonly lengthBBSMessages?: number;
  /** `pseudonym`, `holder_binding_pseudonym`: the context the pseudonym is scoped to. */
  readonly nymDomain?: Uint8Array;
  /** `pseudonym`, `holder_binding_pseudonym`: the 48-byte pseudonym. */
  readonly pseudonym?: Uint8Array;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Encodes a base proof value. */
export function serializeBaseProofValue(v: BaseProofValue): string {
  const payload = cborg.encode([
    v.bbsSignature,
    v.bbsHeader,
    v.publicKey,
    v.hmacKey,
    [...v.mandatoryPointers],
    ...(hasNym(v.feature) ? [v.signerNymEntropy ?? new Uint8Array(0)] : []),
  ]);
  return `u${base64urlEncode(concat(Uint8Array.of(0xd9, 0x5d, BASE_TAG[v.feature]), payload))}`;
}

/** Encodes a derived proof value (the label map as CBOR map of integers, keys in canonical order). */
export function serializeDerivedProofValue(v: DerivedProofValue): string {
  const map = new Map([...v.labelMap.entries()].sort((x, y) => x[0] - y[0]));
  const payload = cborg.encode([
    v.bbsProof,
    map,
    [...v.mandatoryIndexes],
    [...v.selectiveIndexes],
    v.presentationHeader,
    ...(hasNym(v.feature) ? [v.nymDomain ?? new Uint8Array(0), v.pseudonym ?? new Uint8Array(0)] : []),
    ...(v.feature === 'baseline' ? [] : [v.lengthBBSMessages ?? 0]),
  ]);
  return `u${base64urlEncode(concat(Uint8Array.of(0xd9, 0x5d, DERIVED_TAG[v.feature]), payload))}`;
}

const invalid = (message: string, cause?: unknown) => vcError('ERR_VC_PROOF_INVALID', message, cause);

/** The CBOR payload of a proof value with one of the expected headers, or a coded error. */
function payloadOf(
  proofValue: unknown,
  tags: Record<Bbs2023Feature, number>,
  kind: string,
  failCode: 'ERR_VC_PROOF_INVALID' | 'ERR_VC_DERIVE',
): { feature: Bbs2023Feature; value: unknown } {
  const fail = (m: string, cause?: unknown) => vcError(failCode, m, cause);
  if (typeof proofValue !== 'string' || proofValue.length < 5 || proofValue[0] !== 'u') {
    throw fail('bbs-2023 proofValue: expected a base64url multibase string (u…)');
  }
  if (proofValue.length > MAX_PROOF_VALUE) throw fail('bbs-2023 proofValue: too long');
  let bytes: Uint8Array;
  try {
    bytes = base64urlDecode(proofValue.slice(1));
  } catch (e) {
    throw fail('bbs-2023 proofValue: not base64url', e);
  }
  if (bytes[0] !== 0xd9 || bytes[1] !== 0x5d) throw fail('bbs-2023 proofValue: not a bbs-2023 CBOR tag');
  const feature = (Object.keys(tags) as Bbs2023Feature[]).find((f) => tags[f] === bytes[2]);
  if (feature === undefined) {
    const isBase = Object.values(BASE_TAG).includes(bytes[2] ?? -1);
    const isDerived = Object.values(DERIVED_TAG).includes(bytes[2] ?? -1);
    const other = isBase ? 'a base proof' : isDerived ? 'a derived proof' : 'an unknown header';
    throw fail(`bbs-2023 proofValue: expected a ${kind}, found ${other}`);
  }
  try {
    const value = cborg.decode(bytes.subarray(3), {
      useMaps: true,
      strict: true,
      rejectDuplicateMapKeys: true,
      allowIndefinite: false,
      allowUndefined: false,
      allowInfinity: false,
      allowNaN: false,
      allowBigInt: false,
    });
    return { feature, value };
  } catch (e) {
    throw fail('bbs-2023 proofValue: malformed CBOR', e);
  }
}

const isBytes = (x: unknown, len?: number): x is Uint8Array =>
  x instanceof Uint8Array && (len === undefined || x.length === len);
const isIndex = (x: unknown): x is number =>
  Number.isSafeInteger(x) && (x as number) >= 0 && (x as number) < 1e9;

/** Decodes a base proof value (what a holder receives); errors are `ERR_VC_DERIVE`. */
export function parseBaseProofValue(proofValue: unknown): BaseProofValue {
  const { feature, value: v } = payloadOf(proofValue, BASE_TAG, 'base proof', 'ERR_VC_DERIVE');
  const fail = (m: string) => vcError('ERR_VC_DERIVE', `bbs-2023 base proof: ${m}`);
  const items = hasNym(feature) ? 6 : 5;
  if (!Array.isArray(v) || v.length !== items) throw fail(`expected a CBOR array of ${items} items`);
  const [bbsSignature, bbsHeader, publicKey, hmacKey, mandatoryPointers, entropy] = v as unknown[];
  if (!isBytes(bbsSignature, 80)) throw fail('the BBS signature is not 80 bytes');
  if (!isBytes(bbsHeader, 64)) throw fail('the BBS header is not 64 bytes');
  if (!isBytes(publicKey, 96)) throw fail('the public key is not 96 bytes');
  if (!isBytes(hmacKey, 32)) throw fail('the HMAC key is not 32 bytes');
  if (
    !Array.isArray(mandatoryPointers) ||
    mandatoryPointers.length > MAX_ITEMS ||
    !mandatoryPointers.every((p) => typeof p === 'string' && (p === '' || p.startsWith('/')))
  ) {
    throw fail('the mandatory pointers are not an array of JSON pointers');
  }
  if (hasNym(feature) && !isBytes(entropy, 32)) throw fail('the signer nym entropy is not 32 bytes');
  return {
    feature,
    bbsSignature,
    bbsHeader,
    publicKey,
    hmacKey,
    mandatoryPointers,
    ...(hasNym(feature) ? { signerNymEntropy: entropy as Uint8Array } : {}),
  };
}

/** Decodes a derived proof value (what a verifier receives); errors are `ERR_VC_PROOF_INVALID`. */
export function parseDerivedProofValue(proofValue: unknown): DerivedProofValue {
  const { feature, value: v } = payloadOf(proofValue, DERIVED_TAG, 'derived proof', 'ERR_VC_PROOF_INVALID');
  const fail = (m: string) => invalid(`bbs-2023 derived proof: ${m}`);
  const items = feature === 'baseline' ? 5 : hasNym(feature) ? 8 : 6;
  if (!Array.isArray(v) || v.length !== items) throw fail(`expected a CBOR array of ${items} items`);
  const [bbsProof, labelMap, mandatoryIndexes, selectiveIndexes, presentationHeader] = v as unknown[];
  const [nymDomain, pseudonym] = hasNym(feature) ? (v.slice(5, 7) as unknown[]) : [];
  const length = feature === 'baseline' ? undefined : (v[items - 1] as unknown);
  if (!isBytes(bbsProof) || bbsProof.length < 272 || (bbsProof.length - 272) % 32 !== 0) {
    throw fail('the BBS proof is not 272 + 32·n bytes');
  }
  if (!(labelMap instanceof Map) || labelMap.size > MAX_ITEMS) throw fail('the label map is not a CBOR map');
  for (const [k, b] of labelMap) {
    if (!isIndex(k) || !isIndex(b)) throw fail('the label map does not map integers to integers');
  }
  const indexes = (x: unknown, what: string): number[] => {
    if (!Array.isArray(x) || x.length > MAX_ITEMS || !x.every(isIndex))
      throw fail(`${what} are not integers`);
    for (let i = 1; i < x.length; i++) {
      if ((x[i] as number) <= (x[i - 1] as number)) throw fail(`${what} are not strictly increasing`);
    }
    return x as number[];
  };
  const mandatory = indexes(mandatoryIndexes, 'the mandatory indexes');
  const selective = indexes(selectiveIndexes, 'the selective indexes');
  if (!isBytes(presentationHeader) || presentationHeader.length > MAX_PRESENTATION_HEADER) {
    throw fail('the presentation header is not a byte string (at most 4096 bytes)');
  }
  if (feature !== 'baseline' && (!isIndex(length) || length > MAX_ITEMS)) {
    throw fail('the number of BBS messages is not an integer');
  }
  if (hasNym(feature)) {
    if (!isBytes(nymDomain) || nymDomain.length === 0 || nymDomain.length > MAX_NYM_DOMAIN) {
      throw fail(`the nym domain is not a byte string of 1 to ${MAX_NYM_DOMAIN} bytes`);
    }
    if (!isBytes(pseudonym, 48)) throw fail('the pseudonym is not 48 bytes');
  }
  return {
    feature,
    bbsProof,
    labelMap: labelMap as Map<number, number>,
    mandatoryIndexes: mandatory,
    selectiveIndexes: selective,
    presentationHeader,
    ...(feature === 'baseline' ? {} : { lengthBBSMessages: length as number }),
    ...(hasNym(feature) ? { nymDomain: nymDomain as Uint8Array, pseudonym: pseudonym as Uint8Array } : {}),
  };
}
