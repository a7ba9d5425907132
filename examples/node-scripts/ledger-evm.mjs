// @realdid/ledger-evm: the ledger on a real EVM node — a local anvil, the registry contract,
// a did:realdid anchored and resolved through it, and the realdid command pointed at it.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { anchorDid, createDid, resolveDid } from '@realdid/did';
import { deployRegistry, EvmLedger } from '@realdid/ledger-evm';
import { createWalletClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';

const require = createRequire(import.meta.url);
// anvil's first development key (mnemonic "test test … junk"): for a local node only.
const DEV_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

function anvilBinary() {
  const req = createRequire(require.resolve('@foundry-rs/anvil/package.json'));
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  return join(
    dirname(req.resolve(`@foundry-rs/anvil-${process.platform}-${arch}/package.json`)),
    'bin',
    'anvil',
  );
}
const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const anvil = spawn(anvilBinary(), ['--host', '127.0.0.1', '--port', String(port), '--silent'], {
  stdio: 'ignore',
});
const url = `http://127.0.0.1:${port}`;
try {
  for (let i = 0; ; i++) {
    try {
      await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}',
      });
      break;
    } catch (err) {
      if (i > 100) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const account = privateKeyToAccount(DEV_KEY);
  const walletClient = createWalletClient({
    account,
    chain: { ...foundry, rpcUrls: { default: { http: [url] } } },
    transport: http(url),
  });
  const { address, gasUsed } = await deployRegistry(walletClient);
  const uri = `evm+http://127.0.0.1:${port}?contract=${address}`;

  const ledger = await EvmLedger.fromUri(uri, { account });
  const created = createDid();
  await anchorDid(ledger, created);
  const reader = await EvmLedger.fromUri(uri); // a second, read-only client
  const resolved = await resolveDid(created.did, { networks: { main: reader }, noCache: true });
  assert.equal(resolved.didDocument?.id, created.did);
  const { gas } = await ledger.info();
  await ledger.close();
  await reader.close();

  // The realdid command on the same chain.
  const cwd = mkdtempSync(join(tmpdir(), 'realdid-evm-'));
  const bin = join(dirname(require.resolve('@realdid/cli/package.json')), 'dist', 'bin.js');
  const env = { ...process.env, REALDID_EVM_PRIVATE_KEY: DEV_KEY };
  const cli = (...args) =>
    JSON.parse(
      execFileSync(process.execPath, [bin, ...args, '--ledger', uri, '--json'], {
        cwd,
        env,
        encoding: 'utf8',
      }),
    );
  const viaCli = cli('did', 'create', '--out', 'keys.json');
  assert.equal(cli('did', 'resolve', viaCli.did).didDocument.id, viaCli.did);
  assert.equal(cli('ledger', 'info').kind, 'evm');
  rmSync(cwd, { recursive: true, force: true });
  console.log(
    `registry ${address} (deploy gas ${gasUsed}); 2 DIDs anchored and resolved; anchoring gas ${gas.gasUsed} in ${gas.transactions} transaction(s)`,
  );
} finally {
  anvil.kill('SIGKILL');
}
