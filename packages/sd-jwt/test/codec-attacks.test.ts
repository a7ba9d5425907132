/**
 * Adversarial review of the shared codec as the SD-JWT verifier uses it: every single-character
 * change of every part of an SD-JWT+KB presentation (issuer header, payload and signature, each
 * disclosure, KB-JWT header, payload and signature) is refused, including look-alike characters
 * whose low 7 bits are the original one; and many verifications of valid and forged presentations
 * of different sizes, interleaved on the event loop by resolvers that answer later, each get their
 * own verdict (no scratch buffer of one verification leaks into another).
 */
import {
  base64urlDecode,
  base64urlEncode,
  createSigner,
  generateKeyPair,
  isRealDidError,
  type KeyPair,
  publicKeyToJwk,
  setBackend,
} from '@realdid/crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { sdJwtPartRanges } from '../../../test-support/sdJwtParts.js';
import { issueSdJwt, presentSdJwt, verifySdJwt } from '../src/index.js';
import { AUD, NONCE, NOW } from './helpers.js';

afterEach(() => setBackend('auto'));

const issuer = generateKeyPair('Ed25519');
const holder = generateKeyPair('Ed25519');
const issuerKey = Object.freeze({ type: 'Ed25519' as const, publicKey: issuer.publicKey });

/** A presentation of claims a, b, c (and `pad`, to reach a size), with a KB-JWT by `kbKey`. */
async function presentation(cnf: Record<string, unknown>, pad = 0, kbKey: KeyPair = holder): Promise<string> {
  const vc = await issueSdJwt({
    signer: createSigner(issuer),
    payload: { iss: 'https://issuer.example', cnf, a: 1, b: 'é😀', c: { d: [1, 2] }, pad: 'p'.repeat(pad) },
    disclosureFrame: { _sd: ['a', 'b', 'c', 'pad'] },
  });
  return presentSdJwt(
    vc,
    { a: true, b: true, c: true, pad: true },
    { keyBinding: { signer: createSigner(kbKey), aud: AUD, nonce: NONCE, iat: NOW } },
  );
}

/** Verifier options; both resolvers answer on a later turn of the event loop when `later`. */
function options(later: boolean, wait: () => Promise<void> = () => Promise.resolve()) {
  return {
    keyResolver: async () => {
      if (later) await wait();
      return issuerKey;
    },
    holderKeyResolver: async () => {
      await wait();
      return { type: 'Ed25519' as const, publicKey: holder.publicKey };
    },
    now: () => NOW * 1000,
    keyBinding: { aud: AUD, nonce: NONCE },
  };
}

/** Replacements of one char: its neighbour in the alphabet, non-alphabet chars, and look-alikes. */
function replacements(c: string): string[] {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const code = c.charCodeAt(0);
  return [
    A[(A.indexOf(c) + 1) % 64]!,
    '=',
    '+',
    '/',
    ' ',
    String.fromCharCode(code | 0x80), // low 7 bits unchanged
    String.fromCharCode(code | 0x100),
    String.fromCharCode(0xd800 | code), // a lone surrogate with the same low bits
    String.fromCharCode(0xff00 | code),
  ];
}

