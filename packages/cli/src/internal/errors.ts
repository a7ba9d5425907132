import { RealDidError } from '@realdid/crypto';

/**
 * The codes of errors that the CLI itself raises (the packages' own codes pass through unchanged).
 * `ERR_CLI_USAGE` exits 2, the others 1.
 */
export type CliErrorCode =
  /** A missing, unknown or malformed option or argument. */
  | 'ERR_CLI_USAGE'
  /** A file the command would create exists (or a staged `<file>.next` does). */
  | 'ERR_CLI_FILE_EXISTS'
  /** A keys file stayed locked by another running realdid command longer than the wait allows. */
  | 'ERR_CLI_FILE_LOCKED'
  /** A file cannot be read, is not JSON, or is not the kind of file expected. */
  | 'ERR_CLI_FILE_READ'
  /** An unknown or malformed `--ledger` URI (or EVM signing key). */
  | 'ERR_CLI_LEDGER_URI'
  /** An optional package the command needs is not installed (the message says which to install). */
  | 'ERR_CLI_MISSING_PACKAGE'
  /** An operation reached the ledger but its effect could not be confirmed. */
  | 'ERR_CLI_CHECK_FAILED'
  /** A DID did not resolve; the message starts with its DID Resolution error. */
  | 'ERR_CLI_RESOLUTION'
  /** Signed or issued by someone other than the expected issuer. */
  | 'ERR_CLI_VERIFY_FAILED'
  /** An unexpected failure (a bug or an environment problem), reported rather than thrown. */
  | 'ERR_CLI_INTERNAL';

/** Raises a coded CLI error. */
export function cliError(code: CliErrorCode, message: string, cause?: unknown): RealDidError<CliErrorCode> {
  return new RealDidError(code, message, cause === undefined ? undefined : { cause });
}
