import {
  base64urlDecode,
  base64urlEncode,
  createSigner,
  generateKeyPair,
  publicKeyToJwk,
  utf8Decode,
  utf8Encode,
} from '@realdid/crypto';
import { createDid } from '@realdid/did';
import { issueSdJwtVc, presentSdJwt } from '@realdid/sd-jwt';
import { describe, expect, it } from 'vitest';
import {
  createAuthorizationRequest,
  createAuthorizationResponse,
  createMemoryStore,
  createVpToken,
  type ResponseMode,
  verifyAuthorizationRequest,
  verifyAuthorizationResponse,
} from '../src/index.js';
import { AGE_QUERY, expectCode, RESPONSE_URI, setup, VCT } from './helpers.js';

async function flow(responseMode: ResponseMode = 'direct_post') {
  const s = await setup();
  const created = await createAuthorizationRequest({
    clientId: `decentralized_identifier:${s.rpDid}`,
    signer: s.rpSigner,
    kid: s.rpKid,
    responseMode,
    responseUri: RESPONSE_URI,
    dcqlQuery: AGE_QUERY,
  });
  const request = await verifyAuthorizationRequest(created.params, { resolver: s.resolver });
  const verifyOpts = {
    transaction: created.transaction,
    replayStore: createMemoryStore(),
    keyResolver: s.keyResolver,
    requireStatusCheck: false,
  };
  const present = (frame: Record<string, unknown>, aud = request.audience, nonce = request.nonce) =>
    presentSdJwt(s.credential, frame as never, { keyBinding: { signer: s.holderSigner, aud, nonce } });
  const exact = { age_over_18: true, address: { region: true } };
  return { s, created, request, verifyOpts, present, exact };
}