describe('every single-character change of an SD-JWT+KB presentation is refused', () => {
  for (const backend of ['node', 'noble'] as const) {
    for (const [label, cnf] of [
      ['cnf.jwk', { jwk: publicKeyToJwk('Ed25519', holder.publicKey) }],
      ['cnf.kid through holderKeyResolver', { kid: 'holder-1' }],
    ] as const) {
      it(`${backend}, ${label}`, async () => {
        setBackend(backend);
        const vp = await presentation(cnf);
        const o = options(false);
        await expect(verifySdJwt(vp, o)).resolves.toMatchObject({ verified: true });
        const ranges = sdJwtPartRanges(vp);
        expect(ranges.map((r) => r[0])).toEqual([
          'issuer header',
          'issuer payload',
          'issuer signature',
          'disclosure 1',
          'disclosure 2',
          'disclosure 3',
          'disclosure 4',
          'KB header',
          'KB payload',
          'KB signature',
        ]);
        let tried = 0;
        for (const [name, start, end] of ranges) {
          // every position of short parts, a spread of positions in long ones, always the last
          const step = Math.max(1, Math.floor((end - start) / 24));
          const positions = new Set<number>([end - 1, end - 2]);
          for (let i = start; i < end; i += step) positions.add(i);
          for (const i of positions) {
            for (const r of replacements(vp[i]!)) {
              const forged = vp.slice(0, i) + r + vp.slice(i + 1);
              let err: unknown;
              try {
                await verifySdJwt(forged, o);
              } catch (e) {
                err = e;
              }
              tried++;
              expect(
                isRealDidError(err) && String((err as { code: string }).code).startsWith('ERR_SD_JWT_'),
                `${name} at ${i - start}: ${JSON.stringify(r)}`,
              ).toBe(true);
            }
          }
        }
        expect(tried).toBeGreaterThan(1000);
      });
    }
  }
});

describe('interleaved verifications each get their own verdict', () => {
  for (const backend of ['node', 'noble'] as const) {
    it(`${backend}: 240 valid and forged presentations of different sizes, verified at once`, async () => {
      setBackend(backend);
      const other = generateKeyPair('Ed25519');
      const flipSig = (jws: string): string => {
        const dot = jws.lastIndexOf('.');
        const sig = base64urlDecode(jws.slice(dot + 1));
        sig[5]! ^= 0x10;
        return jws.slice(0, dot + 1) + base64urlEncode(sig);
      };
      // Sizes around the scratch buffers' 2,048 bytes and past their 64 KiB ceiling.
      const sizes = [0, 700, 1500, 3000, 70_000];
      const cases: Array<{ vp: string; ok: boolean; code?: string; resolverKb: boolean }> = [];
      for (const pad of sizes) {
        for (const resolverKb of [false, true]) {
          const cnf = resolverKb ? { kid: 'holder-1' } : { jwk: publicKeyToJwk('Ed25519', holder.publicKey) };
          const vp = await presentation(cnf, pad);
          const [jwt, ...rest] = vp.split('~');
          const kb = rest.pop()!;
          cases.push({ vp, ok: true, resolverKb });
          cases.push({
            vp: [flipSig(jwt!), ...rest, kb].join('~'),
            ok: false,
            code: 'ERR_SD_JWT_SIGNATURE',
            resolverKb,
          });
          cases.push({
            vp: [jwt, ...rest, flipSig(kb)].join('~'),
            ok: false,
            code: 'ERR_SD_JWT_KB_SIGNATURE',
            resolverKb,
          });
          cases.push({
            vp: await presentation(cnf, pad, other), // KB-JWT by a key that is not the holder's
            ok: false,
            code: 'ERR_SD_JWT_KB_SIGNATURE',
            resolverKb,
          });
        }
      }
      // Six rounds of every case, in an order that mixes sizes and verdicts, each resolver
      // answering after a different number of turns of the event loop.
      const runs = Array.from({ length: 6 }, (_, round) =>
        cases.map((c, i) => ({ c, turns: (i * 7 + round * 3) % 5, later: (i + round) % 2 === 0 })),
      ).flat();
      expect(runs.length).toBe(240);
      const verdicts = await Promise.all(
        runs.map(async ({ c, turns, later }) => {
          const wait = async () => {
            for (let t = 0; t < turns; t++) await new Promise((r) => setImmediate(r));
          };
          try {
            const r = await verifySdJwt(c.vp, options(later, wait));
            return { ok: true, a: r.claims.a, pad: (r.claims.pad as string).length };
          } catch (e) {
            return { ok: false, code: (e as { code?: string }).code };
          }
        }),
      );
      verdicts.forEach((v, i) => {
        const { c } = runs[i]!;
        if (c.ok) expect(v, `run ${i}`).toMatchObject({ ok: true, a: 1 });
        else expect(v, `run ${i}`).toEqual({ ok: false, code: c.code });
      });
    });
  }
});
