// DCQL `ldp_vc` queries answered with Data Integrity credentials (@realdid/vc): derived
// ecdsa-sd-2023 and bbs-2023 disclosures of exactly the requested claims, in a presentation signed
// by the holder with the nonce as challenge and the client identifier as domain — and the attacks.
import { generateKeyPair as generateBbsKeyPair } from '@realdid/bbs';
import { generateKeyPair } from '@realdid/crypto';
import {
  createBbs2023Signer,
  createDidKeySigner,
  createDidResolver,
  createDocumentLoader,
  createPresentation,
  deriveCredential,
  issueCredential,
  signPresentation,
} from '@realdid/vc';
import { describe, expect, it } from 'vitest';
import { allHostileValues, outcome, pollutingObjects } from '../../../test-support/hostile.js';
import {
  createAuthorizationRequest,
  createAuthorizationResponse,
  createMemoryStore,
  type VerifierTransaction,
  verifyAuthorizationRequest,
  verifyAuthorizationResponse,
} from '../src/index.js';
import { createLdpVpToken, ldpPresentationVerifier } from '../src/ldp.js';
import { expectCode, setup } from './helpers.js';

const documentLoader = createDocumentLoader({ resolveDid: createDidResolver().didDocument });
const holder = createDidKeySigner(generateKeyPair('Ed25519'));
const stranger = createDidKeySigner(generateKeyPair('Ed25519'));
const AGE_TYPE = 'https://www.w3.org/ns/credentials/undefined-term#AgeCredential';
const NOW = Date.parse('2026-01-01T00:00:00Z');

function credential(issuer: string, subject = holder.did) {
  return {
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      'https://www.w3.org/ns/credentials/undefined-terms/v2',
    ],
    type: ['VerifiableCredential', 'AgeCredential'],
    issuer,
    validFrom: '2025-01-01T00:00:00Z',
    credentialSubject: { id: subject, ageOver18: true, birthCountry: 'CN', region: 'Beijing' },
  };
}

const ecdsa = createDidKeySigner(generateKeyPair('P-256'));
const ed = createDidKeySigner(generateKeyPair('Ed25519'));
const bbs = createBbs2023Signer(
  generateBbsKeyPair({ ciphersuite: 'BLS12-381-SHA-256' }),
  (mb) => `did:key:${mb}#${mb}`,
);
const bbsDid = bbs.id.split('#')[0] as string;
const mandatoryPointers = ['/issuer', '/validFrom'];

const issued = {
  'ecdsa-sd-2023': () =>
    issueCredential(credential(ecdsa.did), {
      signer: ecdsa,
      cryptosuite: 'ecdsa-sd-2023',
      mandatoryPointers,
      documentLoader,
    }),
  'bbs-2023': () => issueCredential(credential(bbsDid), { signer: bbs, mandatoryPointers, documentLoader }),
  'eddsa-rdfc-2022': () => issueCredential(credential(ed.did), { signer: ed, documentLoader }),
};

function ageQuery(claims: string[] = ['ageOver18']) {
  return {
    credentials: [
      {
        id: 'age',
        format: 'ldp_vc',
        meta: { type_values: [[AGE_TYPE]] },
        claims: claims.map((c) => ({ path: ['credentialSubject', c] })),
      },
    ],
  };
}

async function request(dcqlQuery: Record<string, unknown> = ageQuery()) {
  const s = await setup();
  const created = await createAuthorizationRequest({
    clientId: `decentralized_identifier:${s.rpDid}`,
    signer: s.rpSigner,
    kid: s.rpKid,
    responseMode: 'direct_post',
    responseUri: 'https://rp.example/post',
    dcqlQuery,
  });
  const verified = await verifyAuthorizationRequest(created.params, { resolver: s.resolver });
  return { s, transaction: created.transaction, verified };
}