describe('verifier refuses', () => {
  it('a key binding to another nonce (ERR_OID4VC_NONCE)', async () => {
    const f = await flow();
    const vp = await f.present(f.exact, f.request.audience, 'another-nonce-0123456');
    await expectCode(
      verifyAuthorizationResponse({ vp_token: { pid: [vp] }, state: f.request.state }, f.verifyOpts),
      'ERR_OID4VC_NONCE',
    );
  });

  it('a key binding to another audience (ERR_OID4VC_AUDIENCE)', async () => {
    const f = await flow();
    const vp = await f.present(f.exact, 'decentralized_identifier:did:example:other-rp');
    await expectCode(
      verifyAuthorizationResponse({ vp_token: { pid: [vp] }, state: f.request.state }, f.verifyOpts),
      'ERR_OID4VC_AUDIENCE',
    );
  });

  it('over the DC API, a key binding to the client_id instead of origin:<origin> (ERR_OID4VC_AUDIENCE)', async () => {
    const s = await setup();
    const { params, transaction } = await createAuthorizationRequest({
      clientId: `decentralized_identifier:${s.rpDid}`,
      signer: s.rpSigner,
      kid: s.rpKid,
      responseMode: 'dc_api',
      expectedOrigins: ['https://rp.example'],
      origin: 'https://rp.example',
      dcqlQuery: AGE_QUERY,
    });
    const request = await verifyAuthorizationRequest(params, {
      resolver: s.resolver,
      origin: 'https://rp.example',
    });
    const vp = await presentSdJwt(
      s.credential,
      { age_over_18: true, address: { region: true } },
      {
        keyBinding: { signer: s.holderSigner, aud: request.clientId, nonce: request.nonce },
      },
    );
    await expectCode(
      verifyAuthorizationResponse(
        { vp_token: { pid: [vp] } },
        {
          transaction,
          replayStore: createMemoryStore(),
          keyResolver: s.keyResolver,
          requireStatusCheck: false,
        },
      ),
      'ERR_OID4VC_AUDIENCE',
    );
  });

  it('a presentation with more claims than asked (ERR_OID4VC_CLAIMS_EXCESS)', async () => {
    const f = await flow();
    for (const frame of [
      { ...f.exact, given_name: true },
      { age_over_18: true, address: true }, // the whole address, street included
      { age_over_18: true, address: { region: true, street_address: true } },
    ]) {
      const vp = await f.present(frame);
      await expectCode(
        verifyAuthorizationResponse({ vp_token: { pid: [vp] }, state: f.request.state }, f.verifyOpts),
        'ERR_OID4VC_CLAIMS_EXCESS',
      );
    }
    // The exact answer passes with the same options (so the refusals above are about the claims).
    const ok = await f.present(f.exact);
    await expect(
      verifyAuthorizationResponse({ vp_token: { pid: [ok] }, state: f.request.state }, f.verifyOpts),
    ).resolves.toMatchObject({ verified: true });
  });

  it('a presentation missing a requested claim, or failing a value filter (ERR_OID4VC_DCQL_UNSATISFIED)', async () => {
    const f = await flow();
    const vp = await f.present({ age_over_18: true });
    await expectCode(
      verifyAuthorizationResponse({ vp_token: { pid: [vp] }, state: f.request.state }, f.verifyOpts),
      'ERR_OID4VC_DCQL_UNSATISFIED',
    );
    const minor = await f.s.issue({ age_over_18: false });
    const vp2 = await presentSdJwt(minor, f.exact, {
      keyBinding: { signer: f.s.holderSigner, aud: f.request.audience, nonce: f.request.nonce },
    });
    await expectCode(
      verifyAuthorizationResponse({ vp_token: { pid: [vp2] }, state: f.request.state }, f.verifyOpts),
      'ERR_OID4VC_DCQL_UNSATISFIED',
    );
  });

  it('a replayed direct_post: the transaction is consumed once (ERR_OID4VC_REPLAY)', async () => {
    const f = await flow();
    const { vpToken } = await createVpToken(f.request, {
      credentials: [f.s.credential],
      holderSigner: () => f.s.holderSigner,
    });
    const body = { vp_token: JSON.stringify(vpToken), state: f.request.state };
    await verifyAuthorizationResponse(body, f.verifyOpts);
    await expectCode(verifyAuthorizationResponse(body, f.verifyOpts), 'ERR_OID4VC_REPLAY');
  });

  it('a garbage post does not burn the transaction; a wrong state is ERR_OID4VC_STATE', async () => {
    const f = await flow();
    await expectCode(
      verifyAuthorizationResponse({ vp_token: '{"pid":["x~"]}', state: f.request.state }, f.verifyOpts),
      'ERR_OID4VC_PRESENTATION_INVALID',
    );
    const { vpToken } = await createVpToken(f.request, {
      credentials: [f.s.credential],
      holderSigner: () => f.s.holderSigner,
    });
    await expectCode(
      verifyAuthorizationResponse({ vp_token: vpToken, state: 'other' }, f.verifyOpts),
      'ERR_OID4VC_STATE',
    );
    await expect(
      verifyAuthorizationResponse({ vp_token: vpToken, state: f.request.state }, f.verifyOpts),
    ).resolves.toBeTruthy();
  });

  it('a plain response where an encrypted one was requested, and a JWE to another key', async () => {
    const f = await flow('direct_post.jwt');
    const { vpToken } = await createVpToken(f.request, {
      credentials: [f.s.credential],
      holderSigner: () => f.s.holderSigner,
    });
    await expectCode(
      verifyAuthorizationResponse({ vp_token: vpToken, state: f.request.state }, f.verifyOpts),
      'ERR_OID4VC_RESPONSE_ENCRYPTION',
    );
    const other = await flow('direct_post.jwt');
    const foreign = await createAuthorizationResponse(other.request, vpToken);
    await expectCode(verifyAuthorizationResponse(foreign, f.verifyOpts), 'ERR_OID4VC_RESPONSE_ENCRYPTION');
  });

  it('answers to queries that were not asked, and several presentations for a single query', async () => {
    const f = await flow();
    const vp = await f.present(f.exact);
    await expectCode(
      verifyAuthorizationResponse(
        { vp_token: { pid: [vp], extra: [vp] }, state: f.request.state },
        f.verifyOpts,
      ),
      'ERR_OID4VC_RESPONSE_INVALID',
    );
    await expectCode(
      verifyAuthorizationResponse({ vp_token: { pid: [vp, vp] }, state: f.request.state }, f.verifyOpts),
      'ERR_OID4VC_RESPONSE_INVALID',
    );
  });

  it('a revoked credential: checkStatus is passed through (ERR_OID4VC_PRESENTATION_INVALID, cause ERR_SD_JWT_REVOKED)', async () => {
    const f = await flow();
    const withStatus = await issueSdJwtVc({
      signer: createSigner(f.s.issuer),
      vct: VCT,
      iss: 'https://authority.example',
      cnf: { jwk: publicKeyToJwk('P-256', f.s.holder.publicKey) },
      status: { status_list: { idx: 7, uri: 'https://authority.example/status/1' } },
      claims: { age_over_18: true, address: { region: 'R' } },
      disclosureFrame: { _sd: ['age_over_18', 'address'], address: { _sd: ['region'] } },
    });
    const { vpToken } = await createVpToken(f.request, {
      credentials: [withStatus],
      holderSigner: () => f.s.holderSigner,
    });
    const seen: unknown[] = [];
    const checkStatus = async (status: unknown) => {
      seen.push(status);
      return 'revoked' as const;
    };
    const { requireStatusCheck: _, ...base } = f.verifyOpts;
    let err: unknown;
    try {
      await verifyAuthorizationResponse(
        { vp_token: vpToken, state: f.request.state },
        { ...base, checkStatus },
      );
    } catch (e) {
      err = e;
    }
    expect((err as { code?: string }).code).toBe('ERR_OID4VC_PRESENTATION_INVALID');
    expect((err as { cause?: { code?: string } }).cause?.code).toBe('ERR_SD_JWT_REVOKED');
    expect(seen).toEqual([{ status_list: { idx: 7, uri: 'https://authority.example/status/1' } }]);
    const ok = await verifyAuthorizationResponse(
      { vp_token: vpToken, state: f.request.state },
      { ...base, replayStore: createMemoryStore(), checkStatus: async () => 'valid' as const },
    );
    expect(ok.verified).toBe(true);
  });

  it('refuses to run without a status decision (fail closed)', async () => {
    const f = await flow();
    const { requireStatusCheck: _, ...noStatus } = f.verifyOpts;
    await expect(verifyAuthorizationResponse({ vp_token: {} }, noStatus as never)).rejects.toThrow(TypeError);
  });
});

