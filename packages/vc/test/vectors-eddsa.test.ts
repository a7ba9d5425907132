import { multibaseToSecretKey, sign } from '@realdid/crypto';
import { addDataIntegrityProof, canonicalize } from '@realdid/vc';
import { describe, expect, it } from 'vitest';
import { didKeySigner, documentLoader, hex, readJson, readText, sha256Hex } from './helpers.js';
import { verifyCredential, verifyDataIntegrityProof } from './outcome.js';

// w3c/vc-di-eddsa TestVectors (see test/vectors/w3c-vc-di-eddsa/SOURCE.md).
const DIR = 'w3c-vc-di-eddsa/TestVectors/';
const keyPair = readJson<{ publicKeyMultibase: string; privateKeyMultibase: string }>(`${DIR}keyPair.json`);

const CASES = [
  { name: 'alumni', unsigned: `${DIR}unsigned.json`, dir: `${DIR}eddsa-rdfc-2022/` },
  {
    name: 'employment (citizenship context)',
    unsigned: `${DIR}employmentAuth.json`,
    dir: `${DIR}eddsa-rdfc-2022/employ/`,
  },
];

describe('eddsa-rdfc-2022 vectors (w3c/vc-di-eddsa)', () => {
  for (const c of CASES) {
    describe(c.name, () => {
      const unsigned = readJson(c.unsigned);
      const proofConfig = readJson(`${c.dir}proofConfigDataInt.json`);
      const signed = readJson(`${c.dir}signedDataInt.json`);

      it('canonical document and its hash', async () => {
        const nq = await canonicalize(unsigned, { documentLoader });
        expect(nq).toBe(readText(`${c.dir}canonDocDataInt.txt`));
        expect(sha256Hex(nq)).toBe(readText(`${c.dir}docHashDataInt.txt`).trim());
      });

      it('canonical proof configuration and its hash', async () => {
        const nq = await canonicalize(proofConfig, { documentLoader });
        expect(nq).toBe(readText(`${c.dir}proofCanonDataInt.txt`));
        expect(sha256Hex(nq)).toBe(readText(`${c.dir}proofHashDataInt.txt`).trim());
      });

      it('Ed25519 signature over proofHash || docHash, byte for byte', () => {
        const combined = readText(`${c.dir}combinedHashDataInt.txt`).trim();
        const signer = didKeySigner(keyPair.privateKeyMultibase, keyPair.publicKeyMultibase);
        expect(signer.algorithm).toBe('Ed25519');
        const { secretKey } = multibaseToSecretKey(keyPair.privateKeyMultibase);
        const sig = sign('Ed25519', secretKey, Buffer.from(combined, 'hex'));
        expect(hex(sig)).toBe(readText(`${c.dir}sigHexDataInt.txt`).trim());
      });

      it('addDataIntegrityProof reproduces the signed vector exactly', async () => {
        const signer = didKeySigner(keyPair.privateKeyMultibase, keyPair.publicKeyMultibase);
        const out = await addDataIntegrityProof(unsigned, {
          signer,
          created: new Date(String(proofConfig.created)),
          documentLoader,
        });
        expect(out).toEqual(signed);
        expect((out.proof as Record<string, unknown>).proofValue).toBe(
          readText(`${c.dir}sigBTC58DataInt.txt`).trim(),
        );
      });

      it('the signed vector verifies as a Data Integrity document', async () => {
        const r = await verifyDataIntegrityProof(signed, { documentLoader });
        expect(r.errors).toEqual([]);
        expect(r.verified).toBe(true);
        expect(r.proofs[0]?.cryptosuite).toBe('eddsa-rdfc-2022');
      });

      it('as a credential, it is refused because its issuer does not control the key', async () => {
        const r = await verifyCredential(signed, { documentLoader, now: new Date('2024-01-01T00:00:00Z') });
        expect(r.verified).toBe(false);
        expect(r.errors.map((e) => e.code)).toContain('ERR_VC_ISSUER_MISMATCH');
      });

      it('a changed claim breaks the signature', async () => {
        const bad = structuredClone(signed) as Record<string, unknown>;
        bad.name = 'Forged';
        const r = await verifyDataIntegrityProof(bad, { documentLoader });
        expect(r.verified).toBe(false);
        expect(r.errors[0]?.code).toBe('ERR_VC_PROOF_INVALID');
      });
    });
  }
});
