/**
 * Hostile input against the VC verifiers: verifyCredential, verifyPresentation,
 * verifyDataIntegrityProof, validateCredential/validatePresentation. Whatever the document —
 * arbitrary JSON, prototype-polluting keys, throwing getters, proxies, cycles, 10k-deep nesting,
 * multi-megabyte strings, edge numbers, bit flips of a real signed credential — the verifier
 * throws a RealDidError whose code and `errors` carry VcErrorCodes (read back as data through
 * ./outcome.ts); only a non-object document or bad options are misuse (TypeError/RangeError).
 * Never an uncoded error, never a hang. See test-support/hostile.ts.
 */
import { generateKeyPair, publicKeyToMultibase, utf8Decode, utf8Encode } from '@realdid/crypto';
import {
  type CredentialVerificationResult,
  createDataIntegritySigner,
  createPresentation,
  issueCredential,
  signPresentation,
  VC_ERROR_CODES,
  type VcErrorCode,
  validateCredential,
  validatePresentation,
} from '@realdid/vc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allHostileValues,
  anyJson,
  anyObjectWithProtoKeys,
  anyString,
  cyclic,
  deepArray,
  deepObject,
  flipBit,
  hugeStrings,
  type OutcomeRules,
  outcome,
  pollutingObjects,
  throwingAccessor,
  throwingGetters,
  WEIRD_VALUES,
} from '../../../test-support/hostile.js';
import { documentLoader } from './helpers.js';
import type { Settled } from './outcome.js';
import { verifyCredential, verifyDataIntegrityProof, verifyPresentation } from './outcome.js';

const CODES: readonly VcErrorCode[] = VC_ERROR_CODES;
/** A document that is an object must never be rejected by a throw: only by errors[]. */
const RESULT_ONLY: OutcomeRules = { codes: [] };
const RULES: OutcomeRules = { codes: CODES, misuse: true };

const NOW = new Date('2026-01-01T00:00:00Z');
const kp = generateKeyPair('Ed25519');
const mb = publicKeyToMultibase('Ed25519', kp.publicKey);
const did = `did:key:${mb}`;
const signer = createDataIntegritySigner(kp, `${did}#${mb}`);
const base = {
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
  id: 'urn:uuid:7f2c2a6e-1d7b-4c5e-9a38-0c3b5f1d2e11',
  type: ['VerifiableCredential', 'AgeCredential'],
  issuer: did,
  validFrom: '2025-01-01T00:00:00Z',
  credentialSubject: { id: did, ageOver18: true, region: 'Beijing' },
};
const vc = await issueCredential(base, { signer, documentLoader });
const vp = await signPresentation(createPresentation({ verifiableCredential: [vc], holder: did }), {
  signer,
  documentLoader,
  challenge: 'c',
  domain: 'd',
});
const vcText = JSON.stringify(vc);
const OPTS = { documentLoader, now: NOW, requireStatusCheck: false } as const;
const VP_OPTS = { ...OPTS, challenge: 'c', domain: 'd' } as const;

function checkResult(value: unknown): Settled<CredentialVerificationResult> {
  const r = value as Settled<CredentialVerificationResult>;
  expect(typeof r.verified).toBe('boolean');
  expect(Array.isArray(r.errors)).toBe(true);
  if (!r.verified) expect(r.errors.length).toBeGreaterThan(0);
  for (const e of r.errors) {
    expect(CODES).toContain(e.code);
    expect(typeof e.message).toBe('string');
    expect(e.message.length).toBeLessThan(4096);
  }
  return r;
}

async function all(doc: unknown): Promise<void> {
  const calls: Array<() => unknown> = [
    () => verifyCredential(doc, OPTS),
    () => verifyPresentation(doc, VP_OPTS),
    () => verifyDataIntegrityProof(doc, OPTS),
  ];
  for (const call of calls) {
    const o = await outcome(call, RESULT_ONLY);
    if (o.kind === 'returned') checkResult(o.value);
  }
  for (const v of [validateCredential, validatePresentation]) {
    const o = await outcome(() => v(doc), RESULT_ONLY);
    if (o.kind === 'returned') for (const e of o.value as { code: string }[]) expect(CODES).toContain(e.code);
  }
}

describe('the valid vectors verify (so the mutations below are meaningful)', () => {
  it('credential and presentation', async () => {
    expect(checkResult(await verifyCredential(vc, OPTS)).verified).toBe(true);
    expect((await verifyPresentation(vp, VP_OPTS)).verified).toBe(true);
  });
});

