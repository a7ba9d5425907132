import { createSigner, generateKeyPair, publicKeyToJwk, setBackend } from '@realdid/crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { issueSdJwtVc, jwkKeyResolver, presentSdJwt, verifySdJwt, verifySdJwtVc } from '../src/index.js';
import { expectCode, vector } from './helpers.js';

// The hot path has a Node.js codec (Buffer base64url, node:crypto digests) used while
// @realdid/crypto runs on its node backend, and the portable one otherwise: both must agree.
const data = JSON.parse(vector('sd-jwt/sd-jwt-spec-examples.json'));
const keyResolver = jwkKeyResolver(data.keys.issuerPublicJwk);

describe.each(['node', 'noble'] as const)('backend %s', (backend) => {
  afterAll(() => setBackend('auto'));
  it('verifies every spec example with the expected payload', async () => {
    setBackend(backend);
    for (const ex of data.examples) {
      if (ex.kind === 'issuer-signed-jwt-only') continue;
      const kb = ex.expected.kb;
      const r = await verifySdJwt(ex.compact, {
        keyResolver,
        now: () => (kb ? kb.payload.iat * 1000 : 1_700_000_000_000),
        ...(kb
          ? { requireKeyBinding: true, keyBinding: { aud: kb.payload.aud, nonce: kb.payload.nonce } }
          : {}),
      });
      expect(r.claims).toEqual(ex.expected.processedPayload);
    }
  });
  it('round-trips issuance → presentation → verification, and rejects non-canonical base64url', async () => {
    setBackend(backend);
    const issuer = generateKeyPair('Ed25519');
    const holder = generateKeyPair('Ed25519');
    const vc = await issueSdJwtVc({
      signer: createSigner(issuer),
      vct: 'urn:x',
      cnf: { jwk: publicKeyToJwk('Ed25519', holder.publicKey) },
      claims: { a: 'ü', b: 2 },
      disclosureFrame: { _sd: ['a', 'b'] },
    });
    const vp = await presentSdJwt(
      vc,
      { a: true },
      { keyBinding: { signer: createSigner(holder), aud: 'x', nonce: 'y' } },
    );
    const opts = {
      keyResolver: jwkKeyResolver(publicKeyToJwk('Ed25519', issuer.publicKey)),
      keyBinding: { aud: 'x', nonce: 'y' },
    };
    expect((await verifySdJwtVc(vp, opts)).claims.a).toBe('ü');
    // A signature whose last character leaves non-zero trailing bits: same bytes for a lenient
    // decoder, rejected by ours.
    const parts = vp.split('~');
    const jwt = parts[0]!;
    const last = jwt.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const i = alphabet.indexOf(last);
    const sibling = alphabet[(i & ~3) | ((i + 1) & 3)]!; // same high bits, different low 2 bits
    parts[0] = jwt.slice(0, -1) + sibling;
    await expectCode(verifySdJwtVc(parts.join('~'), opts), 'ERR_SD_JWT_BASE64URL');
  });
});
