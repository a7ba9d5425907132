import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { jwkToPublicKey, RealDidError } from '@realdid/crypto';
import type { Account, RegistrationResponse, RelyingParty } from '@realdid/realname';
import type {
  SdJwtFlattenedJson,
  SdJwtGeneralJson,
  VerifiedSdJwtVc,
  VerifySdJwtOptions,
} from '@realdid/sd-jwt';
import { DeadlineQueue } from './internal/DeadlineQueue.js';
import {
  ANSWER_FIELDS,
  CLONED,
  ENCODED,
  FAILED,
  fromWire,
  VERIFY_AUTHORIZATION_RESPONSE,
  VERIFY_REGISTRATION,
  VERIFY_SD_JWT_VC,
  type WireError,
  type WorkerInit,
  type WorkerMessage,
} from './internal/protocol.js';
import { decodeVerified } from './internal/resultCodec.js';
import { spawnWorker } from './internal/spawn.js';
import type { PoolErrorCode } from './PoolErrorCode.js';

/**
 * Where the workers find plug-ins that cannot be sent to a thread: an ES module, imported once in
 * each worker, that exports `createVerifierPlugins(options)` returning (or resolving to)
 * `{ keyResolver?, holderKeyResolver?, checkStatus?, relyingParty? }` — the same function types
 * the in-process verifier takes, and for registrations an object with `verifyRegistration` (a
 * `RelyingParty` of `@realdid/realname`). `options` must be structured-cloneable (plain data).
 */
export interface PoolPluginModule {
  /** A file URL, an absolute path, or a package name the worker can import. */
  module: string | URL;
  /** Handed to `createVerifierPlugins` in every worker. */
  options?: unknown;
}

/** Options of {@link VerifierPool}. */
export interface VerifierPoolOptions {
  /** Number of worker threads (default: `os.availableParallelism()`). */
  size?: number;
  /**
   * The issuer keys, as public JWKs by the exact `iss` of the credentials they sign. Each worker
   * parses them once. Give this or a `plugins` module with a `keyResolver`, not both.
   */
  issuerKeys?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /**
   * A module giving `keyResolver`, `holderKeyResolver` and `checkStatus` inside each worker, and/or
   * a `relyingParty` (an object with `verifyRegistration`) for {@link VerifierPool.verifyRegistration}.
   */
  plugins?: PoolPluginModule;
  /**
   * Verifications one worker holds at a time (default 16). They go in batches of half that (calls
   * made while all workers are full wait in the queue and leave it together), so a worker has the
   * next batch while it answers the last: more means fewer messages and wake-ups per verification
   * under load (less CPU), and a longer wait for each batch's answers. An idle pool sends each call
   * at once.
   */
  tasksPerWorker?: number;
  /** Verifications that may wait for a worker (default 1,024). */
  maxQueue?: number;
  /**
   * What a call does when the queue is full: `'reject'` (default) throws `ERR_POOL_BUSY` at once,
   * `'wait'` waits for room (still bounded by `timeoutMs`).
   */
  whenFull?: 'reject' | 'wait';
  /**
   * Bound on each call, from submission to answer, in milliseconds (default 30,000; `Infinity`
   * for none). A late answer is dropped; the call fails with `ERR_POOL_TIMEOUT`.
   */
  timeoutMs?: number;
  /**
   * How long each worker keeps an issuer key resolved by a `keyResolver` plug-in, by (`iss`, `kid`,
   * `alg`), in milliseconds (default 60,000; 0 turns it off). Use 0 for a resolver whose answer
   * depends on anything else in the header or payload.
   */
  keyCacheTtlMs?: number;
  /**
   * How long each worker keeps a status answer of a `checkStatus` plug-in, by (`uri`, `idx`), in
   * milliseconds (default 0: every verification asks the plug-in, whose own status-list cache
   * lives as long as its worker). A revocation may go unseen for this long.
   */
  statusCacheTtlMs?: number;
  /** Entries each worker cache holds at most (default 10,000). */
  cacheMaxEntries?: number;
}

/**
 * The options of {@link VerifierPool.verifySdJwtVc}: those of the in-process `verifySdJwtVc`
 * without the function-typed plug-ins (configured on the pool), plus `requireStatusCheck`.
 * `now`, when given, is called once at submission.
 */
export type PoolVerifySdJwtOptions = Omit<
  VerifySdJwtOptions,
  'keyResolver' | 'holderKeyResolver' | 'checkStatus'
