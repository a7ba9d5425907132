import { isRealDidError, RealDidError } from '@realdid/crypto';

/** What the pool sends a worker when it starts (structured-cloneable only). */
export interface WorkerInit {
  issuerKeys: Record<string, Record<string, unknown>> | undefined;
  plugins: { module: string; options: unknown } | undefined;
  keyCacheTtlMs: number;
  statusCacheTtlMs: number;
  cacheMaxEntries: number;
}

/** A verification request. */
export interface TaskMessage {
  id: number;
  presentation: unknown;
  options: Record<string, unknown>;
  /** The time of submission, when the caller gave `now`, in milliseconds. */
  now: number | undefined;
}

/** A serialized error: kind and, for coded errors, the code. Never a stack. */
export interface WireError {
  kind: 'RealDidError' | 'TypeError' | 'RangeError' | 'Error';
  code: string | undefined;
  message: string;
}

/** The answer to one verification request. */
export type TaskResult =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: WireError };

/**
 * Messages from a worker. Requests go to a worker in arrays and answers come back in arrays (all
 * those ready by the end of a turn of the worker's event loop): one message per batch rather than
 * per verification halves the cost of crossing threads under load.
 */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'init-error'; error: WireError }
  | { type: 'results'; results: TaskResult[] };

/** Turns any thrown value into a {@link WireError}. */
export function toWire(err: unknown): WireError {
  if (isRealDidError(err)) return { kind: 'RealDidError', code: err.code, message: err.message };
  if (err instanceof TypeError) return { kind: 'TypeError', code: undefined, message: err.message };
  if (err instanceof RangeError) return { kind: 'RangeError', code: undefined, message: err.message };
  const message = err instanceof Error ? err.message : 'non-error value thrown';
  return { kind: 'Error', code: undefined, message };
}

/** Rebuilds the error a worker reported; anything unexpected becomes `fallbackCode`. */
export function fromWire(w: WireError, fallbackCode: string): Error {
  switch (w.kind) {
    case 'RealDidError':
      return new RealDidError(w.code ?? fallbackCode, w.message);
    case 'TypeError':
      return new TypeError(w.message);
    case 'RangeError':
      return new RangeError(w.message);
    default:
      return new RealDidError(fallbackCode, `worker failed: ${w.message}`);
  }
}
