import type { JwsSigner as CryptoJwsSigner, KeyType } from '@realdid/crypto';

/**
 * Hash algorithms accepted for `_sd_alg`: the IANA "Named Information Hash Algorithm" names, and
 * `sm3` (GB/T 32905; not in that registry, the name used in practice).
 */
export type SdHashAlgorithm = 'sha-256' | 'sha-384' | 'sha-512' | 'sm3';

/**
 * Signs JWS signing input: `@realdid/crypto`'s {@link JwsSigner} (the one signer contract of the
 * SDK, also taken by `@realdid/status`). `createSigner(keyPair)` is one.
 */
export type JwsSigner = CryptoJwsSigner;

/** A public key as the verifier needs it. */
export interface ResolvedKey {
  /** The key type; must match the JWS `alg`. */
  readonly type: KeyType;
  /** The public key bytes (Ed25519: 32 bytes; EC: SEC1, compressed or not). */
  readonly publicKey: Uint8Array;
}

/**
 * Finds the issuer's public key for an Issuer-signed JWT, given its (untrusted, not yet verified)
 * protected header and payload. Throw a `RealDidError` (any code; it is wrapped as
 * `ERR_SD_JWT_KEY_RESOLUTION`) when no acceptable key exists. Built-ins: {@link jwkKeyResolver},
 * {@link didKeyResolver}.
 */
export type KeyResolver = (
  header: Readonly<Record<string, unknown>>,
  payload: Readonly<Record<string, unknown>>,
) => Promise<ResolvedKey>;

/**
 * Says which claims of an object (or elements of an array) become selectively disclosable, and how
 * to treat nested values. Keys other than `_sd`/`_sd_decoy` name a claim (or, for arrays, an index)
 * whose value has its own frame.
 *
 * @example
 * ```ts
 * const frame: DisclosureFrame = {
 *   _sd: ['given_name', 'address'],          // these two properties
 *   address: { _sd: ['region'] },            // and, inside address, region (recursive disclosure)
 *   nationalities: { _sd: [0, 1], _sd_decoy: 2 }, // array elements, plus 2 decoy digests
 * };
 * ```
 */
export interface DisclosureFrame {
  /** Property names (for objects) or indexes (for arrays) to make selectively disclosable. */
  _sd?: ReadonlyArray<string | number>;
  /** Number of decoy digests to add at this level. */
  _sd_decoy?: number;
  /** Frames of nested values, by property name or array index. */
  [claim: string]: DisclosureFrame | ReadonlyArray<string | number> | number | undefined;
}

/**
 * Says which selectively disclosable claims to reveal. `true` reveals the claim and everything
 * below it; an object reveals the claim and recurses into it (keys are property names or, for
 * arrays, indexes in the array as the holder sees it in `decodeSdJwt(...).claims`: decoys do not
 * count). Claims not named stay hidden. Naming a claim nested
 * inside selectively disclosable parents reveals the parents too (their disclosures are needed).
 *
 * @example
 * ```ts
 * const frame: PresentationFrame = { given_name: true, address: { region: true }, nationalities: { 1: true } };
 * ```
 */
export interface PresentationFrame {
  [claim: string]: boolean | PresentationFrame | undefined;
}

/** A claim path: property names and array indexes from the root of the processed payload. */
export type ClaimPath = ReadonlyArray<string | number>;

/** Limits on untrusted input, each with a safe default. */
export interface SdJwtLimits {
  /** Maximum length of the whole presentation in characters (default 262 144). */
  maxBytes: number;
  /** Maximum number of disclosures (default 1 000). */
  maxDisclosures: number;
  /** Maximum nesting depth of objects and arrays in the processed payload (default 32). */
  maxDepth: number;
}

/** The default {@link SdJwtLimits}. */
export const DEFAULT_SD_JWT_LIMITS: Readonly<SdJwtLimits> = Object.freeze({
  maxBytes: 262_144,
  maxDisclosures: 1_000,
  maxDepth: 32,
});

/** SD-JWT in JWS JSON serialization (RFC 9901 §8), flattened form. */
export interface SdJwtFlattenedJson {
  payload: string;
  protected: string;
  signature: string;
  header: { disclosures?: string[]; kb_jwt?: string; [k: string]: unknown };
}

/** SD-JWT in JWS JSON serialization (RFC 9901 §8), general form. */
export interface SdJwtGeneralJson {
  payload: string;
  signatures: Array<{
    protected: string;
    signature: string;
    header?: { disclosures?: string[]; kb_jwt?: string; [k: string]: unknown };
  }>;
}
