import type { NonceConsumeResult, NonceStore } from '@realdid/realname';

/**
 * Sends one Redis command and resolves with its reply — the only thing the store needs from a
 * Redis client. Adapters:
 * - ioredis: `(args) => redis.call(args[0], ...args.slice(1))`
 * - node-redis v4+: `(args) => client.sendCommand(args)`
 *
 * A Redis error reply must reject.
 */
export type RedisCommand = (args: string[]) => Promise<unknown>;

/** Options of {@link RedisNonceStore}. */
export interface RedisNonceStoreOptions {
  /** Sends a command to Redis (see {@link RedisCommand}). */
  command: RedisCommand;
  /** Prefix of the keys (default `realdid:nonce:`). */
  keyPrefix?: string;
  /** Clock in milliseconds (default `Date.now`); every server of a deployment should agree within seconds. */
  now?: () => number;
  /**
   * How long past its expiry a nonce is remembered, in milliseconds (default 600,000): within it a
   * late consumer is told `expired` or `consumed` rather than `unknown`.
   */
  retainMs?: number;
}

// KEYS[1] live key, KEYS[2] used key; ARGV[1] "<expiresAt>:<json>", ARGV[2] expiresAt + retain.
const PUT = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
local ok = redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[2], 'NX')
if ok then return 1 end
return 0
`;

// KEYS[1] live key, KEYS[2] used key; ARGV[1] now, ARGV[2] retain. One script: Redis runs it
// whole, so of many concurrent consumers exactly one finds the live key.
const CONSUME = `
local v = redis.call('GET', KEYS[1])
if not v then
  if redis.call('EXISTS', KEYS[2]) == 1 then return {'consumed'} end
  return {'unknown'}
end
local sep = string.find(v, ':', 1, true)
local e = tonumber(string.sub(v, 1, sep - 1))
if e <= tonumber(ARGV[1]) then return {'expired'} end
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], '1', 'PXAT', string.format('%d', e + tonumber(ARGV[2])))
return {'ok', string.sub(v, sep + 1)}
`;

const NONCE = /^[A-Za-z0-9_-]{1,512}$/;

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  return undefined;
}

/**
 * A `NonceStore` (of `@realdid/realname`) on Redis, shared by every server of a relying party:
 * `consume` is one Lua script, so of any number of concurrent consumers on any number of servers
 * exactly one gets `ok`. A consumed nonce is remembered (`consumed`) until `retainMs` after its
 * expiry. Keys use a hash tag per nonce (`realdid:nonce:{<nonce>}:live|used`), so Redis Cluster
 * works. Needs Redis ≥ 6.2 (`PXAT`).
 *
 * @example
 * ```ts norun
 * import { createClient } from 'redis';
 * import { RedisNonceStore } from '@realdid/nonce-redis';
 * const client = await createClient({ url: process.env.REDIS_URL }).connect();
 * const nonces = new RedisNonceStore({ command: (args) => client.sendCommand(args) });
 * ```
 */
export class RedisNonceStore implements NonceStore {
  readonly #command: RedisCommand;
  readonly #prefix: string;
  readonly #now: () => number;
  readonly #retainMs: number;

  /**
   * @param options - see {@link RedisNonceStoreOptions}
   * @throws TypeError/RangeError on a malformed option
   */
  constructor(options: RedisNonceStoreOptions) {
    if (options === null || typeof options !== 'object') throw new TypeError('options: expected an object');
    if (typeof options.command !== 'function') throw new TypeError('options.command: expected a function');
    this.#command = options.command;
    const prefix = options.keyPrefix ?? 'realdid:nonce:';
    if (typeof prefix !== 'string' || /[{}]/.test(prefix))
      throw new TypeError('options.keyPrefix: expected a string without { }');
    this.#prefix = prefix;
    const now = options.now ?? Date.now;
    if (typeof now !== 'function') throw new TypeError('options.now: expected a function');
    this.#now = now;
    const retain = options.retainMs ?? 600_000;
    if (typeof retain !== 'number' || !Number.isSafeInteger(retain) || retain < 0)
      throw new RangeError('options.retainMs: expected a non-negative integer');
    this.#retainMs = retain;
  }

  #keys(nonce: string): [string, string] {
    return [`${this.#prefix}{${nonce}}:live`, `${this.#prefix}{${nonce}}:used`];
  }

  /**
   * Remembers a fresh nonce until `expiresAt`.
   *
   * @param nonce - base64url, 1–512 characters
   * @param expiresAt - milliseconds since the epoch
   * @param data - JSON-serialisable data handed back by `consume`
   * @throws TypeError on a malformed argument; RangeError when the nonce is already in use
   */
  async put(nonce: string, expiresAt: number, data?: unknown): Promise<void> {
    if (typeof nonce !== 'string' || !NONCE.test(nonce))
      throw new TypeError('nonce: expected 1 to 512 base64url characters');
    if (typeof expiresAt !== 'number' || !Number.isSafeInteger(expiresAt) || expiresAt <= 0)
      throw new TypeError('expiresAt: expected milliseconds since the epoch');
    const json = JSON.stringify(data === undefined ? null : data);
    if (json === undefined) throw new TypeError('data: expected JSON-serialisable data');
    const [live, used] = this.#keys(nonce);
    const r = await this.#command([
      'EVAL',
      PUT,
      '2',
      live,
      used,
      `${expiresAt}:${json}`,
      String(expiresAt + this.#retainMs),
    ]);
    if (r !== 1 && r !== '1') throw new RangeError('nonce: already in use');
  }

  /**
   * Takes a nonce out, once, atomically across every server sharing the Redis.
   *
   * @param nonce - the nonce received back (untrusted)
   * @returns `ok` with the data the first time before expiry; `expired`, `consumed` or `unknown`
   */
  async consume(nonce: string): Promise<NonceConsumeResult> {
    if (typeof nonce !== 'string') throw new TypeError('nonce: expected a string');
    if (!NONCE.test(nonce)) return { status: 'unknown' };
    const [live, used] = this.#keys(nonce);
    const r = await this.#command([
      'EVAL',
      CONSUME,
      '2',
      live,
      used,
      String(this.#now()),
      String(this.#retainMs),
    ]);
    if (!Array.isArray(r)) throw new TypeError('the Redis command answered something other than an array');
    const status = text(r[0]);
    if (status === 'ok') {
      const raw = text(r[1]);
      if (raw === undefined) throw new TypeError('the Redis command answered a malformed value');
      return { status: 'ok', data: JSON.parse(raw) };
    }
    if (status === 'expired' || status === 'consumed' || status === 'unknown') return { status };
    throw new TypeError('the Redis command answered an unknown status');
  }
}
