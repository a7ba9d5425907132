import { createSigner, generateKeyPair, publicKeyToJwk } from '@realdid/crypto';
import { decodeSdJwt, issueSdJwtVc, jwkKeyResolver } from '@realdid/sd-jwt';
import { describe, expect, it } from 'vitest';
import {
  createAuthorizationRequest,
  createAuthorizationResponse,
  createCredentialIssuer,
  createMemoryStore,
  createVpToken,
  parseCredentialOffer,
  REQUEST_OBJECT_TYP,
  verifyAuthorizationRequest,
  verifyAuthorizationResponse,
} from '../src/index.js';
import { parseDcqlQuery } from '../src/internal/dcql.js';
import { expectCode, RESPONSE_URI, vector } from './helpers.js';

const VP = 'openid4vp-1.0-examples';
const VCI = 'openid4vci-1.0-examples';
const json = (p: string) => JSON.parse(vector(p)) as Record<string, unknown>;
const IDENTITY = 'https://credentials.example.com/identity_credential';

/** Puts a query in place of the spec's elided `"dcql_query": {...}`. */
function withQuery(text: string, query: unknown): Record<string, unknown> {
  return JSON.parse(text.replace(/\{\s*\.\.\.\s*\}/, JSON.stringify(query)));
}

const holder = generateKeyPair('P-256');
const issuerKey = generateKeyPair('Ed25519');
const keyResolver = jwkKeyResolver(publicKeyToJwk('Ed25519', issuerKey.publicKey));

function issue(vct: string, claims: Record<string, unknown>) {
  const top = Object.keys(claims);
  return issueSdJwtVc({
    signer: createSigner(issuerKey),
    vct,
    iss: 'https://credentials.example.com',
    cnf: { jwk: publicKeyToJwk('P-256', holder.publicKey) },
    claims,
    disclosureFrame: {
      _sd: top,
      ...(claims.address ? { address: { _sd: Object.keys(claims.address as object) } } : {}),
    },
  });
}

const PERSON = {
  given_name: 'John',
  family_name: 'Doe',
  date_of_birth: '1990-01-01',
  postal_code: '90210',
  locality: 'Beverly Hills',
  region: 'CA',
  address: { street_address: '123 Main St', country: 'US' },
};

async function roundTrip(query: Record<string, unknown>, credentials: string[]) {
  const { params, transaction } = await createAuthorizationRequest({
    clientId: `redirect_uri:${RESPONSE_URI}`,
    responseMode: 'direct_post',
    responseUri: RESPONSE_URI,
    dcqlQuery: query,
    clientMetadata: json(`${VP}/client_metadata/sd_jwt_vc_verifier_metadata.json`),
  });
  const request = await verifyAuthorizationRequest(params, { requireSigned: false });
  const { vpToken } = await createVpToken(request, { credentials, holderSigner: () => createSigner(holder) });
  const response = await createAuthorizationResponse(request, vpToken);
  return verifyAuthorizationResponse(response, {
    transaction,
    replayStore: createMemoryStore(),
    keyResolver,
    requireStatusCheck: false,
  });
}

