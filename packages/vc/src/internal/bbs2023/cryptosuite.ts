import {
  canonicalize,
  canonicalizeAndGroup,
  createHmac,
  hashCanonizedProof,
  hashMandatory,
  labelReplacementCanonicalizeJsonLd,
  selectJsonLd,
  stripBlankNodePrefixes,
} from '@digitalbazaar/di-sd-primitives';
import {
  blindProofGen,
  blindProofVerify,
  proofGen,
  proofGenWithNym,
  proofVerify,
  proofVerifyWithNym,
  verifyFinalizeWithNym,
} from '@realdid/bbs';
import { isRealDidError } from '@realdid/crypto';
import { vcError } from '../errors.js';
import type { ResolvedVerificationMethod } from '../keys.js';
import { decodeBlsMultikey } from './multikey.js';
import type { Bbs2023Feature } from './proofValue.js';
import {
  hasNym,
  parseBaseProofValue,
  parseDerivedProofValue,
  serializeBaseProofValue,
  serializeDerivedProofValue,
} from './proofValue.js';

/**
 * The W3C `bbs-2023` cryptosuite (vc-di-bbs, every feature option) as the plain cryptosuite objects
 * `@digitalbazaar/data-integrity` drives: one to add a base proof (issuer), one to derive a
 * disclosure (holder), one to verify a derived proof (verifier). The RDF selective-disclosure
 * steps (skolemize, canonicalize with relabeled blank nodes, group N-Quads by JSON pointer) are
 * those of `@digitalbazaar/di-sd-primitives`, which `ecdsa-sd-2023` uses too; the BBS signature,
 * proof and verification are `@realdid/bbs` over `BLS12-381-SHA-256` (the pseudonym features use
 * its per-verifier-linkability functions, draft -03).
 */
export const BBS_2023 = 'bbs-2023';
export const BBS_ALGORITHM = 'BBS-BLS12-381-SHA-256';
const CIPHERSUITE = 'BLS12-381-SHA-256' as const;
const REQUIRED_ALGORITHM = [BBS_ALGORITHM, 'Bls12381G2'];
/** The most BBS messages (non-mandatory N-Quads) one credential may have. */
const MAX_MESSAGES = 4096;

const te = new TextEncoder();
const utf8 = (s: string) => te.encode(s);

/** The signer the base proof needs: BBS signs all messages at once with a header. */
export interface BbsMultiSigner {
  readonly id: string;
  readonly algorithm: string;
  readonly publicKey: Uint8Array;
  multisign(input: { header: Uint8Array; messages: Uint8Array[] }): Promise<Uint8Array>;
  /** `anonymous_holder_binding`: BBS BlindSign over the holder's commitment. */
  blindSign?(input: {
    header: Uint8Array;
    messages: Uint8Array[];
    commitmentWithProof: Uint8Array;
  }): Promise<Uint8Array>;
  /** `pseudonym`, `holder_binding_pseudonym`: BBS BlindSignWithNym over the holder's commitment. */
  blindSignWithNym?(input: {
    header: Uint8Array;
    messages: Uint8Array[];
    commitmentWithProof: Uint8Array;
    signerNymEntropy?: Uint8Array;
  }): Promise<{ signature: Uint8Array; signerNymEntropy: Uint8Array }>;
}

/** How the issuer binds a base proof to the holder (every feature option but `baseline`). */
export interface BaseBinding {
  readonly feature: Exclude<Bbs2023Feature, 'baseline'>;
  /** The holder's commitment: `blindCommit` (holder binding) or `commitWithNym` (pseudonyms). */
  readonly commitmentWithProof: Uint8Array;
  /** `pseudonym`, `holder_binding_pseudonym`: the issuer's entropy (fresh random when absent). */
  readonly signerNymEntropy?: Uint8Array | undefined;
}

/** The holder's secrets of a holder-bound or pseudonym-bound credential. */
export interface HolderBinding {
  /** `anonymous_holder_binding`, `holder_binding_pseudonym`: the committed holder secret. */
  readonly holderSecret?: Uint8Array | undefined;
  /** The blinding factor the commitment function returned with the commitment. */
  readonly secretProverBlind: Uint8Array;
  /** `pseudonym`, `holder_binding_pseudonym`: the holder's `prover_nym` (a 32-byte scalar). */
  readonly proverNym?: Uint8Array | undefined;
  /** `pseudonym`, `holder_binding_pseudonym`: the verifier's `nym_domain`. */
  readonly nymDomain?: Uint8Array | undefined;
}

