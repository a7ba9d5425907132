import type { LedgerClient } from '@realdid/ledger';
import { HttpLedger, type HttpLedgerOptions } from '@realdid/ledger-http';
import { createGateway, type GatewayOptions } from '../src/index.js';
import { didKeyWriter } from './helpers.js';

/** A gateway listening on 127.0.0.1 (a random port) in front of `ledger`. */
export async function listen(
  ledger: LedgerClient,
  options: Partial<GatewayOptions> = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const app = await createGateway({ logger: false, rateLimit: false, ...options, ledger });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url: `${address}/`, close: () => app.close() };
}

/**
 * An HttpLedger talking to a fresh gateway over `backend`, where an operator key may write to any
 * topic; closing it stops the gateway and closes the backend.
 */
export async function httpLedgerOver(
  backend: LedgerClient,
  clientOptions: Partial<HttpLedgerOptions> = {},
): Promise<HttpLedger & { backend: LedgerClient }> {
  const operator = didKeyWriter();
  const server = await listen(backend, {
    writers: [{ topic: () => true, writers: [operator.did] }],
    bodyLimit: 16 * 1024 * 1024,
    maxBatchEntries: 5_000,
  });
  const client = new HttpLedger({ url: server.url, signer: operator.signer, ...clientOptions });
  const close = client.close.bind(client);
  return Object.assign(client, {
    backend,
    async close() {
      await close();
      await server.close();
      await backend.close();
    },
  });
}