/** `holder`'s vp_token for the transaction, presenting `credential` (derived as the query asks). */
function holderToken(verified: Awaited<ReturnType<typeof request>>['verified'], credential: unknown) {
  return createLdpVpToken(verified, { credentials: [credential] as never, signer: holder, documentLoader });
}

/** `holder`'s presentation of `credential`, signed for the transaction, as the wallet's response. */
async function holderResponse(
  credential: Record<string, unknown>,
  verified: Awaited<ReturnType<typeof request>>['verified'],
  transaction: VerifierTransaction,
): Promise<Record<string, unknown>> {
  const vp = await signPresentation(
    createPresentation({ verifiableCredential: [credential], holder: holder.did }),
    {
      signer: holder,
      challenge: transaction.nonce,
      domain: transaction.audience,
      documentLoader,
    },
  );
  return (await createAuthorizationResponse(verified, { age: [vp] })) as Record<string, unknown>;
}

function verify(
  response: Record<string, unknown>,
  transaction: VerifierTransaction,
  s: Awaited<ReturnType<typeof setup>>,
  replayStore = createMemoryStore(),
) {
  return verifyAuthorizationResponse(response, {
    transaction,
    replayStore,
    keyResolver: s.keyResolver,
    requireStatusCheck: false,
    verifyLdpPresentation: ldpPresentationVerifier({ documentLoader, now: () => NOW }),
  });
}

