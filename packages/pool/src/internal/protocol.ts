import { isRealDidError, RealDidError } from '@realdid/crypto';

/** What the pool sends a worker when it starts (structured-cloneable only). */
export interface WorkerInit {
  issuerKeys: Record<string, Record<string, unknown>> | undefined;
  plugins: { module: string; options: unknown } | undefined;
  keyCacheTtlMs: number;
  statusCacheTtlMs: number;
  cacheMaxEntries: number;
}

/**
 * Requests go to a worker as one flat array per batch, {@link TASK_FIELDS} entries per request
 * (`id, kind, input, options, now`): cloning one array of values costs less than one object per
 * request.
 */
export type TaskBatch = unknown[];

/** Entries per request in a {@link TaskBatch}. */
export const TASK_FIELDS = 5;

/** A request's kind: an SD-JWT VC to verify with `verifySdJwtVc`. */
export const VERIFY_SD_JWT_VC = 0;
/** A registration response for the `relyingParty` plug-in's `verifyRegistration`. */
export const VERIFY_REGISTRATION = 1;
/** An OpenID4VP authorization response (with its transaction) for the `relyingParty` plug-in's `verifyAuthorizationResponse`. */
export const VERIFY_AUTHORIZATION_RESPONSE = 2;

/** A serialized error: kind and, for coded errors, the code. Never a stack. */
export interface WireError {
  kind: 'RealDidError' | 'TypeError' | 'RangeError' | 'Error';
  code: string | undefined;
  message: string;
}

/** How an answer's payload is to be read: a result encoded by `encodeVerified` (a JSON string). */
export const ENCODED = 0;
/** A verified result as a structured-cloned value. */
export const CLONED = 1;
/** A {@link WireError}. */
export const FAILED = 2;

/** Entries per answer in the `answers` of a results message: `id, kind, payload` (kind: {@link ENCODED}, {@link CLONED} or {@link FAILED}). */
export const ANSWER_FIELDS = 3;

/**
 * Messages from a worker. Answers come back in one flat array per message (all those ready when
 * the worker has nothing left to run, or at the end of a turn of its event loop): one message per
 * batch rather than per verification, and one array rather than an object per answer.
 */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'init-error'; error: WireError }
  | { type: 'results'; answers: unknown[] };

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
