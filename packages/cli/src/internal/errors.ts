import { RealDidError } from '@realdid/crypto';

/** The codes of errors that the CLI itself raises. */
export type CliErrorCode =
  | 'ERR_CLI_USAGE'
  | 'ERR_CLI_FILE_EXISTS'
  | 'ERR_CLI_FILE_READ'
  | 'ERR_CLI_LEDGER_URI'
  | 'ERR_CLI_CHECK_FAILED'
  | 'ERR_CLI_RESOLUTION'
  | 'ERR_CLI_VERIFY_FAILED';

/** Raises a coded CLI error. */
export function cliError(code: CliErrorCode, message: string, cause?: unknown): RealDidError<CliErrorCode> {
  return new RealDidError(code, message, cause === undefined ? undefined : { cause });
}