describe('DCQL ldp_vc with Data Integrity credentials', () => {
  for (const suite of ['ecdsa-sd-2023', 'bbs-2023'] as const) {
    it(`${suite}: the wallet derives exactly the requested claim; the verifier checks it and its binding`, async () => {
      const base = await issued[suite]();
      const { s, transaction, verified } = await request();
      const { vpToken, used } = await holderToken(verified, base);
      expect(used).toEqual({ age: 0 });
      const vp = vpToken.age?.[0] as Record<string, unknown>;
      expect((vp.proof as Record<string, unknown>).challenge).toBe(transaction.nonce);
      expect((vp.proof as Record<string, unknown>).domain).toBe(transaction.audience);
      const response = await createAuthorizationResponse(verified, vpToken);
      const replayStore = createMemoryStore();
      const out = await verify(response as Record<string, unknown>, transaction, s, replayStore);
      const subject = out.ldpPresentations.age?.[0]?.credential.credentialSubject as Record<string, unknown>;
      expect(subject).toEqual({ id: holder.did, ageOver18: true });
      expect(out.ldpPresentations.age?.[0]?.holder).toBe(holder.did);
      expect(out.ldpPresentations.age?.[0]?.types).toContain(AGE_TYPE);
      // the same post again
      await expectCode(
        verify(response as Record<string, unknown>, transaction, s, replayStore),
        'ERR_OID4VC_REPLAY',
      );
    });
  }

  it('wrong nonce, wrong audience: the presentation proof is bound to another transaction', async () => {
    const base = await issued['ecdsa-sd-2023']();
    const { s, transaction, verified } = await request();
    const { vpToken } = await holderToken(verified, base);
    const response = (await createAuthorizationResponse(verified, vpToken)) as Record<string, unknown>;
    await expectCode(
      verify(response, { ...transaction, nonce: `${transaction.nonce}x` }, s),
      'ERR_OID4VC_NONCE',
    );
    await expectCode(
      verify(response, { ...transaction, audience: 'decentralized_identifier:did:key:z6MkOther' }, s),
      'ERR_OID4VC_AUDIENCE',
    );
  });

  it('a disclosure of more claims than asked is refused', async () => {
    const base = await issued['bbs-2023']();
    const { s, transaction, verified } = await request();
    const derived = await deriveCredential(base, {
      selectivePointers: [
        '/credentialSubject/id',
        '/credentialSubject/ageOver18',
        '/credentialSubject/region',
      ],
      documentLoader,
    });
    const response = await holderResponse(derived, verified, transaction);
    await expectCode(verify(response, transaction, s), 'ERR_OID4VC_CLAIMS_EXCESS');
  });

  it('another person’s credential in the attacker’s own presentation is refused (holder binding)', async () => {
    const base = await issueCredential(credential(ecdsa.did, stranger.did), {
      signer: ecdsa,
      cryptosuite: 'ecdsa-sd-2023',
      mandatoryPointers,
      documentLoader,
    });
    const { s, transaction, verified } = await request();
    const derived = await deriveCredential(base, {
      selectivePointers: ['/credentialSubject/id', '/credentialSubject/ageOver18'],
      documentLoader,
    });
    const response = await holderResponse(derived, verified, transaction);
    await expectCode(verify(response, transaction, s), 'ERR_OID4VC_PRESENTATION_INVALID');
  });

  it('a credential without selective disclosure is shown only when the query covers all its claims', async () => {
    const plain = await issued['eddsa-rdfc-2022']();
    const narrow = await request();
    await expectCode(
      createLdpVpToken(narrow.verified, { credentials: [plain], signer: holder, documentLoader }),
      'ERR_OID4VC_DCQL_UNSATISFIED',
    );
    const wide = await request(ageQuery(['ageOver18', 'birthCountry', 'region']));
    const { vpToken } = await createLdpVpToken(wide.verified, {
      credentials: [plain],
      signer: holder,
      documentLoader,
    });
    const response = (await createAuthorizationResponse(wide.verified, vpToken)) as Record<string, unknown>;
    const out = await verify(response, wide.transaction, wide.s);
    expect(out.ldpPresentations.age?.[0]?.credential.credentialSubject).toMatchObject({ region: 'Beijing' });
  });

  it('without an ldp verifier, or with a string where a presentation object belongs, the answer is refused', async () => {
    const base = await issued['ecdsa-sd-2023']();
    const { s, transaction, verified } = await request();
    const { vpToken } = await holderToken(verified, base);
    const response = (await createAuthorizationResponse(verified, vpToken)) as Record<string, unknown>;
    await expectCode(
      verifyAuthorizationResponse(response, {
        transaction,
        replayStore: createMemoryStore(),
        keyResolver: s.keyResolver,
        requireStatusCheck: false,
      }),
      'ERR_OID4VC_RESPONSE_INVALID',
    );
    await expectCode(
      verify({ ...response, vp_token: { age: ['eyJ.x.y'] } }, transaction, s),
      'ERR_OID4VC_RESPONSE_INVALID',
    );
  });

  it('hostile presentations and members get a coded error; hostile wallet input is misuse or coded', async () => {
    const base = await issued['ecdsa-sd-2023']();
    const { s, transaction, verified } = await request();
    const { vpToken } = await holderToken(verified, base);
    const vp = vpToken.age?.[0] as Record<string, unknown>;
    const codes = [
      'ERR_OID4VC_RESPONSE_INVALID',
      'ERR_OID4VC_PRESENTATION_INVALID',
      'ERR_OID4VC_NONCE',
      'ERR_OID4VC_AUDIENCE',
      'ERR_OID4VC_DCQL_UNSATISFIED',
      'ERR_OID4VC_CLAIMS_EXCESS',
    ];
    const replayStore = createMemoryStore();
    for (const v of [...allHostileValues(), ...pollutingObjects()]) {
      for (const entry of [
        v,
        { ...vp, proof: v },
        { ...vp, verifiableCredential: v },
        { ...vp, holder: v },
      ]) {
        const o = await outcome(
          () => verify({ vp_token: { age: [entry] }, state: transaction.state }, transaction, s, replayStore),
          {
            codes,
          },
        );
        expect(o.kind).toBe('coded');
      }
      const w = await outcome(
        () => createLdpVpToken(verified, { credentials: [v] as never, signer: holder, documentLoader }),
        {
          codes: [...codes, 'ERR_VC_JSONLD', 'ERR_VC_MALFORMED', 'ERR_VC_DERIVE'],
          misuse: true,
        },
      );
      expect(w.kind).not.toBe('returned');
    }
  });
});