/** A request object signed by the RP's key: direct_post to RESPONSE_URI, asking AGE_QUERY; `extra` options override. */
function rpRequest(
  s: Awaited<ReturnType<typeof setup>>,
  extra: Partial<Parameters<typeof createAuthorizationRequest>[0]> = {},
) {
  return createAuthorizationRequest({
    clientId: `decentralized_identifier:${s.rpDid}`,
    signer: s.rpSigner,
    kid: s.rpKid,
    responseMode: 'direct_post',
    responseUri: RESPONSE_URI,
    dcqlQuery: AGE_QUERY,
    ...extra,
  } as Parameters<typeof createAuthorizationRequest>[0]);
}

describe('wallet refuses', () => {
  it('an unsigned request where a signed one is required (ERR_OID4VC_REQUEST_UNSIGNED)', async () => {
    const { params } = await createAuthorizationRequest({
      clientId: `redirect_uri:${RESPONSE_URI}`,
      responseMode: 'direct_post',
      responseUri: RESPONSE_URI,
      dcqlQuery: AGE_QUERY,
    });
    await expectCode(verifyAuthorizationRequest(params), 'ERR_OID4VC_REQUEST_UNSIGNED');
    // A DID client_id claimed in an unsigned request is refused even when unsigned ones are allowed.
    const s = await setup();
    await expectCode(
      verifyAuthorizationRequest(
        { ...params, client_id: `decentralized_identifier:${s.rpDid}` },
        { requireSigned: false },
      ),
      'ERR_OID4VC_CLIENT_ID',
    );
  });

  it('a request signed by a key of another DID, or a tampered request object', async () => {
    const s = await setup();
    const intruder = createDid();
    const ik = intruder.keys.verificationMethods[0];
    if (ik === undefined) throw new Error('no key');
    // Signed with the intruder's key while claiming the RP's DID as client_id.
    const forged = await createAuthorizationRequest({
      clientId: `decentralized_identifier:${s.rpDid}`,
      signer: createSigner(ik.keyPair),
      kid: s.rpKid,
      responseMode: 'direct_post',
      responseUri: RESPONSE_URI,
      dcqlQuery: AGE_QUERY,
    });
    await expectCode(
      verifyAuthorizationRequest(forged.params, { resolver: s.resolver }),
      'ERR_OID4VC_REQUEST_SIGNATURE',
    );
    const good = await rpRequest(s);
    const [h, p, sig] = (good.requestObject as string).split('.') as [string, string, string];
    const payload = JSON.parse(utf8Decode(base64urlDecode(p)));
    payload.response_uri = 'https://attacker.example/post';
    const tampered = `${h}.${base64urlEncode(utf8Encode(JSON.stringify(payload)))}.${sig}`;
    await expectCode(
      verifyAuthorizationRequest({ request: tampered }, { resolver: s.resolver }),
      'ERR_OID4VC_REQUEST_SIGNATURE',
    );
    const header = JSON.parse(utf8Decode(base64urlDecode(h)));
    for (const change of [{ typ: 'JWT' }, { alg: 'none' }, { kid: `${createDid().longFormDid}#key-1` }]) {
      const h2 = base64urlEncode(utf8Encode(JSON.stringify({ ...header, ...change })));
      await expectCode(
        verifyAuthorizationRequest({ request: `${h2}.${p}.${sig}` }, { resolver: s.resolver }),
        'ERR_OID4VC_REQUEST_SIGNATURE',
      );
    }
    await expectCode(
      verifyAuthorizationRequest(
        { client_id: 'decentralized_identifier:did:example:x', request: good.requestObject },
        { resolver: s.resolver },
      ),
      'ERR_OID4VC_CLIENT_ID',
    );
    await expect(verifyAuthorizationRequest(good.params, { resolver: s.resolver })).resolves.toBeTruthy();
  });

  it('a DC API request from an origin it does not expect (ERR_OID4VC_ORIGIN)', async () => {
    const s = await setup();
    const { params } = await createAuthorizationRequest({
      clientId: `decentralized_identifier:${s.rpDid}`,
      signer: s.rpSigner,
      kid: s.rpKid,
      responseMode: 'dc_api',
      expectedOrigins: ['https://rp.example'],
      origin: 'https://rp.example',
      dcqlQuery: AGE_QUERY,
    });
    await expectCode(
      verifyAuthorizationRequest(params, { resolver: s.resolver, origin: 'https://relay.example' }),
      'ERR_OID4VC_ORIGIN',
    );
  });

  it('a request for a claim the RP is not registered for (ERR_OID4VC_CLAIMS_NOT_ALLOWED)', async () => {
    const s = await setup();
    const { params } = await rpRequest(s); // AGE_QUERY asks age_over_18 and address.region
    await expectCode(
      verifyAuthorizationRequest(params, { resolver: s.resolver, allowedClaims: [['age_over_18']] }),
      'ERR_OID4VC_CLAIMS_NOT_ALLOWED',
    );
    await expect(
      verifyAuthorizationRequest(params, {
        resolver: s.resolver,
        allowedClaims: [['age_over_18'], ['address']],
      }),
    ).resolves.toBeTruthy();
    const registry = new Map([[s.rpDid, [['age_over_18'], ['address', 'region']]]]);
    const lookup = ({ clientDid }: { clientDid?: string }) => registry.get(clientDid ?? '') ?? [];
    await expect(
      verifyAuthorizationRequest(params, { resolver: s.resolver, allowedClaims: lookup }),
    ).resolves.toBeTruthy();
    registry.set(s.rpDid, [['age_over_18']]);
    await expectCode(
      verifyAuthorizationRequest(params, { resolver: s.resolver, allowedClaims: lookup }),
      'ERR_OID4VC_CLAIMS_NOT_ALLOWED',
    );
  });

  it('an expired request object', async () => {
    const s = await setup();
    const { params } = await rpRequest(s, { now: () => Date.now() - 3_600_000 });
    await expectCode(
      verifyAuthorizationRequest(params, { resolver: s.resolver }),
      'ERR_OID4VC_REQUEST_INVALID',
    );
  });

  it('a query the held credentials cannot answer (ERR_OID4VC_DCQL_UNSATISFIED)', async () => {
    const s = await setup();
    const { params } = await createAuthorizationRequest({
      clientId: `redirect_uri:${RESPONSE_URI}`,
      responseMode: 'direct_post',
      responseUri: RESPONSE_URI,
      dcqlQuery: { credentials: [{ id: 'x', format: 'dc+sd-jwt', meta: { vct_values: ['urn:other'] } }] },
    });
    const request = await verifyAuthorizationRequest(params, { requireSigned: false });
    await expectCode(
      createVpToken(request, {
        credentials: [s.credential],
        holderSigner: () => createSigner(generateKeyPair('P-256')),
      }),
      'ERR_OID4VC_DCQL_UNSATISFIED',
    );
  });
});