> & {
  /** Whether a credential carrying a `status` must have its status checked (passed through). */
  requireStatusCheck?: boolean;
};

/** A snapshot of the pool's load. */
export interface VerifierPoolStats {
  /** Worker threads alive (started and not yet exited). */
  workers: number;
  /** Verifications sent to workers and not answered yet. */
  inFlight: number;
  /** Verifications waiting for a worker. */
  queued: number;
  /** Calls waiting for room in the queue (`whenFull: 'wait'`). */
  waiting: number;
}

interface Task {
  id: number;
  /** {@link VERIFY_SD_JWT_VC}, {@link VERIFY_REGISTRATION} or {@link VERIFY_AUTHORIZATION_RESPONSE}. */
  kind: number;
  /** The presentation, or the registration response. */
  input: unknown;
  options: Record<string, unknown> | undefined;
  now: number | undefined;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  /** `performance.now()` time of expiry (`Infinity`: none). */
  deadline: number;
  settled: boolean;
}

const noop = (): void => {};

interface Slot {
  worker: Worker;
  ready: boolean;
  exited: boolean;
  inFlight: Map<number, Task>;
  exit: Promise<void>;
}

const MAX_WORKERS = 256;

const PLUGIN_FUNCTIONS = ['keyResolver', 'holderKeyResolver', 'checkStatus'] as const;

function poolError(code: PoolErrorCode, message: string): RealDidError<PoolErrorCode> {
  return new RealDidError(code, message);
}

/** What a wrong value is, for a message, without reading it. */
function found(v: unknown): string {
  return typeof v === 'number' ? String(v) : v === null ? 'null' : `a ${typeof v}`;
}

function positiveInt(v: unknown, dflt: number, name: string): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) {
    throw new RangeError(`${name} must be a positive integer, found ${found(v)}`);
  }
  return v;
}

function nonNegative(v: unknown, dflt: number, name: string, allowInfinity: boolean): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || Number.isNaN(v) || v < 0 || (!allowInfinity && !Number.isFinite(v))) {
    throw new RangeError(`${name} must be a non-negative number, found ${found(v)}`);
  }
  return v;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/**
 * A shallow copy of a plain object as plain data (own enumerable string keys), read once, so a
 * getter or a proxy cannot answer differently later; a value that cannot be read is a TypeError.
 */
function plainCopy(v: unknown, name: string): Record<string, unknown> {
  try {
    if (!isPlainObject(v)) throw new TypeError(`${name} must be a plain object`);
    const out: Record<string, unknown> = {};
    // Own enumerable string keys, as Object.entries gives them, without its array of pairs.
    for (const k in v) if (Object.hasOwn(v, k)) out[k] = v[k];
    return out;
  } catch (err) {
    if (err instanceof TypeError) throw err;
    throw new TypeError(`${name} could not be read as plain data`);
  }
}

/**
 * Verifies SD-JWT VCs on `node:worker_threads`, with the API of the in-process `verifySdJwtVc`:
 * same options (minus the function-typed plug-ins, which each worker builds from `issuerKeys` or a
 * `plugins` module), same result, same coded `RealDidError`s. Work beyond `size × tasksPerWorker`
 * waits in a bounded queue; when that is full a call is refused with `ERR_POOL_BUSY` (or waits,
 * with `whenFull: 'wait'`). Every call is bounded by `timeoutMs`. A worker that dies is replaced
 * and its calls fail with `ERR_POOL_WORKER`. `close()` refuses new calls, finishes the accepted
 * ones and stops every thread. With a `relyingParty` from the plug-in module,
 * {@link VerifierPool.verifyRegistration} does the same for `RelyingParty.verifyRegistration` of
 * `@realdid/realname`.
 *
 * @example
 * ```ts
 * import { VerifierPool } from '@realdid/pool';
 * const pool = new VerifierPool({ size: 2, issuerKeys: { 'https://issuer.example': issuerJwk } });
 * const r = await pool.verifySdJwtVc(presentation, { keyBinding: { aud: 'https://rp.example', nonce } });
 * await pool.close();
 * ```
 */
