#!/usr/bin/env node
// realdid-gateway --ledger <memory:|sqlite:path> [--port N] [--host H] [--network name] [--writers file.json]
// Environment (used when the flag is absent): REALDID_LEDGER, PORT, HOST, REALDID_NETWORK, REALDID_WRITERS.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openLedger, parseWriterRules, startGateway } from './startGateway.js';

const { values } = parseArgs({
  options: {
    ledger: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    network: { type: 'string' },
    writers: { type: 'string' },
  },
});
const env = process.env;
const ledgerUri = values.ledger ?? env.REALDID_LEDGER ?? 'memory:';
const port = Number(values.port ?? env.PORT ?? '8080');
if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new RangeError('--port: expected 0 to 65535');
const writersFile = values.writers ?? env.REALDID_WRITERS;
const ledger = await openLedger(ledgerUri);
const network = values.network ?? env.REALDID_NETWORK;
const { app } = await startGateway({
  ledger,
  host: values.host ?? env.HOST ?? '127.0.0.1',
  port,
  ...(network === undefined ? {} : { network }),
  ...(writersFile === undefined ? {} : { writers: parseWriterRules(readFileSync(writersFile, 'utf8')) }),
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void app
      .close()
      .then(() => ledger.close())
      .then(() => process.exit(0));
  });
}