describe('hostile documents -> results with coded errors', () => {
  it('prototype-polluting, cyclic, proxy, getter-throwing and deeply nested documents', async () => {
    const docs: unknown[] = [
      ...pollutingObjects(),
      ...pollutingObjects().map((p) => ({ ...vc, credentialSubject: p })),
      JSON.parse(vcText.replace('"issuer"', '"__proto__":{"polluted":1},"issuer"')),
      JSON.parse(vcText.replace('"issuer"', '"constructor":{"prototype":{"polluted":1}},"issuer"')),
      { ...vc, credentialSubject: cyclic()[0] },
      throwingGetters(),
      throwingAccessor('proof', vc),
      throwingAccessor('@context', vc),
      { ...vc, credentialSubject: deepObject(10_000) },
      { ...vc, credentialSubject: { x: deepArray(10_000) } },
      { ...vc, evidence: deepObject(10_000, '@context') },
      { ...vc, credentialSubject: { id: did, big: 'A'.repeat(5 << 20) } },
      { ...vc, issuer: 'did:key:'.concat('z'.repeat(1 << 20)) },
      { ...vc, proof: { ...(vc.proof as object), proofValue: `z${'1'.repeat(1 << 20)}` } },
      { ...vc, proof: { ...(vc.proof as object), verificationMethod: `did:key:z${'2'.repeat(100_000)}#x` } },
      { ...vc, proof: Array.from({ length: 200 }, () => vc.proof) },
      { ...vc, '@context': [...(vc['@context'] as string[]), { '@vocab': 'https://evil.example/#' }] },
      { ...vc, '@context': [...(vc['@context'] as string[]), 'https://evil.example/context'] },
      {
        ...vc,
        credentialSubject: Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`k${i}`, i])),
      },
    ];
    for (const doc of docs) await all(doc);
  }, 60_000);

  it('edge numbers and wrong types as member values', async () => {
    for (const v of WEIRD_VALUES) {
      for (const key of [
        'issuer',
        'validFrom',
        'credentialSubject',
        'proof',
        '@context',
        'type',
        'credentialStatus',
      ]) {
        await all({ ...vc, [key]: v });
      }
      await all({ ...vc, proof: { ...(vc.proof as object), created: v, proofValue: v, cryptosuite: v } });
    }
  }, 60_000);

  it('arbitrary JSON objects and objects with proto keys', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.dictionary(anyString, anyJson, { maxKeys: 6 }),
          anyObjectWithProtoKeys.filter((o) => typeof o === 'object' && o !== null && !Array.isArray(o)),
          fc.record({
            '@context': anyJson,
            type: anyJson,
            issuer: anyJson,
            credentialSubject: anyJson,
            proof: anyJson,
          }),
          fc
            .tuple(fc.constantFrom('issuer', 'validFrom', 'validUntil', 'id', 'type', 'proof'), anyJson)
            .map(([k, v]) => ({ ...vc, [k]: v })),
        ),
        async (doc) => all(doc),
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});

describe('work is bounded by count limits', () => {
  it('thousands of copies of a valid proof: ERR_VC_MALFORMED before any proof is checked', async () => {
    // Regression: 2000 copies of the real proof (within maxNodes) verified one by one,
    // ~4.5 s of canonicalization and signature checks, and the credential then "verified".
    const many = { ...vc, proof: Array.from({ length: 2000 }, () => vc.proof) };
    for (const call of [() => verifyCredential(many, OPTS), () => verifyDataIntegrityProof(many, OPTS)]) {
      const r = checkResult(((await outcome(call, RESULT_ONLY)) as { value: unknown }).value);
      expect(r.verified).toBe(false);
      expect(r.errors.map((e) => e.code)).toContain('ERR_VC_MALFORMED');
    }
    // the limit is an option; a credential with two copies of its proof is within the default
    const two = { ...vc, proof: [vc.proof, vc.proof] };
    expect((await verifyCredential(two, OPTS)).verified).toBe(true);
    const r = await verifyCredential(two, { ...OPTS, limits: { maxProofs: 1 } });
    expect(r.errors.map((e) => e.code)).toEqual(['ERR_VC_MALFORMED']);
  });

  it('a presentation with more credentials than maxCredentials (16): ERR_VC_MALFORMED, no credential verified', async () => {
    const big = await signPresentation(
      createPresentation({ verifiableCredential: Array.from({ length: 17 }, () => vc), holder: did }),
      { signer, documentLoader, challenge: 'c', domain: 'd' },
    );
    const r = await verifyPresentation(big, VP_OPTS);
    expect(r.verified).toBe(false);
    // refused before any credential is looked at
    expect(r.errors.map((e) => e.code)).toEqual(['ERR_VC_MALFORMED']);
  }, 30_000);
});

