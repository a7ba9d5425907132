/**
 * One result convention and one option vocabulary: every verifier throws a coded RealDidError on
 * any failure and returns the verified result only on success; `checkStatus` /
 * `requireStatusCheck` / `now` / `clockSkewSeconds` / `keyResolver` / `timeoutMs`, the old names
 * as deprecated aliases; a presentation without a domain; a one-call did:key signer.
 */
import { generateKeyPair, isRealDidError, secretKeyToMultibase } from '@realdid/crypto';
import type { VcVerificationError } from '@realdid/vc';
import {
  addDataIntegrityProof,
  createDidKeySigner,
  createDidResolver,
  createPresentation,
  issueCredential,
  signPresentation,
  verifyCredential,
  verifyDataIntegrityProof,
  verifyPresentation,
} from '@realdid/vc';
import { describe, expect, it } from 'vitest';
import { WEIRD_VALUES, wrongClocks } from '../../../test-support/hostile.js';
import { documentLoader } from './helpers.js';

const issuer = createDidKeySigner(generateKeyPair('Ed25519'));
const holder = createDidKeySigner(generateKeyPair('P-256'));
const NOW = new Date('2026-01-01T00:00:00Z');
const unsigned = (extra: Record<string, unknown> = {}) => ({
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
  type: ['VerifiableCredential'],
  issuer: issuer.did,
  validFrom: '2025-01-01T00:00:00Z',
  credentialSubject: { id: holder.did, over18: true },
  ...extra,
});
const vc = await issueCredential(unsigned(), { signer: issuer, documentLoader });
const withStatus = await issueCredential(
  unsigned({ credentialStatus: { id: 'https://status.example/1#5', type: 'BitstringStatusListEntry' } }),
  { signer: issuer, documentLoader },
);
const forged = { ...vc, credentialSubject: { id: holder.did, over18: false } };

async function thrown(run: Promise<unknown>): Promise<VcVerificationError> {
  try {
    await run;
  } catch (e) {
    return e as VcVerificationError;
  }
  throw new Error('expected a refusal');
}

describe('verifiers throw on any failure and return only on success', () => {
  it('a forgery cannot be mistaken for a success: `try { await verifyCredential(vc) } catch {}` accepts nothing', async () => {
    let accepted = false;
    try {
      await verifyCredential(forged, { documentLoader, now: NOW });
      accepted = true;
    } catch {}
    expect(accepted).toBe(false);
    const e = await thrown(verifyCredential(forged, { documentLoader, now: NOW }));
    expect(isRealDidError(e, 'ERR_VC_PROOF_INVALID')).toBe(true);
    expect(e.errors.map((x) => x.code)).toEqual(['ERR_VC_PROOF_INVALID']);
    expect(Object.isFrozen(e.errors)).toBe(true);
    const ok = await verifyCredential(vc, { documentLoader, now: NOW });
    expect(ok).toMatchObject({ verified: true, issuer: issuer.did, credential: vc });
  });

  it('verifyDataIntegrityProof and verifyPresentation throw the same way', async () => {
    const e = await thrown(verifyDataIntegrityProof(forged, { documentLoader }));
    expect(e.code).toBe('ERR_VC_PROOF_INVALID');
    await expect(verifyDataIntegrityProof(vc, { documentLoader })).resolves.toMatchObject({ verified: true });
    const vp = await signPresentation(
      createPresentation({ verifiableCredential: [forged], holder: holder.did }),
      {
        signer: holder,
        challenge: 'c',
        documentLoader,
      },
    );
    const pe = await thrown(verifyPresentation(vp, { challenge: 'c', documentLoader, now: NOW }));
    expect(pe.code).toBe('ERR_VC_PROOF_INVALID');
    expect(pe.errors[0]?.message).toMatch(/^verifiableCredential\[0\]: /);
  });
});

describe('a presentation without a domain', () => {
  it('verifies without a domain option when its proof has none', async () => {
    const vp = await signPresentation(
      createPresentation({ verifiableCredential: [vc], holder: holder.did }),
      {
        signer: holder,
        challenge: 'c',
        documentLoader,
      },
    );
    const r = await verifyPresentation(vp, { challenge: 'c', documentLoader, now: NOW });
    expect(r.holder).toBe(holder.did);
    // a verifier that expects a domain refuses it
    expect(
      (
        await thrown(
          verifyPresentation(vp, { challenge: 'c', domain: 'https://rp.example', documentLoader, now: NOW }),
        )
      ).code,
    ).toBe('ERR_VC_DOMAIN');
  });

  it('a proof bound to a domain is refused by a verifier that expects none, unless requireDomain: false', async () => {
    const vp = await signPresentation(createPresentation({ holder: holder.did }), {
      signer: holder,
      challenge: 'c',
      domain: 'https://other-rp.example',
      documentLoader,
    });
    expect((await thrown(verifyPresentation(vp, { challenge: 'c', documentLoader }))).code).toBe(
      'ERR_VC_DOMAIN',
    );
    await expect(
      verifyPresentation(vp, { challenge: 'c', requireDomain: false, documentLoader }),
    ).resolves.toMatchObject({
      verified: true,
    });
  });
});

