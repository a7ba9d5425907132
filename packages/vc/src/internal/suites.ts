import type { ProofCall } from '@digitalbazaar/data-integrity';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as ecdsaRdfc2019 } from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import {
  createDiscloseCryptosuite,
  createSignCryptosuite,
  createVerifyCryptosuite,
} from '@digitalbazaar/ecdsa-sd-2023-cryptosuite';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import type { KeyType } from '@realdid/crypto';
import type { BaseBinding, BbsMultiSigner, HolderBinding } from './bbs2023/cryptosuite.js';
import { bbsDiscloseCryptosuite, bbsSignCryptosuite, bbsVerifyCryptosuite } from './bbs2023/cryptosuite.js';
import { vcError } from './errors.js';
import type { ResolvedVerificationMethod } from './keys.js';
import { verifierFor } from './keys.js';
import { valuesOf } from './plain.js';
import type { ProofPurposeName } from './purpose.js';
import { sm2Cryptosuite } from './sm2Cryptosuites.js';

/** The cryptosuites this package signs and verifies with. */
export type CryptosuiteName =
  | 'eddsa-rdfc-2022'
  | 'ecdsa-rdfc-2019'
  | 'ecdsa-sd-2023'
  | 'bbs-2023'
  /** RealDID's SM2 suites (not W3C ones): docs/sm2-rdfc-2025.md. */
  | 'sm2-rdfc-2025'
  | 'sm2-jcs-2025';

export const CRYPTOSUITES: readonly CryptosuiteName[] = [
  'eddsa-rdfc-2022',
  'ecdsa-rdfc-2019',
  'ecdsa-sd-2023',
  'bbs-2023',
  'sm2-rdfc-2025',
  'sm2-jcs-2025',
];

/** The curves of the cryptosuites whose keys `@realdid/crypto` verifies (bbs-2023 decodes its own). */
const CURVES: Record<Exclude<CryptosuiteName, 'bbs-2023'>, readonly KeyType[]> = {
  'eddsa-rdfc-2022': ['Ed25519'],
  'ecdsa-rdfc-2019': ['P-256'],
  'ecdsa-sd-2023': ['P-256'],
  'sm2-rdfc-2025': ['SM2'],
  'sm2-jcs-2025': ['SM2'],
};

/** Resolves a verification method for a proof purpose. */
export type ResolveVm = (id: string, purpose: ProofPurposeName) => Promise<ResolvedVerificationMethod>;

/**
 * The verifier object the cryptosuites call, backed by a cached `@realdid/crypto` verifier (the
 * node:crypto fast path on Node).
 */
