/**
 * Proof sets and proof chains against the w3c/vc-di-eddsa `proof-set-chain` vectors: the signed
 * sets and chains verify, and signing the vectors' unsigned document with their keys, ids and
 * `previousProof` reproduces them byte for byte (Ed25519 is deterministic).
 */
import { addDataIntegrityProof } from '@realdid/vc';
import { describe, expect, it } from 'vitest';
import { didKeySigner, documentLoader, readJson } from './helpers.js';
import { verifyDataIntegrityProof } from './outcome.js';

const DIR = 'w3c-vc-di-eddsa/TestVectors/proof-set-chain/';
type Doc = Record<string, unknown>;
const keys = readJson<Record<string, { publicKeyMultibase: string; privateKeyMultibase: string }>>(
  `${DIR}multiKeyPairs.json`,
);
const signerOf = (n: number) => {
  const k = keys[`keyPair${n}`]!;
  return didKeySigner(k.privateKeyMultibase, k.publicKeyMultibase);
};

describe('w3c/vc-di-eddsa proof sets and chains', () => {
  for (const file of ['signedProofSet1', 'signedProofSet2', 'signedProofChain1', 'signedProofChain2']) {
    it(`${file} verifies (every proof, chained proofs over the proofs they name)`, async () => {
      const doc = readJson(`${DIR}${file}.json`);
      const r = await verifyDataIntegrityProof(doc, { documentLoader });
      expect(r.errors).toEqual([]);
      expect(r.proofs).toHaveLength([doc.proof].flat().length);
    });
  }

  it('signing the chain with the vectors keys, ids and previousProof reproduces signedProofChain2', async () => {
    const expected = readJson(`${DIR}signedProofChain2.json`);
    const proofs = expected.proof as Doc[];
    let doc: Doc = readJson(`${DIR}unsigned.json`);
    for (let i = 0; i < proofs.length; i++) {
      const p = proofs[i]!;
      doc = await addDataIntegrityProof(doc, {
        signer: signerOf(i + 1),
        created: new Date(String(p.created)),
        documentLoader,
        ...(p.id === undefined ? {} : { proofId: String(p.id) }),
        ...(p.previousProof === undefined ? {} : { previousProof: p.previousProof as string | string[] }),
      });
    }
    expect(doc).toEqual(expected);
  });

  it('a chain missing a proof it names, or with a named proof changed, is refused', async () => {
    const doc = readJson(`${DIR}signedProofChain2.json`);
    const proofs = doc.proof as Doc[];
    const missing = await verifyDataIntegrityProof({ ...doc, proof: proofs.slice(1) }, { documentLoader });
    expect(missing.errors[0]?.code).toBe('ERR_VC_PROOF_CHAIN');
    // the second proof re-dated: its own signature fails, and so does the chained one over it
    const changed = {
      ...doc,
      proof: [proofs[0], { ...proofs[1], created: '2023-02-25T00:00:00Z' }, proofs[2], proofs[3]],
    };
    const r = await verifyDataIntegrityProof(changed, { documentLoader });
    expect(r.errors.map((e) => e.code)).toEqual(['ERR_VC_PROOF_INVALID', 'ERR_VC_PROOF_INVALID']);
  });
});
