import { base64urlDecode, createSigner, generateKeyPair, publicKeyToJwk } from '@realdid/crypto';
import { describe, expect, it } from 'vitest';
import { decodeSdJwt, issueSdJwt, jwkKeyResolver, presentSdJwt, verifySdJwt } from '../src/index.js';

const kp = generateKeyPair('Ed25519');
const signer = createSigner(kp);
const keyResolver = jwkKeyResolver(publicKeyToJwk('Ed25519', kp.publicKey));
const payload = { a: 1, b: { c: 2, d: [3, 4] } };
const frame = { _sd: ['a', 'b'], b: { _sd: ['c'], d: { _sd: [1] } } };

describe('issuance', () => {
  for (const sdAlg of ['sha-256', 'sha-384', 'sha-512'] as const) {
    it(`_sd_alg ${sdAlg}: digests of the right length, round-trip`, async () => {
      const sd = await issueSdJwt({ signer, payload, disclosureFrame: frame, sdAlg });
      const d = decodeSdJwt(sd);
      expect(d.payload._sd_alg).toBe(sdAlg);
      const bytes = { 'sha-256': 32, 'sha-384': 48, 'sha-512': 64 }[sdAlg];
      for (const x of d.disclosures) expect(base64urlDecode(x.digest).length).toBe(bytes);
      const r = await verifySdJwt(sd, { keyResolver });
      expect(r.claims).toEqual(payload);
      expect(r.sdAlg).toBe(sdAlg);
      if (sdAlg !== 'sha-256') {
        await expect(verifySdJwt(sd, { keyResolver, sdAlgorithms: ['sha-256'] })).rejects.toMatchObject({
          code: 'ERR_SD_JWT_SD_ALG',
        });
      }
    });
  }
  it('salts are ≥ 128 bits, distinct, fresh per issuance; saltBytes raises them', async () => {
    const a = decodeSdJwt(await issueSdJwt({ signer, payload, disclosureFrame: frame }));
    const b = decodeSdJwt(await issueSdJwt({ signer, payload, disclosureFrame: frame }));
    const salts = [...a.disclosures, ...b.disclosures].map((x) => x.salt);
    for (const s of salts) expect(base64urlDecode(s).length).toBeGreaterThanOrEqual(16);
    expect(new Set(salts).size).toBe(salts.length);
    const c = decodeSdJwt(await issueSdJwt({ signer, payload, disclosureFrame: frame, saltBytes: 32 }));
    for (const x of c.disclosures) expect(base64urlDecode(x.salt).length).toBe(32);
  });
  it('salts stay distinct and non-zero across many issuances (the shared salt pool refills)', async () => {
    const salts: string[] = [];
    // 4 disclosures per issuance, sizes 16..64 bytes: well over one 4 KiB pool.
    for (let i = 0; i < 80; i++) {
      const saltBytes = 16 + (i % 49);
      const d = decodeSdJwt(await issueSdJwt({ signer, payload, disclosureFrame: frame, saltBytes }));
      expect(d.disclosures.length).toBe(4);
      for (const x of d.disclosures) {
        const bytes = base64urlDecode(x.salt);
        expect(bytes.length).toBe(saltBytes);
        expect(bytes.some((b) => b !== 0)).toBe(true);
        salts.push(x.salt);
      }
    }
    expect(new Set(salts).size).toBe(salts.length);
  });
  it('misuse errors name the path of the offending frame entry', async () => {
    await expect(
      issueSdJwt({ signer, payload, disclosureFrame: { b: { d: { _sd: [7] } } } }),
    ).rejects.toThrow(/_sd at \$\.b\.d has index 7 out of range/);
    await expect(
      issueSdJwt({ signer, payload: { x: [{ y: { _sd: 1 } }] }, disclosureFrame: { x: { 0: {} } } }),
    ).rejects.toThrow(/claim name "_sd" is reserved \(under \$\.x\[0\]\.y\)/);
  });
  it('decoys: counted digests, hidden from the holder view, sorted _sd, input not mutated', async () => {
    const input = structuredClone(payload);
    const sd = await issueSdJwt({
      signer,
      payload: input,
      disclosureFrame: { ...frame, _sd_decoy: 3, b: { ...frame.b, _sd_decoy: 2 } },
    });
    expect(input).toEqual(payload);
    const d = decodeSdJwt(sd);
    const top = d.payload._sd as string[];
    expect(top.length).toBe(2 + 3);
    expect([...top].sort()).toEqual(top);
    expect(d.claims).toEqual(payload);
    const r = await verifySdJwt(await presentSdJwt(sd, { b: { d: true } }), { keyResolver });
    expect(r.claims).toEqual({ b: { d: [3, 4] } });
  });
  it('presenting nothing reveals nothing; presenting a nested claim brings its parents', async () => {
    const sd = await issueSdJwt({ signer, payload, disclosureFrame: frame });
    expect((await verifySdJwt(await presentSdJwt(sd, {}), { keyResolver })).claims).toEqual({});
    const r = await verifySdJwt(await presentSdJwt(sd, { b: { c: true } }), { keyResolver });
    expect(r.claims).toEqual({ b: { c: 2, d: [3] } });
    expect(r.disclosed.map((p) => p.join('.'))).toEqual(['b', 'b.c']);
  });
});
