import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

const require = createRequire(import.meta.url);

/** The anvil binary shipped by @foundry-rs/anvil (its platform package). */
export function anvilBinary(): string {
  const wrapper = require.resolve('@foundry-rs/anvil/package.json');
  const req = createRequire(wrapper);
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  const pkg = `@foundry-rs/anvil-${process.platform}-${arch}`;
  return join(dirname(req.resolve(`${pkg}/package.json`)), 'bin', 'anvil');
}

/** anvil's well-known development keys (mnemonic "test test … junk"): never use them on a real chain. */
export const DEV_KEYS = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
] as const;

export const accounts = [
  privateKeyToAccount(DEV_KEYS[0]),
  privateKeyToAccount(DEV_KEYS[1]),
  privateKeyToAccount(DEV_KEYS[2]),
  privateKeyToAccount(DEV_KEYS[3]),
] as const;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface AnvilOptions {
  /** Extra anvil arguments. */
  args?: string[];
  /** A state file: loaded at start and written at a clean stop (`--state`). */
  stateFile?: string;
}

/** One anvil node on 127.0.0.1 and a random free port. */
export class Anvil {
  readonly port: number;
  readonly url: string;
  readonly #opts: AnvilOptions;
  #proc: ChildProcess | undefined;
  #log = '';

  private constructor(port: number, opts: AnvilOptions) {
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.#opts = opts;
  }

  static async start(opts: AnvilOptions = {}): Promise<Anvil> {
    const a = new Anvil(await freePort(), opts);
    await a.startAgain();
    return a;
  }

  get running(): boolean {
    return this.#proc !== undefined && this.#proc.exitCode === null;
  }

  /** (Re)starts the node on the same port (with the same state file, if any). */
  async startAgain(): Promise<void> {
    const args = [
      '--host',
      '127.0.0.1',
      '--port',
      String(this.port),
      '--gas-limit',
      '1000000000',
      '--code-size-limit',
      '100000',
      '--chain-id',
      '31337',
      ...(this.#opts.stateFile ? ['--state', this.#opts.stateFile] : []),
      ...(this.#opts.args ?? []),
    ];
    const proc = spawn(anvilBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#proc = proc;
    proc.stdout?.on('data', (d: Buffer) => {
      this.#log = (this.#log + d.toString()).slice(-4000);
    });
    proc.stderr?.on('data', (d: Buffer) => {
      this.#log = (this.#log + d.toString()).slice(-4000);
    });
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`anvil exited: ${this.#log}`);
      try {
        const r = await fetch(this.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
        });
        if (r.ok) return;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`anvil did not start: ${this.#log}`);
  }

  /** Stops the node (SIGTERM: a state file is written) and waits for it to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const p = this.#proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill(signal);
    });
  }

  /** A raw JSON-RPC call (anvil_mine, evm_snapshot, …). */
  async rpc<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const r = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    });
    const j = (await r.json()) as { result?: T; error?: { message: string } };
    if (j.error) throw new Error(`${method}: ${j.error.message}`);
    return j.result as T;
  }

  async mine(blocks = 1): Promise<void> {
    await this.rpc('anvil_mine', [`0x${blocks.toString(16)}`]);
  }

  chain(): Chain {
    return defineChain({
      id: 31337,
      name: 'anvil',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [this.url] } },
    });
  }

  publicClient(): PublicClient<Transport, Chain> {
    return createPublicClient({
      chain: this.chain(),
      transport: http(this.url),
      pollingInterval: 20,
      cacheTime: 0,
    });
  }

  wallet(index = 0): WalletClient<Transport, Chain, Account> {
    return createWalletClient({
      chain: this.chain(),
      transport: http(this.url),
      account: accounts[index as 0 | 1 | 2 | 3] as Account,
    });
  }
}