export class VerifierPool {
  readonly #slots: Slot[] = [];
  readonly #queue: Task[] = [];
  readonly #waiters: Task[] = [];
  readonly #size: number;
  readonly #tasksPerWorker: number;
  /** Requests per message: half of `tasksPerWorker`, so a worker has the next batch while it answers one. */
  readonly #batch: number;
  readonly #maxQueue: number;
  readonly #whenFull: 'reject' | 'wait';
  readonly #timeoutMs: number;
  readonly #init: WorkerInit;
  readonly #deadlines = new DeadlineQueue<Task>((task) => {
    this.#forget(task);
    this.#settle(task, poolError('ERR_POOL_TIMEOUT', `no answer within ${this.#timeoutMs} ms`));
  });
  #nextId = 1;
  #dispatchQueued = false;
  #closing: Promise<void> | undefined;
  #broken: RealDidError | undefined;
  #readyWaiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  #drained: (() => void) | undefined;

  /**
   * Starts the worker threads.
   *
   * @param poolOptions - see {@link VerifierPoolOptions}
   * @throws TypeError / RangeError when the options are misused
   */
  constructor(poolOptions: VerifierPoolOptions) {
    const options = plainCopy(poolOptions, 'VerifierPool options') as VerifierPoolOptions;
    this.#size = positiveInt(options.size, Math.max(1, availableParallelism()), 'size');
    if (this.#size > MAX_WORKERS) throw new RangeError(`size must be at most ${MAX_WORKERS}`);
    this.#tasksPerWorker = positiveInt(options.tasksPerWorker, 16, 'tasksPerWorker');
    this.#batch = Math.ceil(this.#tasksPerWorker / 2);
    this.#maxQueue = positiveInt(options.maxQueue, 1024, 'maxQueue');
    if (options.whenFull !== undefined && options.whenFull !== 'reject' && options.whenFull !== 'wait') {
      throw new TypeError("whenFull must be 'reject' or 'wait'");
    }
    this.#whenFull = options.whenFull ?? 'reject';
    this.#timeoutMs = nonNegative(options.timeoutMs, 30_000, 'timeoutMs', true);
    if (this.#timeoutMs === 0) throw new RangeError('timeoutMs must be positive');
    let issuerKeys: WorkerInit['issuerKeys'];
    if (options.issuerKeys !== undefined) {
      issuerKeys = {};
      for (const [iss, jwk] of Object.entries(plainCopy(options.issuerKeys, 'issuerKeys'))) {
        const copy = plainCopy(jwk, `issuerKeys[${JSON.stringify(iss)}]`);
        try {
          jwkToPublicKey(copy);
        } catch (err) {
          const why = err instanceof Error ? err.message : 'unreadable';
          throw new TypeError(`issuerKeys[${JSON.stringify(iss)}] is not a usable public JWK: ${why}`);
        }
        issuerKeys[iss] = copy;
      }
      if (Object.keys(issuerKeys).length === 0)
        throw new TypeError('issuerKeys must name at least one issuer');
    }
    let plugins: WorkerInit['plugins'];
    if (options.plugins !== undefined) {
      const pm = plainCopy(options.plugins, 'plugins');
      const m = pm.module;
      let spec: string;
      if (m instanceof URL) spec = m.href;
      else if (typeof m === 'string' && m.length > 0) spec = m.startsWith('/') ? pathToFileURL(m).href : m;
      else throw new TypeError('plugins.module must be a URL, an absolute path or a package name');
      plugins = { module: spec, options: pm.options };
    }
    if (issuerKeys === undefined && plugins === undefined) {
      throw new TypeError('VerifierPool: give issuerKeys or a plugins module');
    }
    this.#init = {
      issuerKeys,
      plugins,
      keyCacheTtlMs: nonNegative(options.keyCacheTtlMs, 60_000, 'keyCacheTtlMs', false),
      statusCacheTtlMs: nonNegative(options.statusCacheTtlMs, 0, 'statusCacheTtlMs', false),
      cacheMaxEntries: positiveInt(options.cacheMaxEntries, 10_000, 'cacheMaxEntries'),
    };
    for (let i = 0; i < this.#size; i++) this.#spawn();
  }

  /** Resolves once every worker has built its plug-ins; rejects with `ERR_POOL_PLUGIN` if one could not. */
  ready(): Promise<void> {
    if (this.#broken !== undefined) return Promise.reject(this.#broken);
    if (this.#slots.every((s) => s.ready)) return Promise.resolve();
    return new Promise((resolve, reject) => this.#readyWaiters.push({ resolve, reject }));
  }

  /** The pool's current load. */
  stats(): VerifierPoolStats {
    let inFlight = 0;
    for (const s of this.#slots) inFlight += s.inFlight.size;
    return {
      workers: this.#slots.filter((s) => !s.exited).length,
      inFlight,
      queued: this.#queue.length,
      waiting: this.#waiters.length,
    };
  }

  /**
   * Verifies an SD-JWT VC presentation on a worker thread, exactly as the in-process
   * `verifySdJwtVc` of `@realdid/sd-jwt` does with the pool's plug-ins.
   *
   * @param presentation - the SD-JWT VC (+KB), compact or JSON serialization
   * @param options - as for `verifySdJwtVc`, without `keyResolver`, `holderKeyResolver`, `checkStatus`
   * @returns the verified result
   * @throws RealDidError with the verifier's code (`ERR_SD_JWT_*`) when the input is rejected, or a
   *   {@link PoolErrorCode} (`ERR_POOL_BUSY`, `ERR_POOL_CLOSED`, `ERR_POOL_TIMEOUT`, …)
   * @throws TypeError / RangeError when the options are misused
   */
  verifySdJwtVc(
    presentation: string | SdJwtFlattenedJson | SdJwtGeneralJson,
    options: PoolVerifySdJwtOptions,
  ): Promise<VerifiedSdJwtVc> {
    try {
      return this.#submit(presentation, options);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  #submit(presentation: unknown, options: unknown): Promise<VerifiedSdJwtVc> {
    if (
      typeof presentation !== 'string' &&
      (typeof presentation !== 'object' || presentation === null || Array.isArray(presentation))
    ) {
      throw new TypeError('presentation must be a compact string or a JWS JSON serialization object');
    }
    const rest = plainCopy(options, 'options');
    for (const name of PLUGIN_FUNCTIONS) {
      if (rest[name] !== undefined) {
        throw new TypeError(`options.${name} cannot cross to a worker thread: configure it on the pool`);
      }
    }
    const now = rest.now;
    let at: unknown;
    if (now !== undefined) {
      if (typeof now !== 'function') throw new TypeError('options.now must be a function');
      at = now();
      if (typeof at !== 'number' || !Number.isFinite(at)) {
        throw new TypeError('options.now must return a finite number');
      }
      delete rest.now;
    }
    return this.#enqueue(
      VERIFY_SD_JWT_VC,
      presentation,
      rest,
      at as number | undefined,
    ) as Promise<VerifiedSdJwtVc>;
  }

  /**
   * Verifies a registration response on a worker thread, exactly as
   * `RelyingParty.verifyRegistration` of `@realdid/realname` does: on the `relyingParty` that the
   * `plugins` module built in each worker (a `RelyingParty.restore` of the site's state over stores
   * every worker and server share — one-time nonces above all, or a nonce could be spent once per
   * worker). Same result (the `Account`), same coded errors.
   *
   * @param response - the wallet's registration response
   * @returns the account, as `RelyingParty.verifyRegistration` returns it
   * @throws RealDidError the codes of `RelyingParty.verifyRegistration` (`ERR_PRESENTATION_*`,
   *   `ERR_NONCE_*`), or a {@link PoolErrorCode}
   * @throws TypeError when the pool has no `relyingParty` plug-in, or the response cannot be copied
   *   to a thread
   */
  verifyRegistration(response: RegistrationResponse): Promise<Account> {
    try {
      return this.#enqueue(VERIFY_REGISTRATION, response, undefined, undefined) as Promise<Account>;
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /**
   * Verifies an OpenID4VP authorization response on a worker thread, exactly as
   * `RelyingParty.verifyAuthorizationResponse` of `@realdid/realname` does, on the `relyingParty`
   * of the `plugins` module (as for {@link VerifierPool.verifyRegistration}: over stores every
   * worker shares). The transaction — what `createAuthorizationRequest` returned on the main thread,
   * response decryption key included — is copied to the worker with the response.
   *
   * @param response - the posted form parameters
   * @param options - `transaction`: what `createAuthorizationRequest` returned for this request
   * @returns the account, as `RelyingParty.verifyAuthorizationResponse` returns it
   * @throws RealDidError the codes of `RelyingParty.verifyAuthorizationResponse`
   *   (`ERR_PRESENTATION_*`, `ERR_NONCE_*`, `ERR_OID4VC_*`), or a {@link PoolErrorCode}
   * @throws TypeError when the pool has no `relyingParty` plug-in, the transaction is not one, or
   *   the response cannot be copied to a thread
   */
  verifyAuthorizationResponse(
    response: Parameters<RelyingParty['verifyAuthorizationResponse']>[0],
    options: Parameters<RelyingParty['verifyAuthorizationResponse']>[1],
  ): Promise<Account> {
    try {
      const { transaction } = plainCopy(options, 'options');
      return this.#enqueue(
        VERIFY_AUTHORIZATION_RESPONSE,
        response,
        { transaction },
        undefined,
      ) as Promise<Account>;
    } catch (err) {
      return Promise.reject(err);
    }
  }

  #enqueue(
    kind: number,
    input: unknown,
    options: Record<string, unknown> | undefined,
    at: number | undefined,
  ): Promise<unknown> {
    if (this.#closing !== undefined) throw poolError('ERR_POOL_CLOSED', 'the pool is closed');
    if (this.#broken !== undefined) throw this.#broken;
    const full = this.#queue.length >= this.#maxQueue;
    if (full && this.#whenFull === 'reject') {
      throw poolError('ERR_POOL_BUSY', `the queue is full (${this.#maxQueue} waiting)`);
    }
    const task: Task = {
      id: this.#nextId++,
      kind,
      input,
      options,
      now: at,
      resolve: noop,
      reject: noop,
      deadline: Number.POSITIVE_INFINITY,
      settled: false,
    };
    const promise = new Promise<unknown>((resolve, reject) => {
      task.resolve = resolve;
      task.reject = reject;
    });
    if (Number.isFinite(this.#timeoutMs)) {
      task.deadline = performance.now() + this.#timeoutMs;
      this.#deadlines.add(task);
    }
    if (full) {
      this.#waiters.push(task);
    } else {
      this.#queue.push(task);
      // Calls made in the same turn go out together, in one message per worker.
      if (!this.#dispatchQueued) {
        this.#dispatchQueued = true;
        queueMicrotask(() => this.#dispatch());
      }
    }
    return promise;
  }

  /**
   * Refuses new calls, lets every accepted call finish, then stops every worker thread.
   *
   * @returns a promise that resolves once all threads have exited
   */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    this.#closing = (async () => {
      await new Promise<void>((resolve) => {
        this.#drained = resolve;
        this.#checkDrained();
      });
      this.#deadlines.clear();
      await Promise.all(
        this.#slots.map(async (s) => {
          if (!s.exited) await s.worker.terminate();
          await s.exit;
        }),
      );
    })();
    return this.#closing;
  }

  #pending(): number {
    let n = this.#queue.length + this.#waiters.length;
    for (const s of this.#slots) n += s.inFlight.size;
    return n;
  }

  #checkDrained(): void {
    if (this.#drained !== undefined && this.#pending() === 0) {
      const d = this.#drained;
      this.#drained = undefined;
      d();
    }
  }

  #settle(task: Task, outcome: Error | { value: unknown }): void {
    if (task.settled) return;
    task.settled = true;
    const { resolve, reject } = task;
    // A settled task may stay a while in the deadline queue: it must not keep its promise (and
    // through it the result), its input or its options alive — under load that is megabytes that
    // survive young-generation collections and make each one expensive.
    task.resolve = noop;
    task.reject = noop;
    task.input = undefined;
    task.options = undefined;
    if (outcome instanceof Error) reject(outcome);
    else resolve(outcome.value);
  }

  /** Removes a task from wherever it waits (after a timeout). */
  #forget(task: Task): void {
    let i = this.#queue.indexOf(task);
    if (i >= 0) this.#queue.splice(i, 1);
    i = this.#waiters.indexOf(task);
    if (i >= 0) this.#waiters.splice(i, 1);
    for (const s of this.#slots) s.inFlight.delete(task.id);
    this.#admitWaiters();
    this.#checkDrained();
  }

  #admitWaiters(): void {
    while (this.#waiters.length > 0 && this.#queue.length < this.#maxQueue) {
      const task = this.#waiters.shift() as Task;
      if (task.settled) continue;
      if (this.#broken !== undefined) this.#settle(task, this.#broken);
      else this.#queue.push(task);
    }
  }

  #dispatch(): void {
    this.#dispatchQueued = false;
    const queue = this.#queue;
    while (queue.length > 0) {
      let best: Slot | undefined;
      for (const s of this.#slots) {
        if (!s.ready || s.exited || s.inFlight.size >= this.#tasksPerWorker) continue;
        if (best === undefined || s.inFlight.size < best.inFlight.size) best = s;
      }
      if (best === undefined) break;
      const n = Math.min(this.#tasksPerWorker - best.inFlight.size, this.#batch, queue.length);
      const tasks = queue.splice(0, n);
      for (const t of tasks) best.inFlight.set(t.id, t);
      this.#post(best, tasks);
      // Room freed in the queue: admit waiting calls before the next batch is cut.
      this.#admitWaiters();
    }
    this.#admitWaiters();
    this.#checkDrained();
  }

  /** Sends tasks to a worker in one message; a task that cannot be cloned fails alone. */
  #post(slot: Slot, tasks: Task[]): void {
    const batch: unknown[] = [];
    for (const t of tasks) batch.push(t.id, t.kind, t.input, t.options, t.now);
    try {
      slot.worker.postMessage(batch);
      return;
    } catch {
      // Find the offending task(s): send one by one.
    }
    for (const t of tasks) {
      try {
        slot.worker.postMessage([t.id, t.kind, t.input, t.options, t.now]);
      } catch (err) {
        slot.inFlight.delete(t.id);
        const message = err instanceof Error ? err.message : 'not cloneable';
        this.#settle(t, new TypeError(`the input and options must be plain data: ${message}`));
      }
    }
  }

  #fail(err: RealDidError): void {
    this.#broken = err;
    for (const t of this.#queue.splice(0)) this.#settle(t, err);
    for (const t of this.#waiters.splice(0)) this.#settle(t, err);
    for (const r of this.#readyWaiters.splice(0)) r.reject(err);
    for (const s of this.#slots) {
      for (const t of s.inFlight.values()) this.#settle(t, err);
      s.inFlight.clear();
      if (!s.exited) void s.worker.terminate();
    }
    this.#deadlines.trim();
    this.#checkDrained();
  }

  #spawn(): void {
    const worker = spawnWorker({ workerData: this.#init });
    let onExit: () => void = () => {};
    const slot: Slot = {
      worker,
      ready: false,
      exited: false,
      inFlight: new Map(),
      exit: new Promise<void>((r) => {
        onExit = r;
      }),
    };
    this.#slots.push(slot);
    worker.on('message', (m: WorkerMessage) => this.#onMessage(slot, m));
    worker.on('error', () => {
      // The 'exit' event follows; the calls of this worker fail there.
    });
    worker.on('exit', () => {
      slot.exited = true;
      const lost = [...slot.inFlight.values()];
      slot.inFlight.clear();
      const i = this.#slots.indexOf(slot);
      if (i >= 0 && this.#closing === undefined && this.#broken === undefined) {
        this.#slots.splice(i, 1);
        this.#spawn();
      }
      for (const t of lost) this.#settle(t, poolError('ERR_POOL_WORKER', 'the worker thread stopped'));
      this.#deadlines.trim();
      onExit();
      this.#dispatch();
    });
  }

  #onMessage(slot: Slot, m: WorkerMessage): void {
    if (m === null || typeof m !== 'object') return;
    if (m.type === 'ready') {
      slot.ready = true;
      if (this.#slots.every((s) => s.ready)) for (const r of this.#readyWaiters.splice(0)) r.resolve();
      this.#dispatch();
      return;
    }
    if (m.type === 'init-error') {
      const e = fromWire(m.error, 'ERR_POOL_PLUGIN');
      const err =
        e instanceof RealDidError && e.code === 'ERR_POOL_PLUGIN'
          ? e
          : poolError('ERR_POOL_PLUGIN', `the worker could not build its plug-ins: ${e.message}`);
      this.#fail(err);
      return;
    }
    if (m.type !== 'results' || !Array.isArray(m.answers)) return;
    const a = m.answers;
    for (let i = 0; i + ANSWER_FIELDS <= a.length; i += ANSWER_FIELDS) {
      const task = slot.inFlight.get(a[i] as number);
      if (task === undefined) continue;
      slot.inFlight.delete(task.id);
      const kind = a[i + 1];
      const payload = a[i + 2];
      if (kind === ENCODED && typeof payload === 'string') {
        let value: unknown;
        try {
          value = decodeVerified<unknown>(payload);
        } catch {
          this.#settle(task, poolError('ERR_POOL_WORKER', 'the worker answered with an unreadable result'));
          continue;
        }
        this.#settle(task, { value });
      } else if (kind === CLONED) {
        this.#settle(task, { value: payload });
      } else if (kind === FAILED && typeof payload === 'object' && payload !== null) {
        this.#settle(task, fromWire(payload as WireError, 'ERR_POOL_WORKER'));
      } else {
        this.#settle(task, poolError('ERR_POOL_WORKER', 'the worker answered with something else'));
      }
    }
    this.#deadlines.trim();
    this.#dispatch();
  }
}