function createVerifierFor(suite: Exclude<CryptosuiteName, 'bbs-2023'>) {
  return async ({ verificationMethod }: { verificationMethod: ResolvedVerificationMethod }) => {
    const v = verifierFor(verificationMethod.publicKeyMultibase, CURVES[suite]);
    return {
      id: verificationMethod.id,
      algorithm: v.type,
      async verify({ data, signature }: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> {
        return v.verify(data, signature);
      },
    };
  };
}

function sdVerifyCryptosuite(): Record<string, unknown> {
  const suite = createVerifyCryptosuite();
  const inner = suite.createVerifier as (o: { verificationMethod: unknown }) => Promise<unknown>;
  return {
    ...suite,
    createVerifier: async ({ verificationMethod }: { verificationMethod: ResolvedVerificationMethod }) => {
      verifierFor(verificationMethod.publicKeyMultibase, CURVES['ecdsa-sd-2023']);
      return inner({ verificationMethod });
    },
  };
}

/**
 * ecdsa-rdfc-2019 reads the key (to pick its hash) before it makes the verifier, with a decoder
 * that knows only ECDSA keys: the curve is checked first, so another key type is refused as a
 * verification method, as for the other suites.
 */
function ecdsaRdfcVerifyCryptosuite(): Record<string, unknown> {
  type Call = { verificationMethod?: ResolvedVerificationMethod };
  const inner = ecdsaRdfc2019.createVerifyData as (call: Call) => Promise<unknown>;
  return {
    ...ecdsaRdfc2019,
    createVerifier: createVerifierFor('ecdsa-rdfc-2019'),
    createVerifyData: async (call: Call) => {
      if (call.verificationMethod !== undefined)
        verifierFor(call.verificationMethod.publicKeyMultibase, CURVES['ecdsa-rdfc-2019']);
      return inner(call);
    },
  };
}

const VERIFY_CRYPTOSUITES: Record<CryptosuiteName, Record<string, unknown>> = {
  'eddsa-rdfc-2022': { ...eddsaRdfc2022, createVerifier: createVerifierFor('eddsa-rdfc-2022') },
  'ecdsa-rdfc-2019': ecdsaRdfcVerifyCryptosuite(),
  // ecdsa-sd-2023 verifies many signatures in one `verify({data})` call (the per-statement ones
  // under an ephemeral key, then the base one), so its own verifier is kept; the key's curve is
  // still checked first.
  'ecdsa-sd-2023': sdVerifyCryptosuite(),
  // bbs-2023 verifies derived proofs only (a base proof is for the holder).
  'bbs-2023': bbsVerifyCryptosuite(),
  'sm2-rdfc-2025': sm2Cryptosuite('sm2-rdfc-2025', createVerifierFor('sm2-rdfc-2025')),
  'sm2-jcs-2025': sm2Cryptosuite('sm2-jcs-2025', createVerifierFor('sm2-jcs-2025')),
};

type DipInstance = InstanceType<typeof DataIntegrityProof>;

/**
 * The proofs a proof's `previousProof` names, as they stand in the document (jsonld-signatures
 * hands each proof of the set over with the document's `@context` added: it is taken off again).
 */
function previousProofs(
  proof: Record<string, unknown> | undefined,
  proofSet: readonly Record<string, unknown>[] | undefined,
  document: Record<string, unknown>,
): Record<string, unknown>[] {
  const ids = valuesOf(proof?.previousProof);
  return ids.map((id) => {
    const found = (proofSet ?? []).find((p) => p.id === id);
    if (found === undefined || typeof id !== 'string') {
      throw vcError(
        'ERR_VC_PROOF_CHAIN',
        `previousProof names ${String(id).slice(0, 200)}, which is not in the proof set`,
      );
    }
    if (found['@context'] === document['@context']) {
      const { '@context': _added, ...rest } = found;
      return rest;
    }
    return found;
  });
}

/**
 * Proof chains (VC Data Integrity 1.0, "Add Proof" and "Verify Proof"): a proof whose
 * `previousProof` names other proofs of the set signs the document *with those proofs in it*.
 * `@digitalbazaar/data-integrity` signs and verifies every proof over the document without
 * proofs, so both calls are wrapped to put the named proofs back first.
 */
function chained(suite: DipInstance): DipInstance {
  const verifyProof = suite.verifyProof.bind(suite);
  const createProof = suite.createProof.bind(suite);
  const withPrevious = (call: ProofCall, proof: Record<string, unknown> | undefined): ProofCall => {
    const prev = previousProofs(proof, call.proofSet, call.document);
    if (prev.length === 0) return call;
    return { ...call, document: { ...call.document, proof: prev.length === 1 ? prev[0] : prev } };
  };
  suite.verifyProof = async (call) => verifyProof(withPrevious(call, call.proof));
  suite.createProof = async (call) => createProof(withPrevious(call, suite.proof));
  return suite;
}

/**
 * A Data Integrity proof suite whose verification methods come from our resolver (DID
 * resolution with the proof purpose checked, cached) instead of the JSON-LD document loader.
 */
function resolvingSuite(cryptosuite: Record<string, unknown>, resolve: ResolveVm): DipInstance {
  const suite = new DataIntegrityProof({ cryptosuite });
  suite.getVerificationMethod = async ({ proof }) => {
    const vm = proof.verificationMethod;
    const id = typeof vm === 'object' && vm !== null ? (vm as { id?: unknown }).id : vm;
    if (typeof id !== 'string')
      throw vcError('ERR_VC_VERIFICATION_METHOD', 'proof.verificationMethod is missing');
    const purpose = proof.proofPurpose;
    if (purpose !== 'assertionMethod' && purpose !== 'authentication') {
      throw vcError('ERR_VC_PROOF_PURPOSE', 'proof.proofPurpose is not a supported purpose');
    }
    return resolve(id, purpose);
  };
  return chained(suite);
}

/** One verifying suite per supported cryptosuite. */
export function verifyingSuites(resolve: ResolveVm): DipInstance[] {
  return CRYPTOSUITES.map((name) => resolvingSuite(VERIFY_CRYPTOSUITES[name], resolve));
}

/**
 * The eddsa-rdfc-2022 verifying suite with another `canonize` (one that reuses the expansions a
 * verification already made, which gives the same N-Quads).
 */
export function eddsaRdfcVerifyingSuite(
  resolve: ResolveVm,
  canonize: (input: unknown, options?: Record<string, unknown>) => Promise<string>,
): DipInstance {
  return resolvingSuite({ ...VERIFY_CRYPTOSUITES['eddsa-rdfc-2022'], canonize }, resolve);
}

/**
 * A BBS signer as `@digitalbazaar/data-integrity` accepts it: it insists on a `sign` function,
 * which bbs-2023 never calls (the base proof signs its messages with `multisign`).
 */
function bbsSigner(s: BbsMultiSigner): BbsMultiSigner & { sign(): Promise<never> } {
  return {
    id: s.id,
    algorithm: s.algorithm,
    publicKey: s.publicKey,
    multisign: (input) => s.multisign(input),
    ...(s.blindSign === undefined ? {} : { blindSign: s.blindSign.bind(s) }),
    ...(s.blindSignWithNym === undefined ? {} : { blindSignWithNym: s.blindSignWithNym.bind(s) }),
    async sign() {
      throw new Error('bbs-2023 signs with multisign');
    },
  };
}

/** A signing suite. */
export function signingSuite(
  name: CryptosuiteName,
  signer: unknown,
  options: {
    created?: Date | undefined;
    mandatoryPointers?: readonly string[] | undefined;
    /** The new proof's `id` and the ids of the proofs it chains to. */
    proofId?: string | undefined;
    previousProof?: string | readonly string[] | undefined;
    /** bbs-2023: the holder's commitment to blind-sign (a bare one: `anonymous_holder_binding`). */
    commitmentWithProof?: Uint8Array | BaseBinding | undefined;
  },
): DipInstance {
  let cryptosuite: unknown;
  if (name === 'eddsa-rdfc-2022') cryptosuite = eddsaRdfc2022;
  else if (name === 'ecdsa-rdfc-2019') cryptosuite = ecdsaRdfc2019;
  else if (name === 'sm2-rdfc-2025' || name === 'sm2-jcs-2025') cryptosuite = sm2Cryptosuite(name);
  else if (name === 'bbs-2023')
    cryptosuite = bbsSignCryptosuite([...(options.mandatoryPointers ?? [])], options.commitmentWithProof);
  else cryptosuite = createSignCryptosuite({ mandatoryPointers: [...(options.mandatoryPointers ?? [])] });
  // bbs-2023: no `created` unless asked for, since every disclosure shows the proof options and a
  // timestamp would link the disclosures of one credential.
  const date = options.created ?? (name === 'bbs-2023' ? null : undefined);
  const suite = new DataIntegrityProof({
    signer: name === 'bbs-2023' ? bbsSigner(signer as BbsMultiSigner) : signer,
    cryptosuite,
    ...(date === undefined ? {} : { date }),
  });
  if (options.proofId !== undefined || options.previousProof !== undefined) {
    suite.proof = {
      ...(options.proofId === undefined ? {} : { id: options.proofId }),
      ...(options.previousProof === undefined
        ? {}
        : {
            previousProof:
              typeof options.previousProof === 'string' ? options.previousProof : [...options.previousProof],
          }),
    };
  }
  return chained(suite);
}

/** The suite that derives a selective disclosure from an `ecdsa-sd-2023` or `bbs-2023` base proof. */
export function disclosingSuite(
  name: 'ecdsa-sd-2023' | 'bbs-2023',
  selectivePointers: readonly string[],
  presentationHeader: Uint8Array = new Uint8Array(0),
  holder?: HolderBinding,
): DipInstance {
  return new DataIntegrityProof({
    cryptosuite:
      name === 'bbs-2023'
        ? bbsDiscloseCryptosuite(selectivePointers, presentationHeader, holder)
        : createDiscloseCryptosuite({ selectivePointers: [...selectivePointers] }),
  });
}

/** The canonicalization function of the RDFC cryptosuites (RDFC-1.0 over safe-mode JSON-LD). */
export const canonizeRdfc = eddsaRdfc2022.canonize;
