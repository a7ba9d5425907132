import { generateKeyPair, publicKeyToMultibase } from '@realdid/crypto';
import {
  addDataIntegrityProof,
  canonicalize,
  createDataIntegritySigner,
  createPresentation,
  deriveCredential,
  issueCredential,
  signPresentation,
  validateCredential,
  validatePresentation,
} from '@realdid/vc';
import { describe, expect, it } from 'vitest';
import { verifyCredential, verifyDataIntegrityProof, verifyPresentation } from './outcome.js';

const WRONG: unknown[] = [undefined, 'a string', 42, [1, 2], new Uint8Array(3), null];
const kp = generateKeyPair('Ed25519');
const mb = publicKeyToMultibase('Ed25519', kp.publicKey);
const signer = createDataIntegritySigner(kp, `did:key:${mb}#${mb}`);

describe('wrong-typed inputs are TypeErrors / RangeErrors', () => {
  it('createDataIntegritySigner', () => {
    for (const w of WRONG)
      expect(() => createDataIntegritySigner(w as never, `did:key:${mb}#${mb}`)).toThrow(TypeError);
    for (const w of WRONG) expect(() => createDataIntegritySigner(kp, w as never)).toThrow(TypeError);
    expect(() => createDataIntegritySigner(generateKeyPair('secp256k1'), `did:key:${mb}#${mb}`)).toThrow(
      RangeError,
    );
  });

  it('verify functions: the document and the options', async () => {
    for (const f of [verifyCredential, verifyDataIntegrityProof]) {
      for (const w of WRONG) await expect(f(w as never)).rejects.toThrow(TypeError);
      for (const w of ['x', 1, []]) await expect(f({}, w as never)).rejects.toThrow(TypeError);
      await expect(f({}, { now: new Date('nope') })).rejects.toThrow(TypeError);
      await expect(f({}, { now: () => Number.NaN })).rejects.toThrow(TypeError);
      await expect(f({}, { maxClockSkewSeconds: -1 })).rejects.toThrow(RangeError);
    }
    for (const w of WRONG) {
      await expect(verifyPresentation(w as never, { challenge: 'c', domain: 'd' })).rejects.toThrow(
        TypeError,
      );
    }
    await expect(verifyPresentation({}, { challenge: 1 as never, domain: 'd' })).rejects.toThrow(TypeError);
  });

  it('issuing, signing, deriving, canonicalizing', async () => {
    for (const w of WRONG) {
      await expect(issueCredential(w, { signer })).rejects.toThrow(TypeError);
      await expect(addDataIntegrityProof(w, { signer })).rejects.toThrow(TypeError);
      await expect(signPresentation(w, { signer, challenge: 'c' })).rejects.toThrow(TypeError);
      await expect(deriveCredential(w, { selectivePointers: [] })).rejects.toThrow(TypeError);
      await expect(canonicalize(w)).rejects.toThrow(TypeError);
      expect(() => validateCredential(w)).toThrow(TypeError);
      expect(() => validatePresentation(w)).toThrow(TypeError);
      await expect(issueCredential({}, { signer: w as never })).rejects.toThrow(TypeError);
    }
    await expect(issueCredential({}, { signer, cryptosuite: 'bbs-2023' as never })).rejects.toThrow(
      TypeError,
    );
    await expect(issueCredential({}, { signer, cryptosuite: 'ecdsa-rdfc-2019' })).rejects.toThrow(TypeError);
    await expect(signPresentation({}, { signer, challenge: '' })).rejects.toThrow(TypeError);
    for (const created of ['2026-01-01', new Date('nope'), 0] as never[]) {
      const msg = 'options.created: expected a valid Date';
      await expect(issueCredential({}, { signer, created })).rejects.toThrow(msg);
      await expect(addDataIntegrityProof({}, { signer, created })).rejects.toThrow(msg);
      await expect(signPresentation({}, { signer, challenge: 'c', created })).rejects.toThrow(msg);
    }
    await expect(deriveCredential({}, { selectivePointers: ['no-slash'] })).rejects.toThrow(TypeError);
    expect(() => createPresentation({ verifiableCredential: 'x' as never })).toThrow(TypeError);
    expect(() => createPresentation({ holder: 1 as never })).toThrow(TypeError);
  });

  it('untrusted documents that are not plain JSON are coded, not thrown', async () => {
    class Foo {}
    const r = await verifyCredential({ a: new Foo() });
    expect(r.errors[0]?.code).toBe('ERR_VC_MALFORMED');
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 100; i++) {
      deep.x = {};
      deep = deep.x as Record<string, unknown>;
    }
    expect((await verifyCredential(root)).errors[0]?.code).toBe('ERR_VC_MALFORMED');
    const proto = JSON.parse('{"__proto__": {"polluted": true}}');
    expect((await verifyCredential(proto)).errors[0]?.code).toBe('ERR_VC_MALFORMED');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