describe('OpenID4VP 1.0 DCQL examples', () => {
  const files = [
    'query_lang/simple.json',
    'query_lang/simple_mdoc.json',
    'query_lang/complex_mdoc.json',
    'query_lang/multi_credentials.json',
    'query_lang/claims_alternatives.json',
    'query_lang/credentials_alternatives.json',
    'query_lang/value_matching_simple.json',
    'request/dcql_jwt_vc.json',
    'request/dcql_ldp_vc.json',
  ];
  for (const f of files) {
    it(`${f} parses and validates`, () => {
      expect(parseDcqlQuery(json(`${VP}/${f}`)).credentials.length).toBeGreaterThan(0);
    });
  }

  it('simple.json: the wallet answers with exactly family_name, given_name, address.street_address', async () => {
    const out = await roundTrip(json(`${VP}/query_lang/simple.json`), [await issue(IDENTITY, PERSON)]);
    expect(out.presentations.my_credential?.[0]?.claims).toMatchObject({
      family_name: 'Doe',
      given_name: 'John',
      address: { street_address: '123 Main St' },
    });
    expect(out.presentations.my_credential?.[0]?.claims.address).toEqual({ street_address: '123 Main St' });
    expect(out.presentations.my_credential?.[0]?.claims.postal_code).toBeUndefined();
  });

  it('value_matching_simple.json: values filter the credential', async () => {
    const q = json(`${VP}/query_lang/value_matching_simple.json`);
    const out = await roundTrip(q, [
      await issue(IDENTITY, { ...PERSON, family_name: 'Smith' }),
      await issue(IDENTITY, PERSON),
    ]);
    expect(out.presentations.my_credential?.[0]?.claims.family_name).toBe('Doe');
    await expectCode(
      roundTrip(q, [await issue(IDENTITY, { ...PERSON, postal_code: '10001' })]),
      'ERR_OID4VC_DCQL_UNSATISFIED',
    );
  });

  it('claims_alternatives.json: the first satisfiable claim set is disclosed, nothing more', async () => {
    const q = json(`${VP}/query_lang/claims_alternatives.json`);
    const full = await roundTrip(q, [await issue(IDENTITY, PERSON)]);
    expect(Object.keys(full.presentations.pid?.[0]?.claims ?? {})).toEqual(
      expect.arrayContaining(['family_name', 'locality', 'region', 'date_of_birth']),
    );
    expect(full.presentations.pid?.[0]?.claims.postal_code).toBeUndefined();
    const { locality: _, ...noLocality } = PERSON;
    const alt = await roundTrip(q, [await issue(IDENTITY, noLocality)]);
    expect(alt.presentations.pid?.[0]?.claims.postal_code).toBe('90210');
    expect(alt.presentations.pid?.[0]?.claims.region).toBeUndefined();
  });

  it('credentials_alternatives.json: the required set is answered, the optional one left out', async () => {
    const q = json(`${VP}/query_lang/credentials_alternatives.json`);
    const rewards = await issue('https://company.example/company_rewards', { rewards_number: '42' });
    const out = await roundTrip(q, [rewards, await issue('https://othercredentials.example/pid', PERSON)]);
    expect(Object.keys(out.presentations)).toEqual(['other_pid']);
  });

  it('the DID client request object example: typ and client_id prefix', async () => {
    const header = json(`${VP}/request/request_header_client_id_did.json`);
    expect(header.typ).toBe(REQUEST_OBJECT_TYP);
    const payload = withQuery(
      vector(`${VP}/request/request_object_client_id_did.json`),
      json(`${VP}/query_lang/simple.json`),
    );
    expect(String(payload.client_id).startsWith('decentralized_identifier:did:')).toBe(true);
    // The example predates response_mode in the object; without one it is refused, and sent
    // unsigned with one, a decentralized_identifier: client is refused too.
    await expectCode(
      verifyAuthorizationRequest(payload, { requireSigned: false }),
      'ERR_OID4VC_REQUEST_INVALID',
    );
    await expectCode(
      verifyAuthorizationRequest(
        { ...payload, response_mode: 'direct_post', response_uri: RESPONSE_URI },
        { requireSigned: false },
      ),
      'ERR_OID4VC_CLIENT_ID',
    );
  });

  it('the Digital Credentials API payloads: unsigned accepted with origin:<origin>, an x509 client refused unsigned', async () => {
    const q = json(`${VP}/query_lang/simple.json`);
    const unsigned = withQuery(vector(`${VP}/digital_credentials_api/signed_request_payload.json`), q);
    const r = await verifyAuthorizationRequest(unsigned, {
      requireSigned: false,
      origin: 'https://origin1.example.com',
    });
    expect(r.audience).toBe('origin:https://origin1.example.com');
    expect(r.nonce).toBe('n-0S6_WzA2Mj');
    const x509 = withQuery(vector(`${VP}/digital_credentials_api/signed_request_payload_compact.json`), q);
    await expectCode(
      verifyAuthorizationRequest(x509, { requireSigned: false, origin: 'https://origin1.example.com' }),
      'ERR_OID4VC_CLIENT_ID',
    );
    expect(json(`${VP}/digital_credentials_api/error_invalid_request.json`).error).toBe('invalid_request');
  });

  it('the unsecured KB-JWT example carries the fields our verifier checks', () => {
    expect(Object.keys(json(`${VP}/response/kb_jwt_unsecured.json`))).toEqual(
      expect.arrayContaining(['nonce', 'aud', 'iat', 'sd_hash']),
    );
  });
});

describe('OpenID4VCI 1.0 examples', () => {
  it('credential offers parse', () => {
    for (const f of [
      'credential_offer_pre-authz_code.json',
      'credential_offer_by_reference.json',
      'credential_offer_multiple_credentials.json',
    ]) {
      const o = parseCredentialOffer(vector(`${VCI}/${f}`));
      expect(o.credential_issuer).toBe('https://credential-issuer.example.com');
    }
    const http = vector(`${VCI}/credential_offer_authz_code.txt`);
    const o = parseCredentialOffer(http.slice(http.indexOf('{')));
    expect(o.grants?.authorization_code?.issuer_state).toBe('eyJhbGciOiJSU0Et...FYUaBy');
    expect(() =>
      parseCredentialOffer({
        ...json(`${VCI}/credential_offer_pre-authz_code.json`),
        credential_configuration_ids: [],
      }),
    ).toThrow();
  });

  it('the SD-JWT VC credential configuration is served as issuer metadata', () => {
    const supported = json(`${VCI}/credential_metadata_sd_jwt_vc.json`)
      .credential_configurations_supported as Record<
      string,
      { format: 'dc+sd-jwt'; vct: string; credential_metadata?: unknown }
    >;
    const issuer = createCredentialIssuer({
      credentialIssuer: 'https://credential-issuer.example.com',
      configurations: supported,
      issue: async () => 'unused',
    });
    const md = issuer.metadata();
    const long = json(`${VCI}/credential_issuer_metadata_sd_jwt_long.json`);
    for (const k of ['credential_issuer', 'credential_endpoint', 'nonce_endpoint'])
      expect(md[k]).toBe(long[k]);
    expect(Object.keys(md.batch_credential_issuance as object)).toEqual(
      Object.keys(long.batch_credential_issuance as object),
    );
    const cfg = (md.credential_configurations_supported as Record<string, Record<string, unknown>>)
      .SD_JWT_VC_example_in_OpenID4VCI;
    expect(cfg?.credential_metadata).toEqual(supported.SD_JWT_VC_example_in_OpenID4VCI?.credential_metadata);
  });

  it('the SD-JWT VC credential response decodes', () => {
    const http = vector(`${VCI}/credential_response_sd_jwt_vc.txt`);
    const body = http.slice(http.indexOf('{'));
    const unwrapped = body.replace(
      /"credential": "([^"]+)"/s,
      (_, c: string) => `"credential": "${c.replace(/\s+/g, '')}"`,
    );
    const res = JSON.parse(unwrapped) as { credentials: Array<{ credential: string }> };
    const d = decodeSdJwt(res.credentials[0]?.credential as string);
    expect(d.header.typ).toBe('dc+sd-jwt');
    expect(typeof d.claims.vct).toBe('string');
  });
});