/** The number of scalars a commitment with proof holds (48 + 32 * (M + 2) bytes), or -1. */
function committedScalars(commitmentWithProof: Uint8Array): number {
  const rest = commitmentWithProof.length - 48 - 64;
  return rest < 0 || rest % 32 !== 0 ? -1 : rest / 32;
}

type Hmac = { sign(data: Uint8Array): Promise<Uint8Array>; export(): Promise<Uint8Array> };
type LabelMapFactory = (o: { canonicalIdMap: Map<string, string> }) => Promise<Map<string, string>>;

function b64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * vc-di-bbs "createShuffledIdLabelMapFunction": each canonical blank node label is HMAC'd
 * (`u` + base64url of HMAC-SHA-256 of the label), the HMAC values are sorted, and each blank node
 * is relabeled `b` + the rank of its HMAC value — so the labels leak nothing of the document but
 * stay one-to-one with the canonical ones.
 */
export function shuffledLabels(hmac: Hmac): LabelMapFactory {
  return async ({ canonicalIdMap }) => {
    const hashed = new Map<string, string>();
    for (const [input, c14n] of canonicalIdMap) hashed.set(input, `u${b64url(await hmac.sign(utf8(c14n)))}`);
    const sorted = [...hashed.values()].sort();
    const rank = new Map(sorted.map((h, i) => [h, i]));
    const out = new Map<string, string>();
    for (const [input, h] of hashed) out.set(input, `b${rank.get(h)}`);
    return out;
  };
}