describe('bit flips of a real signed credential never verify', () => {
  it('flips in the JSON text: not verified (or unparseable), errors coded', async () => {
    const bytes = utf8Encode(vcText);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: bytes.length * 8 - 1 }), async (bit) => {
        let doc: unknown;
        try {
          doc = JSON.parse(utf8Decode(flipBit(bytes, bit)));
        } catch {
          return; // no longer JSON: the parser's business
        }
        if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return;
        const o = await outcome(() => verifyCredential(doc, OPTS), RESULT_ONLY);
        const r = checkResult((o as { value: unknown }).value);
        // JSON-level flips that keep the same data (e.g. inside insignificant whitespace) are impossible here:
        // JSON.stringify emits none, so any parsed change is a change of the signed data or of the proof.
        if (JSON.stringify(doc) !== vcText) expect(r.verified).toBe(false);
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});

describe('misuse is TypeError/RangeError, never an uncoded error', () => {
  it('non-object documents and hostile options', async () => {
    for (const v of [...WEIRD_VALUES, ...hugeStrings().slice(0, 2), deepArray(10_000), cyclic()[1]]) {
      if (
        typeof v === 'object' &&
        v !== null &&
        !Array.isArray(v) &&
        Object.getPrototypeOf(v) === Object.prototype
      )
        continue;
      await outcome(() => verifyCredential(v, OPTS), RULES);
      await outcome(() => verifyPresentation(v, VP_OPTS), RULES);
      await outcome(() => verifyDataIntegrityProof(v, OPTS), RULES);
      await outcome(() => validateCredential(v), RULES);
      await outcome(() => validatePresentation(v), RULES);
    }
    for (const v of allHostileValues()) {
      for (const key of [
        'documentLoader',
        'resolver',
        'statusCheck',
        'now',
        'limits',
        'maxClockSkewSeconds',
        'resolverCacheTtlMs',
      ]) {
        await outcome(() => verifyCredential(vc, { ...OPTS, [key]: v } as never), RULES);
      }
      await outcome(() => verifyPresentation(vp, { ...VP_OPTS, challenge: v } as never), RULES);
    }
  }, 60_000);

  it('a status check or resolver plug-in that throws, hangs or answers garbage is a coded error', async () => {
    const cred = {
      ...base,
      credentialStatus: { id: 'https://s.example/1#0', type: 'BitstringStatusListEntry' },
    };
    const withStatus = await issueCredential(cred, { signer, documentLoader });
    // Values thrown that cannot be printed, or only at great length.
    const throwers: Array<() => never> = [
      () => {
        throw Object.create(null);
      },
      () => {
        throw {
          toString() {
            throw new Error('no');
          },
        };
      },
      () => {
        throw throwingGetters();
      },
      () => {
        throw new Error('x'.repeat(1 << 20));
      },
    ];
    const checks: unknown[] = [
      () => {
        throw new Error('down');
      },
      () => null,
      () => 42,
      () => ({ valid: 'yes' }),
      () => throwingGetters(),
      async () => {
        throw new TypeError('boom');
      },
      ...throwers,
    ];
    for (const statusCheck of checks) {
      const o = await outcome(
        () => verifyCredential(withStatus, { ...OPTS, requireStatusCheck: true, statusCheck } as never),
        RESULT_ONLY,
      );
      expect(o.kind).toBe('returned');
      const r = checkResult((o as { value: unknown }).value);
      expect(r.verified).toBe(false);
    }
    const resolvers: unknown[] = [
      () => {
        throw new Error('down');
      },
      async () => null,
      async () => ({ type: 'Ed25519', publicKey: 'nope', id: 1, controller: null }),
      async () => ({ type: 'Ed25519', publicKey: new Uint8Array(5), id: `${did}#${mb}`, controller: did }),
      async () => throwingGetters(),
    ];
    for (const resolver of [...resolvers, ...throwers]) {
      const o = await outcome(() => verifyCredential(vc, { ...OPTS, resolver } as never), RESULT_ONLY);
      expect(o.kind).toBe('returned');
      expect(checkResult((o as { value: unknown }).value).verified).toBe(false);
    }
    // A document loader that throws values that cannot be printed, on a context it must load.
    const ctx = { ...vc, '@context': [...(vc['@context'] as string[]), 'https://other.example/ctx'] };
    for (const t of throwers) {
      const loader = async (url: string) => (url === 'https://other.example/ctx' ? t() : documentLoader(url));
      const o = await outcome(
        () => verifyCredential(ctx, { ...OPTS, documentLoader: loader } as never),
        RESULT_ONLY,
      );
      expect(o.kind).toBe('returned');
      expect(checkResult((o as { value: unknown }).value).verified).toBe(false);
    }
  }, 60_000);
});
