import type { LedgerClient } from '@realdid/ledger';
import { MemoryLedger } from '@realdid/ledger';
import type { FastifyInstance } from 'fastify';
import { createGateway, type GatewayOptions } from './createGateway.js';
import type { WriterRule } from './WriterRule.js';

/**
 * Opens the ledger a URI names: `memory:` (a fresh MemoryLedger) or `sqlite:<path>` (a
 * SqliteLedger file, created when absent).
 *
 * @param uri - the ledger URI
 * @returns the open ledger
 * @throws TypeError for an unknown scheme
 * @example
 * ```ts
 * import { openLedger } from '@realdid/gateway';
 * const ledger = await openLedger('memory:');
 * ledger.kind; // 'memory'
 * ```
 */
export async function openLedger(uri: string): Promise<LedgerClient> {
  if (typeof uri !== 'string') throw new TypeError('uri: expected a string');
  if (uri === 'memory:') return new MemoryLedger();
  if (uri.startsWith('sqlite:') && uri.length > 'sqlite:'.length) {
    const { SqliteLedger } = await import('@realdid/ledger-sqlite');
    return SqliteLedger.open(uri.slice('sqlite:'.length));
  }
  throw new TypeError('ledger URI: expected memory: or sqlite:<path>');
}

/**
 * Reads writer rules from JSON: `[{ "topic": "registry" | "status:*", "writers": ["did:…"] }]`. A
 * topic ending in `*` is a prefix.
 *
 * @param json - the JSON text
 * @returns the rules
 * @throws TypeError when the JSON is not such a list
 */
export function parseWriterRules(json: string): WriterRule[] {
  const v: unknown = JSON.parse(json);
  if (!Array.isArray(v)) throw new TypeError('writers: expected a JSON array');
  return v.map((r: unknown, i) => {
    const o = r as { topic?: unknown; writers?: unknown };
    if (o === null || typeof o !== 'object' || typeof o.topic !== 'string' || !Array.isArray(o.writers))
      throw new TypeError(`writers[${i}]: expected { topic, writers }`);
    const t = o.topic;
    const topic = t.endsWith('*') ? (x: string) => x.startsWith(t.slice(0, -1)) : t;
    return { topic, writers: o.writers as string[] };
  });
}

/** Options of {@link startGateway}: those of {@link createGateway} plus where to listen. */
export interface StartGatewayOptions extends GatewayOptions {
  /** Host to bind (default `127.0.0.1`; `0.0.0.0` in a container). */
  host?: string;
  /** Port (default 8080; 0 for any free port). */
  port?: number;
}

/**
 * Creates the gateway and starts listening; stops cleanly on SIGTERM and SIGINT when `signals`
 * is true (the default for the command line).
 *
 * @param options - see {@link StartGatewayOptions}
 * @returns the listening Fastify instance and its URL
 */
export async function startGateway(
  options: StartGatewayOptions,
): Promise<{ app: FastifyInstance; url: string }> {
  const { host = '127.0.0.1', port = 8080, ...rest } = options;
  const app = await createGateway(rest);
  const url = await app.listen({ host, port });
  return { app, url };
}
