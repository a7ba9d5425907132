/**
 * SM2 interoperability, both ways, on both backends: the `openssl` command line (OpenSSL 3
 * `pkeyutl -rawin -digest sm3 -pkeyopt distid:<ID>`, keys exchanged as PKCS#8 / SPKI DER) and the
 * `sm-crypto-v2` library (hex keys, raw and DER signatures, user IDs).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sm2 as smv2 } from 'sm-crypto-v2';
import { afterAll, describe, expect, it } from 'vitest';
import {
  generateKeyPair,
  getPublicKey,
  keyPairToPkcs8,
  pkcs8ToKeyPair,
  publicKeyToJwk,
  publicKeyToSpki,
  sign,
  spkiToPublicKey,
  utf8Encode,
  verify,
} from '../src/index.js';
import { BACKENDS, useBackend } from './helpers/backends.js';
import { hex, toHex } from './helpers/vectors.js';

const dir = mkdtempSync(join(tmpdir(), 'realdid-sm2-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function openssl(args: string[]): string {
  return execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs `openssl pkeyutl -verify`; true when OpenSSL says the signature is good. */
function opensslVerifies(spki: string, msg: string, sig: string, id: string): boolean {
  try {
    const out = openssl([
      'pkeyutl',
      '-verify',
      '-pubin',
      '-keyform',
      'DER',
      '-inkey',
      spki,
      '-rawin',
      '-in',
      msg,
      '-digest',
      'sm3',
      '-pkeyopt',
      `distid:${id}`,
      '-sigfile',
      sig,
    ]);
    return out.includes('Signature Verified Successfully');
  } catch {
    return false;
  }
}

const opensslHasSm2 = (() => {
  try {
    openssl(['genpkey', '-algorithm', 'SM2', '-out', 'probe.pem']);
    return true;
  } catch {
    return false;
  }
})();

/** The uncompressed public key as sm-crypto-v2 takes it: `04` ‖ x ‖ y in hex. */
function v2PublicHex(publicKey: Uint8Array): string {
  const jwk = publicKeyToJwk('SM2', publicKey) as { x: string; y: string };
  const b = (s: string) =>
    toHex(Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));
  return `04${b(jwk.x)}${b(jwk.y)}`;
}

const IDS = ['1234567812345678', 'ALICE123@YAHOO.COM', 'did:realdid:zExample#key-1'];

