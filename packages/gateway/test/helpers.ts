import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSigner, generateKeyPair, publicKeyToDidKey } from '@realdid/crypto';
import type { AppendSigner } from '@realdid/ledger-http';

/** A fresh temporary folder; remove it with the returned function. */
export function tempDir(prefix = 'realdid-gateway-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A did:key writer with an Ed25519 key, as an AppendSigner. */
export function didKeyWriter(type: 'Ed25519' | 'P-256' | 'secp256k1' = 'Ed25519'): {
  did: string;
  signer: AppendSigner;
} {
  const keys = generateKeyPair(type);
  const did = publicKeyToDidKey(type, keys.publicKey);
  const s = createSigner(keys);
  return {
    did,
    signer: {
      kid: `${did}#${did.slice('did:key:'.length)}`,
      alg: s.alg as AppendSigner['alg'],
      sign: (m) => s.sign(m),
    },
  };
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