describe('createDidKeySigner', () => {
  it('signs for did:key with the right verification method, from a key pair or a multibase secret key', async () => {
    for (const type of ['Ed25519', 'P-256'] as const) {
      const kp = generateKeyPair(type);
      const a = createDidKeySigner(kp);
      const b = createDidKeySigner(secretKeyToMultibase(type, kp.secretKey));
      expect(b.did).toBe(a.did);
      expect(a.id).toBe(`${a.did}#${a.did.slice('did:key:'.length)}`);
      const signed = await issueCredential({ ...unsigned(), issuer: a.did }, { signer: a, documentLoader });
      await expect(verifyCredential(signed, { documentLoader, now: NOW })).resolves.toMatchObject({
        issuer: a.did,
      });
    }
  });

  it('a key pair whose public key does not match its secret key signs for the secret key', () => {
    const kp = generateKeyPair('Ed25519');
    const other = generateKeyPair('Ed25519');
    expect(createDidKeySigner({ ...kp, publicKey: other.publicKey }).did).toBe(createDidKeySigner(kp).did);
  });

  it('wrong types and unsupported keys', () => {
    for (const w of WEIRD_VALUES) expect(() => createDidKeySigner(w as never)).toThrow(/key|expected|string/);
    expect(() => createDidKeySigner(generateKeyPair('secp256k1'))).toThrow(RangeError);
  });
});

describe('status: refused unless checked or explicitly not required', () => {
  it('ERR_VC_STATUS_UNCHECKED by default; checkStatus (or the deprecated statusCheck) runs; requireStatusCheck: false opts out', async () => {
    expect((await thrown(verifyCredential(withStatus, { documentLoader, now: NOW }))).code).toBe(
      'ERR_VC_STATUS_UNCHECKED',
    );
    const revoked = () => ({ status: 'revoked' as const });
    expect(
      (await thrown(verifyCredential(withStatus, { documentLoader, now: NOW, checkStatus: revoked }))).code,
    ).toBe('ERR_VC_REVOKED');
    expect(
      (await thrown(verifyCredential(withStatus, { documentLoader, now: NOW, statusCheck: revoked }))).code,
    ).toBe('ERR_VC_REVOKED');
    const r = await verifyCredential(withStatus, {
      documentLoader,
      now: NOW,
      checkStatus: () => ({ status: 'valid' }),
    });
    expect(r.status).toEqual([{ status: 'valid' }]);
    await expect(
      verifyCredential(withStatus, { documentLoader, now: NOW, requireStatusCheck: false }),
    ).resolves.toMatchObject({ verified: true });
  });
});

