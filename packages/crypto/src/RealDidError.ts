/**
 * Options for {@link RealDidError}.
 */
export interface RealDidErrorOptions {
  /** The lower-level error that caused this one. */
  cause?: unknown;
}

/**
 * The one error class of the RealDID SDK. Every rejection of untrusted input is a `RealDidError`
 * with a stable string `code` (for instance `ERR_SD_JWT_DIGEST_MISMATCH`). Switch on `err.code`,
 * not on `instanceof`: two copies of a package in one program break `instanceof`.
 *
 * Each package documents its own closed union of codes (`CryptoErrorCode`, `DidErrorCode`, …).
 * Messages say what was expected and what was found, and never contain a secret.
 *
 * @example
 * ```ts
 * import { RealDidError, isRealDidError } from '@realdid/crypto';
 * const err = new RealDidError('ERR_BASE64URL', 'expected base64url, found "="');
 * isRealDidError(err, 'ERR_BASE64URL'); // true
 * ```
 */
export class RealDidError<C extends string = string> extends Error {
  /** A stable, machine-readable code. */
  readonly code: C;

  /**
   * @param code - the stable error code
   * @param message - a human-readable message, free of secrets
   * @param options - `cause` chaining
   */
  constructor(code: C, message: string, options?: RealDidErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RealDidError';
    this.code = code;
  }
}

/**
 * Tells whether a value is a {@link RealDidError} (by shape, so it works across package copies),
 * optionally with a given code.
 *
 * @param value - any caught value
 * @param code - when given, the code the error must have
 * @returns true when `value` is a RealDID error (with that code)
 * @example
 * ```ts
 * import { isRealDidError, multibaseToPublicKey } from '@realdid/crypto';
 * try {
 *   multibaseToPublicKey('not multibase');
 * } catch (err) {
 *   isRealDidError(err, 'ERR_MULTIBASE_INVALID'); // true
 * }
 * ```
 */
export function isRealDidError<C extends string = string>(
  value: unknown,
  code?: C,
): value is RealDidError<C> {
  if (!(value instanceof Error)) return false;
  const c = (value as { code?: unknown }).code;
  if (typeof c !== 'string' || (value as { name?: unknown }).name !== 'RealDidError') return false;
  return code === undefined || c === code;
}
