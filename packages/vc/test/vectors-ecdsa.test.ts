import { multibaseToPublicKey, verify } from '@realdid/crypto';
import { addDataIntegrityProof, canonicalize, deriveCredential } from '@realdid/vc';
import { describe, expect, it } from 'vitest';
import { didKeySigner, documentLoader, readJson, readText, sha256Hex } from './helpers.js';
import { verifyCredential, verifyDataIntegrityProof } from './outcome.js';

// w3c/vc-di-ecdsa TestVectors (see test/vectors/w3c-vc-di-ecdsa/SOURCE.md).
const DIR = 'w3c-vc-di-ecdsa/TestVectors/';
const p256 = readJson<{ publicKeyMultibase: string; secretKeyMultibase: string }>(`${DIR}p256KeyPair.json`);

const RDFC = [
  { name: 'alumni', unsigned: `${DIR}unsigned.json`, dir: `${DIR}ecdsa-rdfc-2019-p256/` },
  { name: 'employment', unsigned: `${DIR}employmentAuth.json`, dir: `${DIR}ecdsa-rdfc-2019-p256/employ/` },
];

describe('ecdsa-rdfc-2019 P-256 vectors (w3c/vc-di-ecdsa)', () => {
  for (const c of RDFC) {
    describe(c.name, () => {
      const unsigned = readJson(c.unsigned);
      const proofConfig = readJson(`${c.dir}proofConfigECDSAP256.json`);
      const signed = readJson(`${c.dir}signedECDSAP256.json`);

      it('canonical document, proof configuration and their hashes', async () => {
        const doc = await canonicalize(unsigned, { documentLoader });
        expect(doc).toBe(readText(`${c.dir}canonDocECDSAP256.txt`));
        expect(sha256Hex(doc)).toBe(readText(`${c.dir}docHashECDSAP256.txt`).trim());
        const proof = await canonicalize(proofConfig, { documentLoader });
        expect(proof).toBe(readText(`${c.dir}proofCanonECDSAP256.txt`));
        expect(sha256Hex(proof)).toBe(readText(`${c.dir}proofHashECDSAP256.txt`).trim());
        expect(sha256Hex(proof) + sha256Hex(doc)).toBe(readText(`${c.dir}combinedHashECDSAP256.txt`).trim());
      });

      it('the vector signature verifies over proofHash || docHash with @realdid/crypto', () => {
        const { type, publicKey } = multibaseToPublicKey(p256.publicKeyMultibase);
        const data = Buffer.from(readText(`${c.dir}combinedHashECDSAP256.txt`).trim(), 'hex');
        const sig = Buffer.from(readText(`${c.dir}sigHexECDSAP256.txt`).trim(), 'hex');
        expect(verify(type, publicKey, data, sig)).toBe(true);
        sig[5] = (sig[5] ?? 0) ^ 1;
        expect(verify(type, publicKey, data, sig)).toBe(false);
      });

      it('the signed vector verifies as a Data Integrity document', async () => {
        const r = await verifyDataIntegrityProof(signed, { documentLoader });
        expect(r.errors).toEqual([]);
        expect(r.verified).toBe(true);
      });

      it('our own signature over the same document verifies (ECDSA is randomized or deterministic; either way it verifies)', async () => {
        const signer = didKeySigner(p256.secretKeyMultibase, p256.publicKeyMultibase);
        const out = await addDataIntegrityProof(unsigned, {
          signer,
          created: new Date(String(proofConfig.created)),
          documentLoader,
        });
        const r = await verifyDataIntegrityProof(out, { documentLoader });
        expect(r.verified).toBe(true);
        expect(r.proofs[0]?.cryptosuite).toBe('ecdsa-rdfc-2019');
      });

      it('a changed claim breaks the signature', async () => {
        const bad = structuredClone(signed) as Record<string, unknown>;
        bad.validFrom = '2001-01-01T00:00:00Z';
        const r = await verifyDataIntegrityProof(bad, { documentLoader });
        expect(r.errors[0]?.code).toBe('ERR_VC_PROOF_INVALID');
      });
    });
  }

  it('P-384 (ecdsa-rdfc-2019-p384) is refused with a coded error: @realdid/crypto has no P-384 keys', async () => {
    const signed = readJson(`${DIR}ecdsa-rdfc-2019-p384/signedECDSAP384.json`);
    const r = await verifyDataIntegrityProof(signed, { documentLoader });
    expect(r.verified).toBe(false);
    expect(r.errors[0]?.code).toBe('ERR_VC_VERIFICATION_METHOD');
  });
});

describe('ecdsa-sd-2023 vectors (w3c/vc-di-ecdsa)', () => {
  for (const [name, selective] of [
    ['employ', 'employSelective.json'],
    ['prc', 'prCredSelective.json'],
  ] as const) {
    describe(name, () => {
      const dir = `${DIR}ecdsa-sd-2023/${name}/`;
      const base = readJson(`${dir}addSignedSDBase.json`);
      const derived = readJson(`${dir}derivedRevealDocument.json`);
      const selectivePointers = readJson<string[]>(`${DIR}${selective}`);

      it('the derived (revealed) document verifies', async () => {
        const r = await verifyDataIntegrityProof(derived, { documentLoader });
        expect(r.errors).toEqual([]);
        expect(r.verified).toBe(true);
        expect(r.proofs[0]?.cryptosuite).toBe('ecdsa-sd-2023');
      });

      it('deriving from the base proof with the selective pointers gives the vector, byte for byte', async () => {
        const out = await deriveCredential(base, { selectivePointers, documentLoader });
        expect(out).toEqual(derived);
      });

      it('a base proof is not accepted where a derived proof is verified', async () => {
        const r = await verifyDataIntegrityProof(base, { documentLoader });
        expect(r.verified).toBe(false);
        expect(r.errors[0]?.code).toBe('ERR_VC_PROOF_INVALID');
      });

      it('a changed disclosed claim breaks the derived proof', async () => {
        const bad = structuredClone(derived) as Record<string, Record<string, unknown>>;
        bad.credentialSubject!.birthCountry = 'Atlantis';
        const r = await verifyDataIntegrityProof(bad, { documentLoader });
        expect(r.verified).toBe(false);
        expect(r.errors[0]?.code).toBe('ERR_VC_PROOF_INVALID');
      });

      it('as a credential, the derived document is refused: its issuer does not control the base key', async () => {
        const r = await verifyCredential(derived, { documentLoader, now: new Date('2025-06-01T00:00:00Z') });
        expect(r.errors.map((e) => e.code)).toContain('ERR_VC_ISSUER_MISMATCH');
      });
    });
  }
});