describe.each(BACKENDS)('SM2 interop on the %s backend', (backend) => {
  useBackend(backend);

  describe.runIf(opensslHasSm2)('openssl CLI', () => {
    it('RealDID signs (DER, each user ID), openssl verifies; a wrong ID or message fails there', () => {
      const pair = generateKeyPair('SM2');
      writeFileSync(join(dir, `pub-${backend}.der`), publicKeyToSpki('SM2', pair.publicKey));
      for (const [i, id] of IDS.entries()) {
        const msg = utf8Encode(`message ${i} from RealDID`);
        writeFileSync(join(dir, `m-${backend}-${i}`), msg);
        const opts =
          id === '1234567812345678' ? { format: 'der' as const } : { format: 'der' as const, userId: id };
        writeFileSync(join(dir, `s-${backend}-${i}`), sign('SM2', pair.secretKey, msg, opts));
        expect(opensslVerifies(`pub-${backend}.der`, `m-${backend}-${i}`, `s-${backend}-${i}`, id), id).toBe(
          true,
        );
        expect(
          opensslVerifies(`pub-${backend}.der`, `m-${backend}-${i}`, `s-${backend}-${i}`, `${id}x`),
        ).toBe(false);
      }
      writeFileSync(join(dir, `m-${backend}-0`), utf8Encode('another message'));
      expect(
        opensslVerifies(`pub-${backend}.der`, `m-${backend}-0`, `s-${backend}-0`, IDS[0] as string),
      ).toBe(false);
    });

    it('openssl makes the key and signs (each user ID); RealDID imports PKCS#8 / SPKI and verifies', () => {
      openssl(['genpkey', '-algorithm', 'SM2', '-out', `k-${backend}.pem`]);
      openssl([
        'pkcs8',
        '-topk8',
        '-nocrypt',
        '-in',
        `k-${backend}.pem`,
        '-outform',
        'DER',
        '-out',
        `k-${backend}.p8`,
      ]);
      openssl(['pkey', '-in', `k-${backend}.pem`, '-pubout', '-outform', 'DER', '-out', `k-${backend}.spki`]);
      const pair = pkcs8ToKeyPair(new Uint8Array(readFileSync(join(dir, `k-${backend}.p8`))));
      const { type, publicKey } = spkiToPublicKey(
        new Uint8Array(readFileSync(join(dir, `k-${backend}.spki`))),
      );
      expect(type).toBe('SM2');
      expect(toHex(publicKey)).toBe(toHex(pair.publicKey));
      // our PKCS#8 export is byte-identical to OpenSSL's (same structure: version, curve, key, public key)
      expect(toHex(keyPairToPkcs8(pair))).toBe(
        toHex(new Uint8Array(readFileSync(join(dir, `k-${backend}.p8`)))),
      );
      expect(toHex(publicKeyToSpki('SM2', publicKey))).toBe(
        toHex(new Uint8Array(readFileSync(join(dir, `k-${backend}.spki`)))),
      );
      for (const [i, id] of IDS.entries()) {
        const msg = utf8Encode(`message ${i} from openssl`);
        writeFileSync(join(dir, `om-${backend}-${i}`), msg);
        openssl([
          'pkeyutl',
          '-sign',
          '-inkey',
          `k-${backend}.pem`,
          '-rawin',
          '-in',
          `om-${backend}-${i}`,
          '-digest',
          'sm3',
          '-pkeyopt',
          `distid:${id}`,
          '-out',
          `os-${backend}-${i}`,
        ]);
        const sig = new Uint8Array(readFileSync(join(dir, `os-${backend}-${i}`)));
        expect(verify('SM2', publicKey, msg, sig, { format: 'der', userId: id }), id).toBe(true);
        expect(verify('SM2', publicKey, msg, sig, { format: 'der', userId: `${id}x` })).toBe(false);
        expect(verify('SM2', publicKey, utf8Encode('other'), sig, { format: 'der', userId: id })).toBe(false);
      }
    });
  });

  describe('sm-crypto-v2', () => {
    it('RealDID signs, sm-crypto-v2 verifies (raw and DER, default and custom user IDs)', () => {
      for (let i = 0; i < 5; i++) {
        const pair = generateKeyPair('SM2');
        const pub = v2PublicHex(pair.publicKey);
        const msg = utf8Encode(`hello ${i} ${backend}`);
        const id = IDS[i % IDS.length] as string;
        const raw = sign('SM2', pair.secretKey, msg, { userId: id });
        const der = sign('SM2', pair.secretKey, msg, { userId: id, format: 'der' });
        expect(smv2.doVerifySignature(msg, toHex(raw), pub, { hash: true, userId: id })).toBe(true);
        expect(smv2.doVerifySignature(msg, toHex(der), pub, { hash: true, der: true, userId: id })).toBe(
          true,
        );
        expect(smv2.doVerifySignature(msg, toHex(raw), pub, { hash: true, userId: `${id}x` })).toBe(false);
        if (id === '1234567812345678') {
          // sm-crypto-v2's own default ID is the same GM/T 0009 one
          expect(
            smv2.doVerifySignature(msg, toHex(sign('SM2', pair.secretKey, msg)), pub, { hash: true }),
          ).toBe(true);
        }
      }
    });

    it('sm-crypto-v2 makes the key and signs, RealDID verifies (raw and DER, default and custom user IDs)', () => {
      for (let i = 0; i < 5; i++) {
        const kp = smv2.generateKeyPairHex();
        const secretKey = hex(kp.privateKey.padStart(64, '0'));
        const publicKey = hex(kp.publicKey);
        const msg = utf8Encode(`from sm-crypto-v2 ${i}`);
        const id = IDS[i % IDS.length] as string;
        const raw = hex(
          smv2.doSignature(msg, kp.privateKey, { hash: true, userId: id, publicKey: kp.publicKey }),
        );
        const der = hex(smv2.doSignature(msg, kp.privateKey, { hash: true, der: true, userId: id }));
        expect(verify('SM2', publicKey, msg, raw, { userId: id })).toBe(true);
        expect(verify('SM2', publicKey, msg, der, { userId: id, format: 'der' })).toBe(true);
        expect(verify('SM2', publicKey, msg, raw, { userId: 'someone else' })).toBe(false);
        const v2Default = hex(smv2.doSignature(msg, kp.privateKey, { hash: true }));
        expect(verify('SM2', publicKey, msg, v2Default)).toBe(true);
        // the same secret key gives the same public key here
        expect(v2PublicHex(getPublicKey('SM2', secretKey))).toBe(kp.publicKey);
      }
    });
  });
});
