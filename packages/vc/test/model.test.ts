import { validateCredential, validatePresentation } from '@realdid/vc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const valid = {
  '@context': ['https://www.w3.org/ns/credentials/v2'],
  id: 'urn:uuid:0d1b6c2e-1a6f-4b5a-8a2e-3c4d5e6f7a8b',
  type: ['VerifiableCredential'],
  issuer: 'did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2',
  validFrom: '2025-01-01T00:00:00Z',
  validUntil: '2030-01-01T00:00:00+08:00',
  credentialSubject: { id: 'did:example:alice', over18: true },
};

describe('data model checks', () => {
  it('a valid credential has no issue', () => {
    expect(validateCredential(valid)).toEqual([]);
  });

  it('property: removing a required member gives its code', () => {
    const required: Record<string, string> = {
      '@context': 'ERR_VC_CONTEXT',
      type: 'ERR_VC_TYPE',
      issuer: 'ERR_VC_ISSUER',
      credentialSubject: 'ERR_VC_SUBJECT',
    };
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(required)), (k) => {
        const { [k]: _, ...rest } = valid as Record<string, unknown>;
        expect(validateCredential(rest).map((e) => e.code)).toContain(required[k]);
      }),
    );
  });

  it('property: a non-URL id, issuer or subject id is refused', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string().filter((s) => !/^[A-Za-z][A-Za-z0-9+.-]*:\S*$/.test(s)),
          fc.integer(),
          fc.constant(null),
          fc.array(fc.webUrl(), { minLength: 2, maxLength: 3 }),
        ),
        fc.constantFrom('id', 'issuer', 'subject'),
        (bad, where) => {
          const c: Record<string, unknown> = structuredClone(valid);
          if (where === 'subject') c.credentialSubject = { id: bad, over18: true };
          else c[where] = bad;
          const codes = validateCredential(c).map((e) => e.code);
          expect(codes.length).toBeGreaterThan(0);
          expect(codes[0]).toBe(
            where === 'id' ? 'ERR_VC_ID' : where === 'issuer' ? 'ERR_VC_ISSUER' : 'ERR_VC_SUBJECT',
          );
        },
      ),
    );
  });

  it('property: dates must be dateTimeStamps, in order', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }),
        (d) => {
          const iso = d.toISOString();
          expect(validateCredential({ ...valid, validFrom: iso, validUntil: undefined })).toEqual([]);
          expect(
            validateCredential({ ...valid, validFrom: iso.replace('Z', '') }).map((e) => e.code),
          ).toContain('ERR_VC_DATE');
        },
      ),
    );
    expect(validateCredential({ ...valid, validFrom: '2031-01-01T00:00:00Z' }).map((e) => e.code)).toEqual([
      'ERR_VC_DATE',
    ]);
  });

  it('VC 1.1 needs issuanceDate', () => {
    const v1 = {
      ...valid,
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      validFrom: undefined,
      validUntil: undefined,
    };
    expect(validateCredential(v1).map((e) => e.code)).toEqual(['ERR_VC_DATE']);
    expect(validateCredential({ ...v1, issuanceDate: '2020-01-01T00:00:00Z' })).toEqual([]);
  });

  it('presentations: holder, embedded credentials', () => {
    const vp = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'] };
    expect(validatePresentation(vp)).toEqual([]);
    expect(validatePresentation({ ...vp, holder: 'not a url' })[0]?.code).toBe('ERR_VC_PRESENTATION');
    expect(validatePresentation({ ...vp, verifiableCredential: ['eyJ...'] })[0]?.code).toBe(
      'ERR_VC_PRESENTATION',
    );
    expect(validatePresentation({ ...vp, verifiableCredential: [{ ...valid, type: [] }] })[0]?.code).toBe(
      'ERR_VC_TYPE',
    );
    expect(validatePresentation({ ...vp, verifiableCredential: [valid] })).toEqual([]);
  });
});
