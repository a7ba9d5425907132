// ProofGen and ProofVerify in a real browser: the package source is bundled for the browser by
// esbuild (no Node polyfills; a Node built-in in the bundle fails the test), loaded into a blank
// page of Debian's headless Chromium driven by playwright-core, and run there. A proof made in
// the page verifies in Node and one made in Node verifies in the page.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, proofGen, proofVerify, sign } from '../src/index.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// CI installs Debian's chromium (.ci/apt-packages); elsewhere the test runs when it is installed.
const runBrowser = existsSync(CHROMIUM) || process.env.CI === 'true';

describe.runIf(runBrowser)('@realdid/bbs in headless Chromium', () => {
  let browser: Browser;
  let bundle: string;

  beforeAll(async () => {
    const out = await build({
      entryPoints: [fileURLToPath(new URL('../src/index.ts', import.meta.url))],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'RealDidBbs',
      minify: true,
      write: false,
      logLevel: 'silent',
      // The package uses only RealDidError from @realdid/crypto: take it from source.
      alias: {
        '@realdid/crypto': fileURLToPath(new URL('../../crypto/src/RealDidError.ts', import.meta.url)),
      },
    });
    bundle = out.outputFiles[0]!.text;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('the bundle references no Node built-in', () => {
    expect(bundle.match(/node:[a-z_]+|require\(["'](crypto|fs|path)["']\)/g) ?? []).toEqual([]);
  });

  it('proves and verifies in the page; proofs cross between the page and Node', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.setContent('<!doctype html><title>bbs</title>');
    await page.addScriptTag({ content: bundle });

    // A signature made in Node; a proof made and verified in the page, then verified in Node.
    const { secretKey, publicKey } = generateKeyPair();
    const te = new TextEncoder();
    const messages = ['name=Alice', 'age_over_18=true', 'region=EU'].map((s) => te.encode(s));
    const signature = sign({ secretKey, publicKey, messages });
    const fromPage = await page.evaluate(
      ({ pk, sig, msgs }) => {
        const bbs = (globalThis as unknown as { RealDidBbs: typeof import('../src/index.js') }).RealDidBbs;
        const publicKey = Uint8Array.from(pk);
        const messages = msgs.map((m) => Uint8Array.from(m));
        const presentationHeader = new TextEncoder().encode('page-nonce');
        const proof = bbs.proofGen({
          publicKey,
          signature: Uint8Array.from(sig),
          messages,
          disclosedIndexes: [1],
          presentationHeader,
        });
        const ok = bbs.proofVerify({
          publicKey,
          proof,
          presentationHeader,
          disclosedMessages: [messages[1]!],
          disclosedIndexes: [1],
        });
        let tampered = 'accepted';
        try {
          bbs.proofVerify({
            publicKey,
            proof,
            presentationHeader: new TextEncoder().encode('other'),
            disclosedMessages: [messages[1]!],
            disclosedIndexes: [1],
          });
        } catch (err) {
          tampered = (err as { code?: string }).code ?? 'uncoded';
        }
        return {
          proof: Array.from(proof),
          ok,
          tampered,
          hasNodeCrypto: typeof (globalThis as { process?: unknown }).process,
        };
      },
      { pk: Array.from(publicKey), sig: Array.from(signature), msgs: messages.map((m) => Array.from(m)) },
    );
    expect(fromPage.ok).toBe(true);
    expect(fromPage.tampered).toBe('ERR_BBS_PROOF_INVALID');
    expect(fromPage.hasNodeCrypto).toBe('undefined');
    expect(
      proofVerify({
        publicKey,
        proof: Uint8Array.from(fromPage.proof),
        presentationHeader: te.encode('page-nonce'),
        disclosedMessages: [messages[1]!],
        disclosedIndexes: [1],
      }),
    ).toBe(true);

    // Node -> page: a proof made here verifies there.
    const proof = proofGen({ publicKey, signature, messages, disclosedIndexes: [0, 2] });
    const verifiedInPage = await page.evaluate(
      ({ pk, pr, m0, m2 }) => {
        const bbs = (globalThis as unknown as { RealDidBbs: typeof import('../src/index.js') }).RealDidBbs;
        return bbs.proofVerify({
          publicKey: Uint8Array.from(pk),
          proof: Uint8Array.from(pr),
          disclosedMessages: [Uint8Array.from(m0), Uint8Array.from(m2)],
          disclosedIndexes: [0, 2],
        });
      },
      {
        pk: Array.from(publicKey),
        pr: Array.from(proof),
        m0: Array.from(messages[0]!),
        m2: Array.from(messages[2]!),
      },
    );
    expect(verifiedInPage).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
