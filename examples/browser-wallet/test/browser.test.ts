// End to end in a real browser: Debian's headless Chromium, driven by playwright-core, loads the
// wallet page (built by Vite from the packages' published ESM builds, no Node polyfills) from the
// example relying party on 127.0.0.1, enrols through OpenID4VCI, registers through OpenID4VP +
// DCQL and logs in — reading the ledger with @realdid/ledger-http through the gateway the server
// mounts — and takes a screenshot.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqliteLedger } from '@realdid/ledger-sqlite';
import { type Browser, chromium } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../relying-party-server/src/server.mjs';
import { createWorld } from '../../relying-party-server/src/world.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// CI installs Debian's chromium (.ci/apt-packages); elsewhere the test runs when it is installed.
const runBrowser = existsSync(CHROMIUM) || process.env.CI === 'true';

describe.runIf(runBrowser)('examples/browser-wallet in headless Chromium', () => {
  let dir: string;
  let ledger: SqliteLedger;
  let base: string;
  let browser: Browser;
  let stop: () => Promise<void>;
  const warnings: string[] = [];

  beforeAll(async () => {
    await build({
      root,
      logLevel: 'silent',
      configFile: join(root, 'vite.config.ts'),
      plugins: [
        {
          name: 'collect-warnings',
          configResolved(config) {
            const warn = config.logger.warn;
            config.logger.warn = (msg, opts) => {
              warnings.push(msg);
              warn(msg, opts);
            };
          },
        },
      ],
    });
    dir = mkdtempSync(join(tmpdir(), 'realdid-browser-'));
    ledger = await SqliteLedger.open(join(dir, 'ledger.db'));
    const world = await createWorld(ledger);
    const { app, listen } = await buildServer({
      ledger,
      world,
      site: { name: 'Video site', claims: ['age_over_18'] },
      staticDir: join(root, 'dist'),
    });
    base = await listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    stop = async () => {
      await browser.close();
      await app.close();
      await ledger.close();
    };
  });

  afterAll(async () => {
    await stop?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the bundle needs no Node built-in', () => {
    expect(warnings.filter((w) => /externalized for browser compatibility|node:/.test(w))).toEqual([]);
  });

  it('enrols by OpenID4VCI, registers by OpenID4VP + DCQL, logs in; the vault in IndexedDB holds only ciphertext', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // The wallet reaches the ledger only through @realdid/ledger-http and the gateway's /v1/ API.
    const ledgerCalls: string[] = [];
    const calls: string[] = [];
    const posts = new Map<string, string>();
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/v1/')) ledgerCalls.push(u.pathname);
      else calls.push(`${r.method()} ${u.pathname}`);
      if (r.method() === 'POST') posts.set(u.pathname, r.postData() ?? '');
    });
    await page.goto(base);
    await expect.poll(() => page.textContent('#claims')).toBe('age_over_18');

    await page.click('#enrol');
    await page.waitForSelector('#enrolled.ok', { timeout: 60_000 });
    expect(await page.textContent('#enrolled')).toContain('4 credentials');

    await page.click('#register');
    await page.waitForSelector('#pairwise', { timeout: 30_000 });
    const did = (await page.textContent('#pairwise')) ?? '';
    expect(did).toMatch(/^did:key:z6Mk/);
    expect(await page.textContent('#registered')).toContain('{"age_over_18":true}');

    await page.click('#login');
    await page.waitForSelector('#loggedin.ok', { timeout: 30_000 });
    expect(await page.textContent('#loggedin')).toContain(did.slice(0, 36));
    expect(ledgerCalls).toContain('/v1/entries');
    // the standard exchanges, and none of the native enrolment or registration routes
    for (const route of [
      'POST /authority/offer',
      'GET /.well-known/openid-credential-issuer/authority',
      'POST /authority/token',
      'POST /authority/nonce',
      'POST /authority/credential',
      'POST /rp/openid4vp/request',
    ])
      expect(calls).toContain(route);
    expect(calls.some((c) => c.startsWith('POST /rp/openid4vp/response/'))).toBe(true);
    for (const native of ['POST /authority/enrol', 'POST /rp/register/request', 'POST /rp/register'])
      expect(calls).not.toContain(native);
    // one proof of possession per credential of the batch
    const credentialRequest = JSON.parse(posts.get('/authority/credential') ?? '{}');
    expect(credentialRequest.proofs.jwt).toHaveLength(4);
    // the direct_post answer is encrypted to the site's transaction key: nothing in the clear
    const [responsePath, form] = [...posts].find(([p]) => p.startsWith('/rp/openid4vp/response/')) ?? [
      '',
      '',
    ];
    expect([...new URLSearchParams(form).keys()]).toEqual(['response']);
    // a replay of that post is refused
    const replay = await fetch(`${base}${responsePath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { error: { code: string } }).error.code).toBe('ERR_NONCE_REPLAYED');

    const stored = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('realdid-wallet');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const names = Array.from(db.objectStoreNames);
      const tx = db.transaction(names, 'readonly');
      const values = await Promise.all(
        names.map(
          (n) =>
            new Promise<unknown[]>((resolve) => {
              const r = tx.objectStore(n).getAll();
              r.onsuccess = () => resolve(r.result);
            }),
        ),
      );
      const bytes = values.flat().map((v) => Array.from(new Uint8Array(v as ArrayBuffer | Uint8Array)));
      return { count: bytes.length, text: bytes.map((b) => String.fromCharCode(...b)).join('\n') };
    });
    expect(stored.count).toBeGreaterThan(2);
    for (const plain of [
      'age_over_18',
      'family_name',
      '110105199001011234',
      'did:key',
      'did:realdid',
      '"kty"',
      'eyJ',
    ]) {
      expect(stored.text).not.toContain(plain);
    }

    mkdirSync(join(root, 'test', 'artifacts'), { recursive: true });
    await page.screenshot({ path: join(root, 'test', 'artifacts', 'wallet.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
