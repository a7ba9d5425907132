import { isRealDidError, RealDidError } from '@realdid/crypto';
import type { GatewayErrorCode } from '@realdid/ledger-http';

/** A gateway error with its HTTP status. */
export class HttpError extends RealDidError<string> {
  readonly status: number;
  readonly headers: Record<string, string>;
  constructor(
    status: number,
    code: GatewayErrorCode | string,
    message: string,
    headers: Record<string, string> = {},
  ) {
    super(code, message);
    this.status = status;
    this.headers = headers;
  }
}

const LEDGER_STATUS: Record<string, number> = {
  ERR_LEDGER_TOPIC_INVALID: 400,
  ERR_LEDGER_ENTRY_INVALID: 400,
  ERR_LEDGER_ENTRY_TOO_LARGE: 413,
  ERR_LEDGER_CLOSED: 503,
  ERR_LEDGER_UNAVAILABLE: 503,
  ERR_LEDGER_TIMEOUT: 504,
  ERR_LEDGER_TX_REVERTED: 502,
  ERR_LEDGER_PROOF_INVALID: 502,
  ERR_LEDGER_CORRUPT: 500,
};

/**
 * Maps anything thrown while serving a request to a status and a coded JSON body. Ledger errors
 * keep their code; caller-misuse errors (TypeError/RangeError from input checks) become
 * `ERR_GATEWAY_BAD_REQUEST`; anything else is `ERR_GATEWAY_INTERNAL` with no detail in the answer.
 */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (isRealDidError(err)) {
    const status = LEDGER_STATUS[err.code];
    if (status !== undefined) return new HttpError(status, err.code, err.message);
  }
  if (err instanceof TypeError || err instanceof RangeError)
    return new HttpError(400, 'ERR_GATEWAY_BAD_REQUEST', err.message.slice(0, 300));
  return new HttpError(500, 'ERR_GATEWAY_INTERNAL', 'internal error');
}

export function errorBody(e: HttpError): { error: { code: string; message: string } } {
  return { error: { code: e.code, message: e.message } };
}
