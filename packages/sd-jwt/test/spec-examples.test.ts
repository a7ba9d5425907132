import { describe, expect, it } from 'vitest';
import { jwkKeyResolver, toCompactSerialization, verifySdJwt } from '../src/index.js';
import { vector } from './helpers.js';

// RFC 9901 (draft-22 editor copy) and SD-JWT VC examples, extracted and re-verified; see
// test/vectors/sd-jwt/SOURCE.md for their provenance.
interface Example {
  id: string;
  kind: 'issuer-signed-jwt-only' | 'sd-jwt' | 'sd-jwt+kb';
  compact: string;
  expected: {
    issuerSignatureValid: boolean;
    issuerSignedJwtHeader: Record<string, unknown>;
    processedPayload?: Record<string, unknown>;
    disclosures?: Array<{ disclosure: string; digest: string }>;
    kb?: { payload: { nonce: string; aud: string; iat: number; sd_hash: string } };
  };
}
const data = JSON.parse(vector('sd-jwt/sd-jwt-spec-examples.json'));
const keyResolver = jwkKeyResolver(data.keys.issuerPublicJwk);
const examples: Example[] = data.examples;

describe('RFC 9901 / SD-JWT VC spec examples', () => {
  it('has the examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(14);
  });
  for (const ex of examples) {
    it(`${ex.id} verifies and yields the processed payload`, async () => {
      const input = ex.kind === 'issuer-signed-jwt-only' ? `${ex.compact}~` : ex.compact;
      const kb = ex.expected.kb;
      const now = kb ? kb.payload.iat * 1000 + 5_000 : 1_700_000_000_000;
      const r = await verifySdJwt(input, {
        keyResolver,
        now: () => now,
        ...(kb
          ? { requireKeyBinding: true, keyBinding: { aud: kb.payload.aud, nonce: kb.payload.nonce } }
          : {}),
      });
      expect(r.verified).toBe(true);
      expect(r.header).toEqual(ex.expected.issuerSignedJwtHeader);
      if (ex.expected.processedPayload) expect(r.claims).toEqual(ex.expected.processedPayload);
      if (kb) {
        expect(r.keyBinding?.payload.sd_hash).toBe(kb.payload.sd_hash);
        expect(r.holderKey?.type).toBe('P-256');
      }
    });
    if (ex.expected.kb) {
      it(`${ex.id}: a wrong nonce, aud or a dropped disclosure is rejected`, async () => {
        const kb = ex.expected.kb!;
        const now = () => kb.payload.iat * 1000;
        const base = { keyResolver, now, requireKeyBinding: true };
        await expect(
          verifySdJwt(ex.compact, { ...base, keyBinding: { aud: kb.payload.aud, nonce: 'x' } }),
        ).rejects.toMatchObject({ code: 'ERR_SD_JWT_KB_NONCE' });
        await expect(
          verifySdJwt(ex.compact, { ...base, keyBinding: { aud: 'https://other', nonce: kb.payload.nonce } }),
        ).rejects.toMatchObject({ code: 'ERR_SD_JWT_KB_AUD' });
        const parts = ex.compact.split('~');
        parts.splice(1, 1);
        // Dropping a disclosure breaks sd_hash (or, for a parent disclosure, leaves its children unreferenced).
        const err = await verifySdJwt(parts.join('~'), {
          ...base,
          keyBinding: { aud: kb.payload.aud, nonce: kb.payload.nonce },
        }).catch((e) => e);
        expect(['ERR_SD_JWT_SD_HASH', 'ERR_SD_JWT_DISCLOSURE_UNREFERENCED']).toContain(err.code);
        await expect(
          verifySdJwt(ex.compact, {
            ...base,
            now: () => (kb.payload.iat + 3600) * 1000,
            keyBinding: { aud: kb.payload.aud, nonce: kb.payload.nonce },
          }),
        ).rejects.toMatchObject({ code: 'ERR_SD_JWT_KB_IAT' });
      });
    }
  }

  it('each disclosure digest matches the spec', async () => {
    const { decodeSdJwt } = await import('../src/index.js');
    for (const ex of examples) {
      if (!ex.expected.disclosures) continue;
      const d = decodeSdJwt(ex.compact);
      const byEnc = new Map(d.disclosures.map((x) => [x.encoded, x.digest]));
      for (const e of ex.expected.disclosures) expect(byEnc.get(e.disclosure)).toBe(e.digest);
    }
  });

  it('disclosure encoding examples hash as the spec says', async () => {
    const { decodeSdJwt: _ } = await import('../src/index.js');
    const { base64urlEncode, sha256, utf8Encode } = await import('@realdid/crypto');
    for (const e of data.disclosureEncodingExamples) {
      expect(base64urlEncode(sha256(utf8Encode(e.disclosure)))).toBe(e.sha256Digest);
    }
  });

  describe('JWS JSON serialization (RFC 9901 §8)', () => {
    for (const [i, ex] of (
      data.jwsJsonSerializationExamples as Array<{
        specSection: string;
        json: Record<string, unknown>;
        kbJwtPayload: { nonce: string; aud: string; iat: number } | null;
        sdHashOverCompactEquivalent: string | null;
      }>
    ).entries()) {
      it(`${ex.specSection} #${i} verifies`, async () => {
        const kb = ex.kbJwtPayload;
        const r = await verifySdJwt(ex.json as never, {
          keyResolver,
          now: () => (kb ? kb.iat * 1000 : 1_700_000_000_000),
          ...(kb ? { requireKeyBinding: true, keyBinding: { aud: kb.aud, nonce: kb.nonce } } : {}),
        });
        expect(r.format).toBe('signatures' in ex.json ? 'general' : 'flattened');
        if (kb) expect(r.keyBinding?.payload.sd_hash).toBe(ex.sdHashOverCompactEquivalent);
        // The compact equivalent verifies too.
        const compact = toCompactSerialization(ex.json as never);
        await expect(
          verifySdJwt(compact, {
            keyResolver,
            now: () => (kb ? kb.iat * 1000 : 1_700_000_000_000),
            ...(kb ? { requireKeyBinding: true, keyBinding: { aud: kb.aud, nonce: kb.nonce } } : {}),
          }),
        ).resolves.toMatchObject({ verified: true });
      });
    }
  });
});