describe('an SM2-signed request object (SM2 over SM3, default user ID)', () => {
  async function sm2Request() {
    const rp = createDid({ keys: [{ type: 'SM2' }] });
    const key = rp.keys.verificationMethods[0];
    if (key === undefined) throw new Error('no key');
    const signer = createSigner(key.keyPair);
    expect(signer.alg).toBe('SM2');
    return createAuthorizationRequest({
      clientId: `decentralized_identifier:${rp.longFormDid}`,
      signer,
      kid: `${rp.longFormDid}#${key.id.replace(/^.*#/, '')}`,
      responseMode: 'direct_post',
      responseUri: RESPONSE_URI,
      dcqlQuery: AGE_QUERY,
    });
  }

  it('verifies only when the verifier lists SM2', async () => {
    const { resolver } = await setup();
    const req = await sm2Request();
    const header = JSON.parse(
      utf8Decode(base64urlDecode((req.requestObject as string).split('.')[0] as string)),
    );
    expect(header.alg).toBe('SM2');
    await expectCode(verifyAuthorizationRequest(req.params, { resolver }), 'ERR_OID4VC_REQUEST_SIGNATURE');
    await expectCode(
      verifyAuthorizationRequest(req.params, { resolver, algorithms: ['EdDSA', 'ES256'] }),
      'ERR_OID4VC_REQUEST_SIGNATURE',
    );
    const verified = await verifyAuthorizationRequest(req.params, { resolver, algorithms: ['SM2'] });
    expect(verified.signed).toBe(true);
  });

  it('a tampered SM2 request object or a non-SM2 signature under alg SM2 is refused', async () => {
    const { resolver } = await setup();
    const req = await sm2Request();
    const [h, p, sig] = (req.requestObject as string).split('.') as [string, string, string];
    const payload = JSON.parse(utf8Decode(base64urlDecode(p)));
    payload.response_uri = 'https://attacker.example/post';
    const tampered = `${h}.${base64urlEncode(utf8Encode(JSON.stringify(payload)))}.${sig}`;
    await expectCode(
      verifyAuthorizationRequest({ request: tampered }, { resolver, algorithms: ['SM2'] }),
      'ERR_OID4VC_REQUEST_SIGNATURE',
    );
    // An Ed25519-signed request relabelled as SM2 does not verify either.
    const s = await setup();
    const ed = await rpRequest(s);
    const [eh, ep, esig] = (ed.requestObject as string).split('.') as [string, string, string];
    const relabelled = base64urlEncode(
      utf8Encode(JSON.stringify({ ...JSON.parse(utf8Decode(base64urlDecode(eh))), alg: 'SM2' })),
    );
    await expectCode(
      verifyAuthorizationRequest(
        { request: `${relabelled}.${ep}.${esig}` },
        { resolver, algorithms: ['SM2', 'EdDSA'] },
      ),
      'ERR_OID4VC_REQUEST_SIGNATURE',
    );
  });

  it('algorithms must list known names (TypeError otherwise)', async () => {
    const { resolver } = await setup();
    const req = await sm2Request();
    for (const bad of [[], ['none'], ['RS256'], 'SM2', [1]])
      await expect(
        verifyAuthorizationRequest(req.params, { resolver, algorithms: bad as never }),
      ).rejects.toThrow(TypeError);
  });
});
