import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { base58btcDecode, sm3, utf8Encode } from '@realdid/crypto';
import { vcError } from './errors.js';
import { jcs } from './jcs.js';
import { isObject, valuesOf } from './plain.js';

/**
 * The SM2 Data Integrity cryptosuites (GB/T 32918.2 signatures over SM3), RealDID's, not W3C
 * ones; the written specification is docs/sm2-rdfc-2025.md. `sm2-rdfc-2025` is `eddsa-rdfc-2022`
 * with SM3 for SHA-256 and SM2 for Ed25519; `sm2-jcs-2025` is the same with JCS (RFC 8785) in
 * place of RDFC-1.0, as `eddsa-jcs-2022` is to `eddsa-rdfc-2022`.
 */
export type Sm2CryptosuiteName = 'sm2-rdfc-2025' | 'sm2-jcs-2025';

/** The signature length: r ‖ s, 32 bytes each. */
const SIGNATURE_BYTES = 64;
/** base58btc of 64 bytes is at most 88 characters; the multibase header adds one. */
const PROOF_VALUE = /^z[1-9A-HJ-NP-Za-km-z]{1,88}$/;

/** What `@digitalbazaar/data-integrity` hands to a cryptosuite's `createVerifyData`. */
interface VerifyDataCall {
  readonly document: Record<string, unknown>;
  readonly proof: Record<string, unknown>;
  readonly documentLoader: unknown;
  readonly dataIntegrityProof: {
    canonize(input: unknown, options: Record<string, unknown>): Promise<string>;
    canonizeProof(proof: unknown, options: { document: unknown; documentLoader: unknown }): Promise<string>;
  };
}

/**
 * The proof value of a proof being verified: a multibase base58btc (`z…`) string of exactly 64
 * bytes. `@digitalbazaar/data-integrity` also decodes base64url (`u…`); these suites do not.
 */
function checkProofValue(name: Sm2CryptosuiteName, proofValue: unknown): void {
  if (typeof proofValue !== 'string' || !PROOF_VALUE.test(proofValue)) {
    throw vcError('ERR_VC_PROOF_INVALID', `${name}: proofValue must be multibase base58btc (z…)`);
  }
  let length: number;
  try {
    length = base58btcDecode(proofValue.slice(1)).length;
  } catch (e) {
    throw vcError('ERR_VC_PROOF_INVALID', `${name}: proofValue is not base58btc`, e);
  }
  if (length !== SIGNATURE_BYTES) {
    throw vcError(
      'ERR_VC_PROOF_INVALID',
      `${name}: proofValue must encode ${SIGNATURE_BYTES} bytes (r ‖ s), found ${length}`,
    );
  }
}

/**
 * Verify Proof step 4 (docs/sm2-rdfc-2025.md §3.7): a proof with its own `@context` is checked
 * against the document's — which must start with the same values in the same order — and the
 * document is then read under the proof's `@context`.
 */
function withProofContext(
  name: Sm2CryptosuiteName,
  document: Record<string, unknown>,
  proof: Record<string, unknown>,
): Record<string, unknown> {
  if (proof['@context'] === undefined) return document;
  const ofProof = valuesOf(proof['@context']);
  const ofDocument = valuesOf(document['@context']);
  const prefix =
    ofProof.length <= ofDocument.length &&
    ofProof.every((c, i) => JSON.stringify(c) === JSON.stringify(ofDocument[i]));
  if (!prefix) {
    throw vcError(
      'ERR_VC_PROOF_INVALID',
      `${name}: the document's @context must start with the proof's @context`,
    );
  }
  return { ...document, '@context': proof['@context'] };
}

/**
 * hashData (docs/sm2-rdfc-2025.md §3.2–3.3): SM3 of the canonical proof configuration, then SM3
 * of the canonical document — 64 bytes, the message SM2 signs with Z_A of the default user ID.
 * Called when a proof is created (no `proofValue` yet) and when one is verified.
 */
function createVerifyDataFor(name: Sm2CryptosuiteName) {
  return async ({
    document,
    proof,
    documentLoader,
    dataIntegrityProof,
  }: VerifyDataCall): Promise<Uint8Array> => {
    if (!isObject(proof) || proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== name) {
      throw vcError(
        'ERR_VC_PROOF_INVALID',
        `${name}: the proof configuration must be a DataIntegrityProof for ${name}`,
      );
    }
    if (proof.proofValue !== undefined) checkProofValue(name, proof.proofValue);
    const unsecured = withProofContext(name, document, proof);
    const [canonicalProofConfig, canonicalDocument] = await Promise.all([
      dataIntegrityProof.canonizeProof(proof, { document: unsecured, documentLoader }),
      dataIntegrityProof.canonize(unsecured, { documentLoader, base: null, safe: true }),
    ]);
    const hashData = new Uint8Array(64);
    hashData.set(sm3(utf8Encode(canonicalProofConfig)), 0);
    hashData.set(sm3(utf8Encode(canonicalDocument)), 32);
    return hashData;
  };
}

/** The transformation of each suite: RDFC-1.0 N-Quads (JSON-LD safe mode), or JCS. */
const CANONIZE: Record<
  Sm2CryptosuiteName,
  (input: unknown, options: Record<string, unknown>) => Promise<string>
> = {
  'sm2-rdfc-2025': eddsaRdfc2022.canonize,
  'sm2-jcs-2025': async (input) => jcs(input),
};

/**
 * The cryptosuite object `@digitalbazaar/data-integrity`'s `DataIntegrityProof` takes, with the
 * verifier factory of this package (a cached `@realdid/crypto` SM2 verifier, default user ID), or
 * none for a suite that only signs.
 */
export function sm2Cryptosuite(
  name: Sm2CryptosuiteName,
  createVerifier?: (call: never) => Promise<unknown>,
): Record<string, unknown> {
  return {
    name,
    requiredAlgorithm: 'SM2',
    canonize: CANONIZE[name],
    createVerifyData: createVerifyDataFor(name),
    createVerifier:
      createVerifier ??
      (async () => {
        throw vcError('ERR_VC_PROOF_INVALID', `${name}: this suite only signs`);
      }),
  };
}