/** The label map of a derived proof, applied by the verifier; every label must be mapped, one-to-one. */
function fixedLabels(labelMap: ReadonlyMap<number, number>): LabelMapFactory {
  return async ({ canonicalIdMap }) => {
    const out = new Map<string, string>();
    const seen = new Set<number>();
    if (canonicalIdMap.size !== labelMap.size) {
      throw vcError(
        'ERR_VC_PROOF_INVALID',
        'bbs-2023 derived proof: the label map does not match the blank nodes',
      );
    }
    for (const [input, c14n] of canonicalIdMap) {
      const m = /^(?:_:)?c14n(0|[1-9][0-9]*)$/.exec(c14n);
      const b = m === null ? undefined : labelMap.get(Number(m[1]));
      if (b === undefined || seen.has(b)) {
        throw vcError(
          'ERR_VC_PROOF_INVALID',
          'bbs-2023 derived proof: the label map does not match the blank nodes',
        );
      }
      seen.add(b);
      out.set(input, `b${b}`);
    }
    return out;
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

interface SuiteCall {
  document: Record<string, unknown>;
  proof: Record<string, unknown>;
  proofSet?: Record<string, unknown>[];
  documentLoader: unknown;
  dataIntegrityProof: { signer?: unknown; matchProof(o: { proof: unknown }): Promise<boolean> };
  purpose?: { term: string };
  verificationMethod?: ResolvedVerificationMethod;
}

/** What the issuer signs: the proof hash, the mandatory hash and the non-mandatory N-Quads. */
export interface BaseSignData {
  readonly proofHash: Uint8Array;
  readonly mandatoryHash: Uint8Array;
  readonly mandatoryPointers: readonly string[];
  readonly mandatory: readonly string[];
  readonly nonMandatory: readonly string[];
  readonly hmacKey: Uint8Array;
}

/**
 * vc-di-bbs "Base Proof Transformation" + "Base Proof Hashing": HMAC-shuffled blank node labels,
 * N-Quads grouped by the mandatory pointers, SHA-256 of the proof configuration and of the
 * mandatory N-Quads. `hmacKey` is random unless given (the test vectors fix it).
 */
export async function createBaseSignData(
  document: Record<string, unknown>,
  proof: Record<string, unknown>,
  mandatoryPointers: readonly string[],
  documentLoader: unknown,
  hmacKey: Uint8Array | null = null,
): Promise<BaseSignData> {
  const options = { documentLoader };
  const proofHash = await hashCanonizedProof({ document, proof, options });
  const hmac = (await createHmac({ key: hmacKey })) as Hmac;
  const { groups } = await canonicalizeAndGroup({
    document,
    labelMapFactoryFunction: shuffledLabels(hmac),
    groups: { mandatory: [...mandatoryPointers] },
    options,
  });
  const group = groups.mandatory as { matching: Map<number, string>; nonMatching: Map<number, string> };
  const mandatory = [...group.matching.values()];
  const nonMandatory = [...group.nonMatching.values()];
  const { mandatoryHash } = await hashMandatory({ mandatory });
  return {
    proofHash,
    mandatoryHash,
    mandatoryPointers: [...mandatoryPointers],
    mandatory,
    nonMandatory,
    hmacKey: await hmac.export(),
  };
}

/**
 * vc-di-bbs "Base Proof Serialization": the BBS signature over the non-mandatory N-Quads; with a
 * holder's commitment, a blind signature (`anonymous_holder_binding`; a bare commitment means
 * this feature) or a blind signature with the issuer's nym entropy added to the holder's
 * `prover_nym` (`pseudonym`: the commitment holds the prover nym only;
 * `holder_binding_pseudonym`: the holder secret, then the prover nym).
 */
export async function createBaseProofValue(
  data: BaseSignData,
  signer: BbsMultiSigner,
  binding?: Uint8Array | BaseBinding,
): Promise<string> {
  const b: BaseBinding | undefined =
    binding instanceof Uint8Array
      ? { feature: 'anonymous_holder_binding', commitmentWithProof: binding }
      : binding;
  const bbsHeader = concat(data.proofHash, data.mandatoryHash);
  const messages = data.nonMandatory.map(utf8);
  let bbsSignature: Uint8Array;
  let signerNymEntropy: Uint8Array | undefined;
  if (b === undefined) {
    bbsSignature = await signer.multisign({ header: bbsHeader, messages });
  } else if (b.feature === 'anonymous_holder_binding') {
    if (typeof signer.blindSign !== 'function') {
      throw new TypeError('options.signer: anonymous_holder_binding needs a signer with blindSign');
    }
    bbsSignature = await signer.blindSign({
      header: bbsHeader,
      messages,
      commitmentWithProof: b.commitmentWithProof,
    });
  } else {
    if (typeof signer.blindSignWithNym !== 'function') {
      throw new TypeError(`options.signer: ${b.feature} needs a signer with blindSignWithNym`);
    }
    // The commitment must hold exactly what the feature option signs: the prover nym, and for
    // holder_binding_pseudonym the holder secret before it.
    const want = b.feature === 'pseudonym' ? 1 : 2;
    const found = committedScalars(b.commitmentWithProof);
    if (found !== want) {
      throw vcError(
        'ERR_VC_SIGN',
        `bbs-2023 ${b.feature}: expected a commitment to ${want} value(s) (commitWithNym), found ${found < 0 ? 'a malformed one' : found}`,
      );
    }
    const out = await signer.blindSignWithNym({
      header: bbsHeader,
      messages,
      commitmentWithProof: b.commitmentWithProof,
      ...(b.signerNymEntropy === undefined ? {} : { signerNymEntropy: b.signerNymEntropy }),
    });
    bbsSignature = out.signature;
    signerNymEntropy = out.signerNymEntropy;
  }
  return serializeBaseProofValue({
    feature: b === undefined ? 'baseline' : b.feature,
    bbsSignature,
    bbsHeader,
    publicKey: signer.publicKey,
    hmacKey: data.hmacKey,
    mandatoryPointers: data.mandatoryPointers,
    ...(signerNymEntropy === undefined ? {} : { signerNymEntropy }),
  });
}

const signOnly = () => {
  throw new Error('this bbs-2023 cryptosuite only signs');
};

/** The cryptosuite that adds a base proof. */
export function bbsSignCryptosuite(
  mandatoryPointers: readonly string[],
  binding?: Uint8Array | BaseBinding,
): Record<string, unknown> {
  return {
    name: BBS_2023,
    requiredAlgorithm: REQUIRED_ALGORITHM,
    createVerifier: signOnly,
    async createVerifyData({ document, proof, documentLoader }: SuiteCall): Promise<BaseSignData> {
      return createBaseSignData(document, proof, mandatoryPointers, documentLoader);
    },
    async createProofValue({
      verifyData,
      dataIntegrityProof,
    }: SuiteCall & { verifyData: BaseSignData }): Promise<string> {
      return createBaseProofValue(verifyData, dataIntegrityProof.signer as BbsMultiSigner, binding);
    },
  };
}

/** What the holder's derivation produces. */
export interface DisclosureData {
  readonly feature: Bbs2023Feature;
  readonly lengthBBSMessages: number;
  readonly bbsProof: Uint8Array;
  readonly labelMap: Map<number, number>;
  readonly mandatoryIndexes: number[];
  readonly selectiveIndexes: number[];
  readonly presentationHeader: Uint8Array;
  readonly revealDocument: Record<string, unknown>;
  /** `pseudonym`, `holder_binding_pseudonym`: the context and the holder's pseudonym in it. */
  readonly nymDomain?: Uint8Array;
  readonly pseudonym?: Uint8Array;
}

const c14nIndex = (label: string): number => Number(label.replace(/^(_:)?c14n/, ''));
const bIndex = (label: string | undefined): number => Number(String(label).replace(/^(_:)?b/, ''));

/** vc-di-bbs "createDisclosureData" (baseline). */
export async function createDisclosureData(
  document: Record<string, unknown>,
  baseProof: Record<string, unknown>,
  selectivePointers: readonly string[],
  presentationHeader: Uint8Array,
  documentLoader: unknown,
  holder?: HolderBinding,
): Promise<DisclosureData> {
  const base = parseBaseProofValue(baseProof.proofValue);
  checkHolderInputs(base.feature, holder);
  if (base.mandatoryPointers.length === 0 && selectivePointers.length === 0) {
    throw vcError('ERR_VC_DERIVE', 'bbs-2023: nothing selected for disclosure');
  }
  const hmac = (await createHmac({ key: base.hmacKey })) as Hmac;
  const options = { documentLoader };
  const combinedPointers = [...base.mandatoryPointers, ...selectivePointers];
  const { groups, labelMap } = (await canonicalizeAndGroup({
    document,
    labelMapFactoryFunction: shuffledLabels(hmac),
    groups: {
      mandatory: [...base.mandatoryPointers],
      selective: [...selectivePointers],
      combined: combinedPointers,
    },
    options,
  })) as {
    groups: Record<
      'mandatory' | 'selective' | 'combined',
      { matching: Map<number, string>; nonMatching: Map<number, string>; deskolemizedNQuads: string[] }
    >;
    labelMap: Map<string, string>;
  };
  const { mandatory, selective, combined } = groups;
  const mandatoryIndexes: number[] = [];
  let i = 0;
  for (const abs of combined.matching.keys()) {
    if (mandatory.matching.has(abs)) mandatoryIndexes.push(i);
    i++;
  }
  const selectiveIndexes: number[] = [];
  i = 0;
  for (const abs of mandatory.nonMatching.keys()) {
    if (selective.matching.has(abs)) selectiveIndexes.push(i);
    i++;
  }
  const messages = [...mandatory.nonMatching.values()].map(utf8);
  const revealDocument = selectJsonLd({ document, pointers: combinedPointers }) as Record<string, unknown>;
  let canonicalIdMap = new Map<string, string>();
  await canonicalize(combined.deskolemizedNQuads.join(''), {
    ...options,
    inputFormat: 'application/n-quads',
    canonicalIdMap,
  });
  canonicalIdMap = stripBlankNodePrefixes(canonicalIdMap);
  const verifierLabelMap = new Map<number, number>();
  for (const [input, verifierLabel] of canonicalIdMap) {
    verifierLabelMap.set(c14nIndex(verifierLabel), bIndex(labelMap.get(input)));
  }
  let bbsProof: Uint8Array;
  let nym: { nymDomain: Uint8Array; pseudonym: Uint8Array } | undefined;
  try {
    if (hasNym(base.feature)) {
      // checkHolderInputs made sure these are given.
      const h = holder as HolderBinding;
      const proverNym = h.proverNym as Uint8Array;
      const nymDomain = h.nymDomain as Uint8Array;
      const committedMessages = h.holderSecret === undefined ? [] : [h.holderSecret];
      // VerifyFinalizeWithNym: the signature over the messages, the holder's committed values and
      // prover_nym + signer_nym_entropy checks out, and gives the nym secret.
      const nymSecrets = verifyFinalizeWithNym({
        publicKey: base.publicKey,
        signature: base.bbsSignature,
        header: base.bbsHeader,
        messages,
        committedMessages,
        proverNyms: [proverNym],
        signerNymEntropy: base.signerNymEntropy as Uint8Array,
        secretProverBlind: h.secretProverBlind,
        ciphersuite: CIPHERSUITE,
        maxMessages: MAX_MESSAGES,
      });
      const out = proofGenWithNym({
        publicKey: base.publicKey,
        signature: base.bbsSignature,
        header: base.bbsHeader,
        presentationHeader,
        nymSecrets,
        contextId: nymDomain,
        messages,
        committedMessages,
        disclosedIndexes: selectiveIndexes,
        disclosedCommittedIndexes: [],
        secretProverBlind: h.secretProverBlind,
        ciphersuite: CIPHERSUITE,
        maxMessages: MAX_MESSAGES,
      });
      bbsProof = out.proof;
      nym = { nymDomain: nymDomain.slice(), pseudonym: out.pseudonym };
    } else {
      bbsProof =
        holder === undefined
          ? proofGen({
              publicKey: base.publicKey,
              signature: base.bbsSignature,
              header: base.bbsHeader,
              presentationHeader,
              messages,
              disclosedIndexes: selectiveIndexes,
              ciphersuite: CIPHERSUITE,
              maxMessages: MAX_MESSAGES,
            })
          : blindProofGen({
              publicKey: base.publicKey,
              signature: base.bbsSignature,
              header: base.bbsHeader,
              presentationHeader,
              messages,
              committedMessages: [holder.holderSecret as Uint8Array],
              disclosedIndexes: selectiveIndexes,
              disclosedCommittedIndexes: [],
              secretProverBlind: holder.secretProverBlind,
              ciphersuite: CIPHERSUITE,
              maxMessages: MAX_MESSAGES,
            });
    }
  } catch (e) {
    throw vcError(
      'ERR_VC_DERIVE',
      `bbs-2023: the base signature does not fit the credential (${isRealDidError(e) ? e.code : 'error'})`,
      e,
    );
  }
  return {
    feature: base.feature,
    lengthBBSMessages: messages.length,
    bbsProof,
    labelMap: verifierLabelMap,
    mandatoryIndexes,
    selectiveIndexes,
    presentationHeader,
    revealDocument,
    ...(nym ?? {}),
  };
}

/** The holder inputs each feature option needs, and none it does not: `ERR_VC_DERIVE` otherwise. */
function checkHolderInputs(feature: Bbs2023Feature, holder: HolderBinding | undefined): void {
  const fail = (m: string) => vcError('ERR_VC_DERIVE', `bbs-2023: ${m}`);
  if (feature === 'baseline') {
    if (holder !== undefined) throw fail('holder secrets given, but the base proof is not holder-bound');
    return;
  }
  if (holder === undefined) {
    throw fail(
      feature === 'anonymous_holder_binding'
        ? 'the base proof is bound to a holder secret (anonymous_holder_binding): give holderSecret and secretProverBlind'
        : `the base proof is bound to a nym secret (${feature}): give proverNym, secretProverBlind and nymDomain${feature === 'holder_binding_pseudonym' ? ' and holderSecret' : ''}`,
    );
  }
  const needsSecret = feature !== 'pseudonym';
  if (needsSecret !== (holder.holderSecret !== undefined)) {
    throw fail(
      needsSecret
        ? `a ${feature} base proof needs holderSecret`
        : 'a pseudonym base proof takes no holderSecret',
    );
  }
  const nym = hasNym(feature);
  if (nym !== (holder.proverNym !== undefined) || nym !== (holder.nymDomain !== undefined)) {
    throw fail(
      nym
        ? `a ${feature} base proof needs proverNym and nymDomain`
        : 'proverNym and nymDomain are for a pseudonym base proof',
    );
  }
}

const deriveOnly = () => {
  throw new Error('this bbs-2023 cryptosuite only derives');
};

/** The cryptosuite that derives a disclosure from a base proof. */
export function bbsDiscloseCryptosuite(
  selectivePointers: readonly string[],
  presentationHeader: Uint8Array,
  holder?: HolderBinding,
): Record<string, unknown> {
  return {
    name: BBS_2023,
    requiredAlgorithm: REQUIRED_ALGORITHM,
    createVerifier: deriveOnly,
    createVerifyData: deriveOnly,
    createProofValue: deriveOnly,
    async derive({
      document,
      purpose,
      proofSet,
      documentLoader,
    }: SuiteCall): Promise<Record<string, unknown>> {
      const bases = (proofSet ?? []).filter((p) => p.cryptosuite === BBS_2023);
      if (bases.length !== 1) {
        throw vcError(
          'ERR_VC_DERIVE',
          bases.length === 0 ? 'bbs-2023: no base proof' : 'bbs-2023: more than one base proof',
        );
      }
      const baseProof = bases[0] as Record<string, unknown>;
      if (purpose !== undefined && baseProof.proofPurpose !== purpose.term) {
        throw vcError('ERR_VC_DERIVE', 'bbs-2023: the base proof is not for assertionMethod');
      }
      const d = await createDisclosureData(
        document,
        baseProof,
        selectivePointers,
        presentationHeader,
        documentLoader,
        holder,
      );
      const { '@context': _ctx, ...proof } = baseProof;
      proof.proofValue = serializeDerivedProofValue(d);
      return { ...d.revealDocument, proof };
    },
  };
}

/** What the verifier checks: the disclosed N-Quads and the hashes, with the BBS proof. */
interface VerifyData {
  readonly feature: Bbs2023Feature;
  readonly lengthBBSMessages?: number;
  readonly bbsProof: Uint8Array;
  readonly bbsHeader: Uint8Array;
  readonly nonMandatory: Uint8Array[];
  readonly selectiveIndexes: readonly number[];
  readonly presentationHeader: Uint8Array;
  readonly nymDomain?: Uint8Array;
  readonly pseudonym?: Uint8Array;
}

/** vc-di-bbs "createVerifyData". */
export async function createVerifyData(
  document: Record<string, unknown>,
  proof: Record<string, unknown>,
  documentLoader: unknown,
): Promise<VerifyData> {
  const d = parseDerivedProofValue(proof.proofValue);
  const options = { documentLoader };
  const proofHash = await hashCanonizedProof({ document, proof, options });
  const nquads = (await labelReplacementCanonicalizeJsonLd({
    document,
    labelMapFactoryFunction: fixedLabels(d.labelMap),
    options,
  })) as string[];
  const last = d.mandatoryIndexes[d.mandatoryIndexes.length - 1];
  if (last !== undefined && last >= nquads.length) {
    throw vcError('ERR_VC_PROOF_INVALID', 'bbs-2023 derived proof: a mandatory index is out of range');
  }
  const isMandatory = new Set(d.mandatoryIndexes);
  const mandatory: string[] = [];
  const nonMandatory: Uint8Array[] = [];
  nquads.forEach((q, i) => {
    if (isMandatory.has(i)) mandatory.push(q);
    else nonMandatory.push(utf8(q));
  });
  if (nonMandatory.length !== d.selectiveIndexes.length) {
    throw vcError(
      'ERR_VC_PROOF_INVALID',
      'bbs-2023 derived proof: the disclosed statements do not match the selective indexes',
    );
  }
  const { mandatoryHash } = await hashMandatory({ mandatory });
  return {
    feature: d.feature,
    ...(d.lengthBBSMessages === undefined ? {} : { lengthBBSMessages: d.lengthBBSMessages }),
    bbsProof: d.bbsProof,
    bbsHeader: concat(proofHash, mandatoryHash),
    nonMandatory,
    selectiveIndexes: d.selectiveIndexes,
    presentationHeader: d.presentationHeader,
    ...(d.pseudonym === undefined ? {} : { nymDomain: d.nymDomain, pseudonym: d.pseudonym }),
  };
}

/** Runs BBS ProofVerify on verify data; a coded `ERR_VC_PROOF_INVALID` on any failure. */
export function verifyBbsProof(publicKey: Uint8Array, data: VerifyData): true {
  if (hasNym(data.feature)) return verifyNymProof(publicKey, data);
  try {
    if (data.feature === 'anonymous_holder_binding') {
      return blindProofVerify({
        publicKey,
        proof: data.bbsProof,
        header: data.bbsHeader,
        presentationHeader: data.presentationHeader,
        messageCount: data.lengthBBSMessages ?? 0,
        disclosedMessages: data.nonMandatory,
        disclosedIndexes: data.selectiveIndexes,
        ciphersuite: CIPHERSUITE,
        maxMessages: MAX_MESSAGES,
      });
    }
    return proofVerify({
      publicKey,
      proof: data.bbsProof,
      header: data.bbsHeader,
      presentationHeader: data.presentationHeader,
      disclosedMessages: data.nonMandatory,
      disclosedIndexes: data.selectiveIndexes,
      ciphersuite: CIPHERSUITE,
      maxMessages: MAX_MESSAGES,
    });
  } catch (e) {
    throw vcError(
      'ERR_VC_PROOF_INVALID',
      `bbs-2023: the BBS proof does not verify (${isRealDidError(e) ? e.code : 'error'})`,
      e,
    );
  }
}

/** The cryptosuite that verifies derived proofs (a base proof is refused: it is not for verifiers). */
export function bbsVerifyCryptosuite(): Record<string, unknown> {
  return {
    name: BBS_2023,
    requiredAlgorithm: REQUIRED_ALGORITHM,
    async createVerifier({ verificationMethod }: { verificationMethod: ResolvedVerificationMethod }) {
      const publicKey = decodeBlsMultikey(verificationMethod.publicKeyMultibase);
      return {
        id: verificationMethod.id,
        algorithm: BBS_ALGORITHM,
        async verify({ data }: { data: VerifyData }): Promise<boolean> {
          return verifyBbsProof(publicKey, data);
        },
      };
    },
    async createVerifyData({ document, proof, documentLoader }: SuiteCall): Promise<VerifyData> {
      return createVerifyData(document, proof, documentLoader);
    },
  };
}

/**
 * `pseudonym`, `holder_binding_pseudonym`: BBS ProofVerifyWithNym (draft -03) with the proof's
 * `nym_domain` as the context id and one nym secret. The proof must hide exactly the undisclosed
 * messages, the prover blind, the nym secret and (`holder_binding_pseudonym`) the holder secret,
 * so a proof of the other feature option is not accepted under this one.
 */
function verifyNymProof(publicKey: Uint8Array, data: VerifyData): true {
  const fail = (m: string, cause?: unknown) =>
    vcError('ERR_VC_PROOF_INVALID', `bbs-2023 ${data.feature}: ${m}`, cause);
  const L = data.lengthBBSMessages ?? 0;
  const hidden =
    L - data.selectiveIndexes.length + 1 + (data.feature === 'holder_binding_pseudonym' ? 1 : 0) + 1;
  if (hidden < 2 || data.bbsProof.length !== 272 + 32 * hidden) {
    throw fail('the BBS proof does not hide what the feature option signs');
  }
  try {
    return proofVerifyWithNym({
      publicKey,
      proof: data.bbsProof,
      pseudonym: data.pseudonym as Uint8Array,
      contextId: data.nymDomain as Uint8Array,
      nymCount: 1,
      messageCount: L,
      header: data.bbsHeader,
      presentationHeader: data.presentationHeader,
      disclosedMessages: data.nonMandatory,
      disclosedIndexes: data.selectiveIndexes,
      ciphersuite: CIPHERSUITE,
      maxMessages: MAX_MESSAGES,
    });
  } catch (e) {
    throw fail(`the BBS proof does not verify (${isRealDidError(e) ? e.code : 'error'})`, e);
  }
}
