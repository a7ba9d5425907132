/**
 * A relying party on SqliteNonceStore refuses every registration response with one character
 * changed — in the pairwise DID, the SD-JWT VC presentation (issuer header, payload, signature,
 * each disclosure, KB-JWT header, payload, signature) or the proof of control of the DID (header,
 * payload, signature) — on both crypto backends, look-alike characters included. After each forged
 * response, the genuine answer to the same request is accepted or refused with a code (refused
 * when the forged one got as far as spending the nonce), and at the end a genuine answer to a fresh
 * request is accepted. Login responses likewise (the DID and each part of the login proof).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRealDidError, setBackend } from '@realdid/crypto';
import { type RegistrationResponse, RelyingParty } from '@realdid/realname';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sdJwtPartRanges } from '../../../test-support/sdJwtParts.js';
import {
  alice,
  buildWorld,
  CountingLedger,
  enrolledWallet,
  originFor,
  type World,
} from '../../realname/test/helpers.js';
import { SqliteNonceStore } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'realdid-registration-tamper-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => setBackend('auto'));

/** [what, field, start, end) of every base64url part of a response, and the DID. */
function parts(res: RegistrationResponse): Array<[string, 'did' | 'presentation' | 'proof', number, number]> {
  const out: Array<[string, 'did' | 'presentation' | 'proof', number, number]> = [];
  out.push(['did', 'did', 'did:key:'.length, res.did.length]);
  for (const [name, start, end] of sdJwtPartRanges(res.presentation))
    out.push([name, 'presentation', start, end]);
  let s = 0;
  for (const [k, part] of res.proof.split('.').entries()) {
    out.push([['proof header', 'proof payload', 'proof signature'][k]!, 'proof', s, s + part.length]);
    s += part.length + 1;
  }
  return out;
}

function replace(text: string, i: number, kind: number): string {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const c = text[i]!;
  const code = c.charCodeAt(0);
  const r = [A[(A.indexOf(c) + 1) % 64]!, String.fromCharCode(code | 0x100), '='][kind]!;
  return text.slice(0, i) + r + text.slice(i + 1);
}

describe('registration and login on SqliteNonceStore: every one-character change is refused', () => {
  let w: World;
  beforeAll(async () => {
    w = await buildWorld(new CountingLedger()); // a MemoryLedger
  });

  for (const backend of ['node', 'noble'] as const) {
    it(backend, async () => {
      setBackend(backend);
      const nonceStore = await SqliteNonceStore.open(join(dir, `${backend}.db`), { now: () => w.now.t });
      const rp = RelyingParty.restore(w.video.exportState(), {
        ledger: w.ledger,
        registryDid: w.registry.did,
        traceCommittee: w.committee.committeeId,
        now: () => w.now.t,
        statusMaxAgeSeconds: 300,
        nonceStore,
      });
      const wallet = await enrolledWallet(w, alice, 4);
      const origin = originFor(w.video.did);
      const fresh = async () => wallet.respond(await rp.createRequest(['age_over_18']), { origin });
      const template = await fresh();
      const names = parts(template).map((p) => p[0]);
      expect(names).toContain('disclosure 1');
      expect(names).toContain('KB signature');
      expect(names).toContain('proof signature');
      let tried = 0;
      for (const [k, [name, field, start, end]] of parts(template).entries()) {
        for (const at of [start, Math.floor((start + end) / 2), end - 2, end - 1]) {
          for (const kind of [0, 1, 2]) {
            const res = await fresh();
            // the same layout (same lengths) in every response of this wallet to this site
            const [, , s2, e2] = parts(res)[k]!;
            expect([s2, e2]).toEqual([start, end]);
            const forged = { ...res, [field]: replace(res[field], at, kind) };
            let err: unknown;
            try {
              await rp.verifyRegistration(forged);
            } catch (e) {
              err = e;
            }
            tried++;
            expect(isRealDidError(err), `${name} at ${at - start}, kind ${kind}: ${String(err)}`).toBe(true);
            // accepted when the forged response was refused before its nonce was spent, else coded
            let replay: unknown;
            try {
              await rp.verifyRegistration(res);
            } catch (e) {
              replay = e;
            }
            if (replay !== undefined) expect(isRealDidError(replay), String(replay)).toBe(true);
          }
        }
      }
      expect(tried).toBe(parts(template).length * 12);
      const account = await rp.verifyRegistration(await fresh());

      // Login responses: the DID and each part of the proof.
      const login = async () => wallet.login(await rp.createLoginChallenge(), { origin });
      const genuine = await login();
      const loginParts: Array<[string, 'did' | 'proof', number, number]> = [
        ['did', 'did', 'did:key:'.length, genuine.did.length],
      ];
      let at = 0;
      for (const [k, part] of genuine.proof.split('.').entries()) {
        loginParts.push([
          ['login header', 'login payload', 'login signature'][k]!,
          'proof',
          at,
          at + part.length,
        ]);
        at += part.length + 1;
      }
      for (const [name, field, start, end] of loginParts) {
        for (const i of [start, Math.floor((start + end) / 2), end - 2, end - 1]) {
          for (const kind of [0, 1, 2]) {
            const res = await login();
            const forged = { ...res, [field]: replace(res[field], i, kind) };
            let err: unknown;
            try {
              await rp.verifyLogin(forged);
            } catch (e) {
              err = e;
            }
            expect(isRealDidError(err), `${name} at ${i - start}, kind ${kind}: ${String(err)}`).toBe(true);
          }
        }
      }
      expect((await rp.verifyLogin(await login())).did).toBe(account.did);
      nonceStore.close();
    }, 300_000);
  }
});
