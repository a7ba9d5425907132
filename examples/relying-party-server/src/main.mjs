// Starts the example relying party on 127.0.0.1 with the embedded SQLite ledger.
//   PORT=8080 REALDID_LEDGER=./.realdid/rp-example.db WALLET_DIR=../browser-wallet/dist node src/main.mjs
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SqliteLedger } from '@realdid/ledger/sqlite';
import { buildServer } from './server.mjs';
import { createWorld } from './world.mjs';

const path = resolve(process.env.REALDID_LEDGER ?? './.realdid/rp-example.db');
mkdirSync(dirname(path), { recursive: true });
const ledger = await SqliteLedger.open(path);
const world = await createWorld(ledger);
const { app, rp } = await buildServer({
  ledger,
  world,
  site: { name: 'Example video site', claims: ['age_over_18'] },
  staticDir: process.env.WALLET_DIR ? resolve(process.env.WALLET_DIR) : undefined,
  logger: true,
});
const address = await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 8080) });
console.log(`relying party ${rp.did.slice(0, 40)}… listening on ${address}`);
for (const sig of ['SIGINT', 'SIGTERM'])
  process.once(sig, async () => {
    await app.close();
    await ledger.close();
    process.exit(0);
  });
