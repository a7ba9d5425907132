import { isRealDidError, RealDidError } from '@realdid/crypto';
import type { LedgerErrorCode } from '@realdid/ledger';
import {
  BaseError,
  ContractFunctionRevertedError,
  ExecutionRevertedError,
  HttpRequestError,
  SocketClosedError,
  TimeoutError,
  WaitForTransactionReceiptTimeoutError,
  WebSocketRequestError,
} from 'viem';
import { redactText } from './redact.js';

export type Coded = RealDidError<LedgerErrorCode>;

export function ledgerError(code: LedgerErrorCode, message: string, cause?: unknown): Coded {
  return new RealDidError(code, redactText(message), cause === undefined ? undefined : { cause });
}

/**
 * The refusal of a batch anchor by an account without anchor rights: what the contract's
 * `AnchorNotAllowed` revert says, given before anything is stored or sent.
 */
export function anchorNotAllowed(who: string): Coded {
  return ledgerError(
    'ERR_LEDGER_TX_REVERTED',
    `anchorBatch refused: AnchorNotAllowed(${who}): this account may not anchor batch files on this registry; the owner grants anchor rights (setAnchorSubmitter), or write with mode 'direct'`,
  );
}

/** A copy of an error that carries only redacted text (so no URL credential leaks via `cause`). */
function sanitizedCause(err: unknown): Error {
  const e = new Error(
    redactText(err instanceof BaseError ? err.shortMessage : String((err as Error)?.message ?? err)),
  );
  e.name = (err as Error)?.name ?? 'Error';
  return e;
}

function revertReason(err: BaseError): string | undefined {
  const r = err.walk(
    (e) => e instanceof ContractFunctionRevertedError,
  ) as ContractFunctionRevertedError | null;
  if (r) {
    if (r.data?.errorName && r.data.errorName !== 'Error') {
      const args = (r.data.args ?? []).map((a) => String(a)).join(', ');
      return `${r.data.errorName}(${args})`;
    }
    return r.reason ?? r.shortMessage;
  }
  const x = err.walk((e) => e instanceof ExecutionRevertedError) as ExecutionRevertedError | null;
  if (x) return x.details || x.shortMessage;
  return undefined;
}

/**
 * Maps any failure of an RPC call to a coded ledger error. `where` is the redacted node location.
 */
export function mapError(err: unknown, what: string, where: string): Coded {
  if (isRealDidError(err)) return err as Coded;
  if (err instanceof BaseError) {
    const reason = revertReason(err);
    if (reason !== undefined) {
      return ledgerError('ERR_LEDGER_TX_REVERTED', `${what} reverted: ${reason}`, sanitizedCause(err));
    }
    if (err.walk((e) => e instanceof WaitForTransactionReceiptTimeoutError || e instanceof TimeoutError)) {
      return ledgerError('ERR_LEDGER_TIMEOUT', `${what} timed out (node ${where})`, sanitizedCause(err));
    }
    if (
      err.walk(
        (e) =>
          e instanceof HttpRequestError ||
          e instanceof WebSocketRequestError ||
          e instanceof SocketClosedError,
      )
    ) {
      return ledgerError(
        'ERR_LEDGER_UNAVAILABLE',
        `${what} failed: node ${where} is unreachable`,
        sanitizedCause(err),
      );
    }
    return ledgerError(
      'ERR_LEDGER_UNAVAILABLE',
      `${what} failed at node ${where}: ${err.shortMessage}`,
      sanitizedCause(err),
    );
  }
  return ledgerError('ERR_LEDGER_UNAVAILABLE', `${what} failed at node ${where}`, sanitizedCause(err));
}

export function isTransient(err: Coded): boolean {
  return err.code === 'ERR_LEDGER_UNAVAILABLE' || err.code === 'ERR_LEDGER_TIMEOUT';
}

export async function withRetry<T>(
  fn: () => Promise<T>,
  opts: { retries: number; delayMs: number; what: string; where: string; isClosed: () => boolean },
): Promise<T> {
  let attempt = 0;
  for (;;) {
    try {
      return await fn();
    } catch (raw) {
      const err = mapError(raw, opts.what, opts.where);
      if (!isTransient(err) || attempt >= opts.retries || opts.isClosed()) throw err;
      await new Promise((r) => setTimeout(r, opts.delayMs * 2 ** attempt));
      attempt++;
    }
  }
}
