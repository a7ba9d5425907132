// Minimal typings for the untyped JavaScript packages this package drives.

declare module '@digitalbazaar/vc' {
  export function issue(options: Record<string, unknown>): Promise<Record<string, unknown>>;
  export function derive(options: Record<string, unknown>): Promise<Record<string, unknown>>;
  export function verifyCredential(options: Record<string, unknown>): Promise<DbVerifyResult>;
  export function signPresentation(options: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** The credential checks `verifyCredential` runs before the proofs (throws on the first failure). */
  export function _checkCredential(options: Record<string, unknown>): void;
  export interface DbVerifyResult {
    verified: boolean;
    results?: Array<{
      verified: boolean;
      error?: unknown;
      proof?: Record<string, unknown>;
      verificationMethod?: unknown;
    }>;
    error?: unknown;
    statusResult?: unknown;
  }
}

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { signer?: unknown; date?: unknown; cryptosuite: unknown; legacyContext?: boolean });
    getVerificationMethod(options: {
      proof: Record<string, unknown>;
      documentLoader?: unknown;
    }): Promise<unknown>;
    verifyProof(options: ProofCall): Promise<Record<string, unknown>>;
    createProof(options: ProofCall): Promise<Record<string, unknown>>;
    proof?: Record<string, unknown>;
  }
  export interface ProofCall {
    proof?: Record<string, unknown>;
    proofSet?: Array<Record<string, unknown>>;
    document: Record<string, unknown>;
    [key: string]: unknown;
  }
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: Record<string, unknown> & {
    canonize(input: unknown, options: Record<string, unknown>): Promise<string>;
  };
}

declare module '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite' {
  export const cryptosuite: Record<string, unknown>;
}

declare module '@digitalbazaar/ecdsa-sd-2023-cryptosuite' {
  export function createSignCryptosuite(options?: { mandatoryPointers?: string[] }): Record<string, unknown>;
  export function createDiscloseCryptosuite(options?: {
    selectivePointers?: string[];
  }): Record<string, unknown>;
  export function createVerifyCryptosuite(): Record<string, unknown>;
}

declare module 'jsonld-signatures' {
  const jsigs: {
    verify(
      document: unknown,
      options: Record<string, unknown>,
    ): Promise<import('@digitalbazaar/vc').DbVerifyResult>;
    sign(document: unknown, options: Record<string, unknown>): Promise<Record<string, unknown>>;
    extendContextLoader(loader: unknown): (url: string) => Promise<unknown>;
    purposes: {
      ProofPurpose: new (options: {
        term: string;
        date?: Date;
        maxTimestampDelta?: number;
      }) => {
        term: string;
        match(proof: Record<string, unknown>, options: Record<string, unknown>): Promise<boolean>;
        validate(
          proof: Record<string, unknown>,
          options: Record<string, unknown>,
        ): Promise<{ valid: boolean; error?: unknown }>;
        update(
          proof: Record<string, unknown>,
          options: Record<string, unknown>,
        ): Promise<Record<string, unknown>>;
      };
    };
  };
  export default jsigs;
}

declare module 'jsonld' {
  const jsonld: {
    toRDF(input: unknown, options: Record<string, unknown>): Promise<unknown>;
    expand(input: unknown, options: Record<string, unknown>): Promise<unknown>;
    compact(input: unknown, ctx: unknown, options: Record<string, unknown>): Promise<Record<string, unknown>>;
  };
  export default jsonld;
}

declare module 'rdf-canonize' {
  export function canonize(input: unknown, options: Record<string, unknown>): Promise<string>;
}

declare module '@digitalbazaar/di-sd-primitives' {
  type Options = Record<string, unknown>;
  type LabelMapFactory = (o: { canonicalIdMap: Map<string, string> }) => Promise<Map<string, string>>;
  export function canonicalize(input: unknown, options: Options): Promise<string>;
  export function canonicalizeAndGroup(options: {
    document: unknown;
    labelMapFactoryFunction: LabelMapFactory;
    groups: Record<string, string[]>;
    options: Options;
  }): Promise<{
    groups: Record<
      string,
      { matching: Map<number, string>; nonMatching: Map<number, string>; deskolemizedNQuads: string[] }
    >;
    labelMap: Map<string, string>;
    nquads: string[];
  }>;
  export function createHmac(options: { key: Uint8Array | null }): Promise<{
    sign(data: Uint8Array): Promise<Uint8Array>;
    export(): Promise<Uint8Array>;
  }>;
  export function hashCanonizedProof(options: {
    document: unknown;
    proof: unknown;
    options: Options;
  }): Promise<Uint8Array>;
  export function hashMandatory(options: { mandatory: string[] }): Promise<{ mandatoryHash: Uint8Array }>;
  export function labelReplacementCanonicalizeJsonLd(options: {
    document: unknown;
    labelMapFactoryFunction: LabelMapFactory;
    options: Options;
  }): Promise<string[]>;
  export function selectJsonLd(options: {
    document: unknown;
    pointers: string[];
  }): Record<string, unknown> | null;
  export function stripBlankNodePrefixes(map: Map<string, string>): Map<string, string>;
}