describe('one vocabulary: new names, old names as deprecated aliases', () => {
  it('now: a clock in ms, and the deprecated Date and () => Date forms, give the same verdict', async () => {
    const short = await issueCredential(unsigned({ validUntil: '2026-01-01T00:00:00Z' }), {
      signer: issuer,
      documentLoader,
    });
    const later = Date.parse('2026-01-01T00:10:00Z');
    const earlier = Date.parse('2025-12-31T00:00:00Z');
    for (const t of [later, earlier]) {
      const verdicts = [];
      for (const now of [() => t, new Date(t), () => new Date(t)]) {
        verdicts.push(
          await verifyCredential(short, { documentLoader, now }).then(
            (r) => `ok ${r.verified}`,
            (e: unknown) => (isRealDidError(e) ? e.code : 'other'),
          ),
        );
      }
      expect(verdicts).toEqual(Array(3).fill(t === later ? 'ERR_VC_EXPIRED' : 'ok true'));
    }
  });

  it('clockSkewSeconds / maxClockSkewSeconds, keyResolver / resolver', async () => {
    const soon = await issueCredential(unsigned({ validFrom: '2026-01-01T00:02:00Z' }), {
      signer: issuer,
      documentLoader,
    });
    expect(
      (await thrown(verifyCredential(soon, { documentLoader, now: NOW, clockSkewSeconds: 60 }))).code,
    ).toBe('ERR_VC_NOT_YET_VALID');
    expect(
      (await thrown(verifyCredential(soon, { documentLoader, now: NOW, maxClockSkewSeconds: 60 }))).code,
    ).toBe('ERR_VC_NOT_YET_VALID');
    await expect(
      verifyCredential(soon, { documentLoader, now: NOW, clockSkewSeconds: 300 }),
    ).resolves.toBeTruthy();
    const keyResolver = createDidResolver().verificationMethod;
    await expect(verifyCredential(vc, { documentLoader, now: NOW, keyResolver })).resolves.toBeTruthy();
    await expect(
      verifyCredential(vc, { documentLoader, now: NOW, resolver: keyResolver }),
    ).resolves.toBeTruthy();
    const refusing = async () => {
      throw new Error('no key here');
    };
    expect(
      (await thrown(verifyCredential(vc, { documentLoader, now: NOW, keyResolver: refusing }))).code,
    ).toBe('ERR_VC_VERIFICATION_METHOD');
  });

  it('a new name and its old alias with two different values is a TypeError', async () => {
    const a = () => ({ status: 'valid' as const });
    const b = () => ({ status: 'valid' as const });
    await expect(verifyCredential(vc, { checkStatus: a, statusCheck: b })).rejects.toThrow(TypeError);
    await expect(verifyCredential(vc, { clockSkewSeconds: 1, maxClockSkewSeconds: 2 })).rejects.toThrow(
      TypeError,
    );
    const r = createDidResolver().verificationMethod;
    await expect(
      verifyCredential(vc, { keyResolver: r, resolver: async () => ({}) as never }),
    ).rejects.toThrow(TypeError);
  });

  it('wrong-typed values of every renamed or new option are TypeErrors / RangeErrors, never a verification', async () => {
    const options = [
      'keyResolver',
      'resolver',
      'checkStatus',
      'statusCheck',
      'clockSkewSeconds',
      'maxClockSkewSeconds',
      'requireStatusCheck',
      'contexts',
      'allowInlineContexts',
      'limits',
      'now',
      'timeoutMs',
    ];
    const fine: Record<string, (v: unknown) => boolean> = {
      keyResolver: (v) => typeof v === 'function',
      resolver: (v) => typeof v === 'function',
      checkStatus: (v) => typeof v === 'function',
      statusCheck: (v) => typeof v === 'function',
      clockSkewSeconds: (v) => typeof v === 'number' && v >= 0 && Number.isFinite(v),
      maxClockSkewSeconds: (v) => typeof v === 'number' && v >= 0 && Number.isFinite(v),
      requireStatusCheck: (v) => typeof v === 'boolean',
      allowInlineContexts: (v) => typeof v === 'boolean',
      limits: (v) =>
        typeof v === 'object' && v !== null && [Object.prototype, null].includes(Object.getPrototypeOf(v)),
      timeoutMs: (v) => typeof v === 'number' && v > 0,
      now: (v) => (v instanceof Date && Number.isFinite(v.getTime())) || typeof v === 'function',
      contexts: () => false,
    };
    for (const name of options) {
      for (const w of WEIRD_VALUES) {
        if (w === undefined || fine[name]!(w)) continue;
        for (const f of [
          () => verifyCredential(vc, { [name]: w }),
          () => verifyPresentation({}, { challenge: 'c', [name]: w }),
          () => verifyDataIntegrityProof(vc, { [name]: w }),
        ]) {
          const e = await f().then(
            () => undefined,
            (x: unknown) => x,
          );
          expect({
            name,
            w: Object.prototype.toString.call(w),
            ok: e instanceof TypeError || e instanceof RangeError,
          }).toEqual({
            name,
            w: Object.prototype.toString.call(w),
            ok: true,
          });
        }
      }
    }
    for (const [i, w] of wrongClocks().entries()) {
      for (const f of [
        () => verifyCredential(vc, { now: w as never }),
        () => verifyPresentation({}, { challenge: 'c', now: w as never }),
        () => verifyDataIntegrityProof(vc, { now: w as never }),
      ]) {
        const e = await f().then(
          () => undefined,
          (x: unknown) => x,
        );
        expect({ i, ok: e instanceof TypeError && /^options\.now: /.test(e.message) }).toEqual({
          i,
          ok: true,
        });
      }
    }
    for (const bad of [{ maxArrayLength: 0 }, { maxContexts: 1.5 }, { maxBlankNodes: '9' }]) {
      await expect(verifyCredential(vc, { limits: bad as never })).rejects.toThrow(RangeError);
    }
  });
});

describe('previousProof signing options are checked', () => {
  it('a previousProof naming no proof of the document, a non-URL proof id: TypeError', async () => {
    await expect(
      addDataIntegrityProof(vc, { signer: issuer, previousProof: 'urn:uuid:none' }),
    ).rejects.toThrow(TypeError);
    await expect(addDataIntegrityProof(vc, { signer: issuer, proofId: 'not a url' })).rejects.toThrow(
      TypeError,
    );
  });
});
