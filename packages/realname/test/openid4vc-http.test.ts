// Enrolment over OpenID4VCI (pre-authorized code, transaction code, batch) and registration over
// OpenID4VP 1.0 with DCQL (a JAR signed by the site's did:realdid, direct_post and
// direct_post.jwt), over real HTTP on 127.0.0.1 — and the attacks on them.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  base64urlDecode,
  base64urlEncode,
  createSigner,
  generateKeyPair,
  isRealDidError,
  publicKeyToJwk,
  randomBytes,
  sha256,
  utf8Decode,
} from '@realdid/crypto';
import { MemoryLedger } from '@realdid/ledger';
import {
  createAuthorizationRequest,
  createAuthorizationResponse,
  type HandlerResponse,
  submitAuthorizationResponse,
  type VerifierTransaction,
  verifyAuthorizationRequest,
} from '@realdid/openid4vc';
import { presentSdJwt } from '@realdid/sd-jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Account,
  DID_PROOF_PARAMETER,
  DID_PROOF_TYP,
  MemoryStorage,
  registrationQuery,
  Vault,
  Wallet,
} from '../src/index.js';
import { ledgerResolver } from '../src/internal/dids.js';
import { signJws } from '../src/internal/jws.js';
import { derivePairwiseDid } from '../src/internal/pairwise.js';
import { createEnrolmentIssuer } from '../src/openid4vc.js';
import { createDeployment, type DeployedSite, type Deployment } from '../src/testing.js';
import { alice, fastVault } from './helpers.js';

const evidence = { nationalId: alice.nationalId, familyName: alice.familyName, givenName: alice.givenName };

let server: Server;
let base = '';
let d: Deployment;
let issuer: ReturnType<typeof createEnrolmentIssuer>;
/** The enrolment issuers the server routes to, by path segment. */
const issuers = new Map<string, ReturnType<typeof createEnrolmentIssuer>>();
let video: DeployedSite;
let hospital: DeployedSite;
const transactions = new Map<string, { site: DeployedSite; transaction: VerifierTransaction }>();
const accounts = new Map<string, Account>();
/** The form bodies the wallet posted, by path (to replay them). */
const posted = new Map<string, string>();

function send(res: import('node:http').ServerResponse, r: HandlerResponse): void {
  res.writeHead(r.status, r.headers).end(JSON.stringify(r.body));
}

beforeAll(async () => {
  d = await createDeployment({ ledger: new MemoryLedger(), people: [alice] });
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', async () => {
      const url = req.url ?? '';
      try {
        const headers = { authorization: req.headers.authorization };
        for (const [name, iss] of issuers) {
          if (url === `/.well-known/openid-credential-issuer/${name}`)
            return send(res, { status: 200, headers: {}, body: iss.metadata() });
          if (url === `/.well-known/oauth-authorization-server/${name}`)
            return send(res, { status: 200, headers: {}, body: iss.authorizationServerMetadata() });
          if (url === `/${name}/token`)
            return send(res, await iss.token({ body: Object.fromEntries(new URLSearchParams(body)) }));
          if (url === `/${name}/nonce`) return send(res, await iss.nonce());
          if (url === `/${name}/credential`) {
            posted.set(url, body);
            return send(res, await iss.credential({ headers, body: JSON.parse(body) }));
          }
        }
        const tx = transactions.get(url);
        if (tx === undefined || req.method !== 'POST')
          return send(res, { status: 404, headers: {}, body: {} });
        posted.set(url, body);
        const account = await tx.site.rp.verifyAuthorizationResponse(
          Object.fromEntries(new URLSearchParams(body)),
          {
            transaction: tx.transaction,
          },
        );
        const code = base64urlEncode(randomBytes(16));
        accounts.set(code, account);
        return send(res, { status: 200, headers: {}, body: { redirect_uri: `${base}/done#${code}` } });
      } catch (e) {
        const code = isRealDidError(e) ? e.code : 'ERR_INTERNAL';
        return send(res, {
          status: 400,
          headers: {},
          body: { error: 'invalid_request', error_description: code },
        });
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer = createEnrolmentIssuer({
    authority: d.authority,
    identityVerifier: d.identityVerifier,
    credentialIssuer: `${base}/authority`,
  });
  issuers.set('authority', issuer);
  video = await d.addSite({ name: 'Video', allowedClaims: ['age_over_18', 'region'], origins: [base] });
  hospital = await d.addSite({
    name: 'Hospital',
    allowedClaims: ['age_over_18', 'national_id'],
    origins: [base],
  });
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function newWallet(): Promise<Wallet> {
  const vault = await Vault.create(new MemoryStorage(), 'pw', fastVault);
  return Wallet.create({ vault, ledger: d.ledger, registryDid: d.registry.did });
}

async function enrolled(count = 4): Promise<Wallet> {
  const wallet = await newWallet();
  const { offerUri, txCode } = await issuer.createOffer(evidence);
  expect(await wallet.acceptCredentialOffer(offerUri, { txCode, count })).toBe(count);
  return wallet;
}

let txCounter = 0;
async function request(
  site: DeployedSite,
  claims: Parameters<DeployedSite['rp']['createAuthorizationRequest']>[0],
  responseMode: 'direct_post' | 'direct_post.jwt' = 'direct_post.jwt',
  responseBase = base,
) {
  const path = `/rp/${site.name}/response/${++txCounter}`;
  const created = await site.rp.createAuthorizationRequest(claims, {
    responseUri: `${responseBase}${path}`,
    responseMode,
  });
  transactions.set(path, { site, transaction: created.transaction });
  return { ...created, path };
}

async function post(path: string, form: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function refusal(r: { status: number; body: Record<string, unknown> }): unknown {
  expect(r.status).toBe(400);
  return r.body.error_description;
}

async function expectCode(p: Promise<unknown>, code: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isRealDidError(err, code))
    throw new Error(`expected ${code}, got ${String((err as { code?: string })?.code)}: ${String(err)}`);
}

function payloadOf(jwt: string): Record<string, unknown> {
  return JSON.parse(utf8Decode(base64urlDecode(jwt.split('.')[1] as string))) as Record<string, unknown>;
}

describe('realname over OpenID4VC, on 127.0.0.1', () => {
  for (const mode of ['direct_post', 'direct_post.jwt'] as const) {
    it(`enrols by OpenID4VCI, registers by OpenID4VP + DCQL (${mode}), logs in`, async () => {
      const wallet = await enrolled(4);
      expect(wallet.unusedCredentials).toBe(4);
      const created = await request(video, ['age_over_18'], mode);
      expect(created.params.client_id).toBe(`decentralized_identifier:${video.rp.did}`);
      const jar = payloadOf(created.requestObject as string);
      expect(jar.dcql_query).toEqual(registrationQuery(['age_over_18']));
      const answered = await wallet.answerAuthorizationRequest(created.params, { origin: base });
      const result = await submitAuthorizationResponse(answered.request, answered.response);
      const account = accounts.get(String(result.redirect_uri).split('#')[1] ?? '');
      expect(account?.did).toBe(wallet.pairwiseDid(video.rp.did));
      expect(answered.did).toBe(account?.did);
      expect(account?.claims).toEqual({ age_over_18: true });
      expect(wallet.unusedCredentials).toBe(3);
      const form = new URLSearchParams(posted.get(created.path));
      if (mode === 'direct_post.jwt') {
        // the answer travels encrypted: no presentation or proof in the clear
        expect([...form.keys()]).toEqual(['response']);
      } else {
        const vp = JSON.parse(form.get('vp_token') as string) as Record<string, string[]>;
        const presentation = vp.realname?.[0] as string;
        const kb = presentation.slice(presentation.lastIndexOf('~') + 1);
        // the key binding carries the site's own request time, not the device clock
        expect(payloadOf(kb).iat).toBe(jar.iat);
        expect(payloadOf(kb).aud).toBe(`decentralized_identifier:${video.rp.did}`);
        expect(payloadOf(form.get(DID_PROOF_PARAMETER) as string).iss).toBe(account?.did);
      }
      // login is the native challenge–response with the pairwise DID
      const login = await wallet.login(await video.rp.createLoginChallenge(), { origin: base });
      expect((await video.rp.verifyLogin(login)).did).toBe(account?.did);
    });
  }

  it('a replayed direct_post is refused (the nonce is spent once)', async () => {
    const wallet = await enrolled(2);
    const created = await request(video, ['age_over_18'], 'direct_post.jwt');
    const answered = await wallet.answerAuthorizationRequest(created.params, { origin: base });
    await submitAuthorizationResponse(answered.request, answered.response);
    expect(refusal(await post(created.path, posted.get(created.path) as string))).toBe('ERR_NONCE_REPLAYED');
  });

  it('wrong nonce: an answer to one request, moved to another transaction of the same site, is refused', async () => {
    const wallet = await enrolled(2);
    const a = await request(video, ['age_over_18'], 'direct_post');
    const b = await request(video, ['age_over_18'], 'direct_post');
    const answered = await wallet.answerAuthorizationRequest(a.params, { origin: base });
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(answered.response))
      form.set(k, typeof v === 'string' ? v : JSON.stringify(v));
    form.set('state', b.transaction.state as string); // state is not integrity-protected: take b's
    expect(refusal(await post(b.path, form.toString()))).toBe('ERR_NONCE_UNKNOWN');
    // and the untouched answer is still good where it belongs
    form.set('state', a.transaction.state as string);
    expect((await post(a.path, form.toString())).status).toBe(200);
  });

  it('wrong audience: an answer made for another site is refused', async () => {
    const wallet = await enrolled(2);
    const forHospital = await request(hospital, ['age_over_18'], 'direct_post');
    const atVideo = await request(video, ['age_over_18'], 'direct_post');
    const answered = await wallet.answerAuthorizationRequest(forHospital.params, { origin: base });
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(answered.response))
      form.set(k, typeof v === 'string' ? v : JSON.stringify(v));
    form.set('state', atVideo.transaction.state as string);
    expect(refusal(await post(atVideo.path, form.toString()))).toBe('ERR_PRESENTATION_AUDIENCE');
  });

  it('a response disclosing more claims than asked is refused', async () => {
    // A wallet that discloses more than asked: its own holder key and pairwise key, a genuine
    // credential, everything bound correctly — only the extra claim is wrong.
    const holder = generateKeyPair('Ed25519');
    const [credential] = await d.authority.enrol({
      evidence,
      holderKeys: [publicKeyToJwk('Ed25519', holder.publicKey)],
    });
    const created = await request(video, ['age_over_18'], 'direct_post');
    const verified = await verifyAuthorizationRequest(created.params, {
      resolver: ledgerResolver(d.ledger) as never,
    });
    const aud = verified.audience;
    const presentation = await presentSdJwt(
      credential as string,
      { age_over_18: true, region: true },
      {
        keyBinding: {
          signer: createSigner(holder),
          aud,
          nonce: verified.nonce,
          iat: verified.payload.iat as number,
        },
      },
    );
    const pw = derivePairwiseDid(randomBytes(32), video.rp.did);
    const proof = signJws(
      {
        iss: pw.did,
        aud,
        nonce: verified.nonce,
        sd_hash: base64urlEncode(sha256(new TextEncoder().encode(presentation))),
      },
      pw.key,
      pw.kid,
      DID_PROOF_TYP,
    );
    const response = await createAuthorizationResponse(
      verified,
      { realname: [presentation] },
      { [DID_PROOF_PARAMETER]: proof },
    );
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(response)) form.set(k, typeof v === 'string' ? v : JSON.stringify(v));
    expect(refusal(await post(created.path, form.toString()))).toBe('ERR_PRESENTATION_CLAIMS');
    expect(accounts.size).toBeGreaterThan(0);
    expect([...accounts.values()].some((a) => 'region' in a.claims)).toBe(false);
  });

  it('a request from a site not registered for a claim is refused by the wallet, and logged', async () => {
    const wallet = await enrolled(1);
    const created = await request(video, ['national_id']);
    await expectCode(
      wallet.answerAuthorizationRequest(created.params, { origin: base }),
      'ERR_REQUEST_NOT_ALLOWED',
    );
    const log = await wallet.exportConsentLog();
    expect(log.at(-1)).toMatchObject({
      action: 'refused',
      claims: ['national_id'],
      reason: 'beyond registration',
    });
    expect(wallet.unusedCredentials).toBe(1);
  });

  it('an unsigned request is refused where a signed one is required', async () => {
    const wallet = await enrolled(1);
    const unsigned = await createAuthorizationRequest({
      clientId: `redirect_uri:${base}/rp/video/unsigned`,
      responseMode: 'direct_post',
      responseUri: `${base}/rp/video/unsigned`,
      dcqlQuery: registrationQuery(['age_over_18']),
    });
    await expectCode(
      wallet.answerAuthorizationRequest(unsigned.params, { origin: base }),
      'ERR_OID4VC_REQUEST_UNSIGNED',
    );
    // the signed request's parameters without its signature: as unsigned
    const created = await request(video, ['age_over_18']);
    const stripped = { ...payloadOf(created.requestObject as string) };
    await expectCode(
      wallet.answerAuthorizationRequest(stripped, { origin: base }),
      'ERR_OID4VC_REQUEST_UNSIGNED',
    );
    expect(wallet.unusedCredentials).toBe(1);
  });

  it('a request relayed through another origin, or answering to another origin, is refused', async () => {
    const wallet = await enrolled(1);
    const created = await request(video, ['age_over_18']);
    await expectCode(
      wallet.answerAuthorizationRequest(created.params, { origin: 'https://relay.example' }),
      'ERR_REQUEST_WRONG_ORIGIN',
    );
    const elsewhere = await request(
      video,
      ['age_over_18'],
      'direct_post.jwt',
      base.replace('127.0.0.1', 'localhost'),
    );
    await expectCode(
      wallet.answerAuthorizationRequest(elsewhere.params, { origin: base }),
      'ERR_REQUEST_WRONG_ORIGIN',
    );
    expect(wallet.unusedCredentials).toBe(1);
  });

  it('a wrong transaction code gets no credential; an offer is good once', async () => {
    const wallet = await newWallet();
    const { offerUri, txCode } = await issuer.createOffer(evidence);
    const wrong = txCode === '000000' ? '000001' : '000000';
    await expectCode(wallet.acceptCredentialOffer(offerUri, { txCode: wrong, count: 2 }), 'ERR_OID4VC_TOKEN');
    expect(await wallet.acceptCredentialOffer(offerUri, { txCode, count: 2 })).toBe(2);
    await expectCode(wallet.acceptCredentialOffer(offerUri, { txCode, count: 2 }), 'ERR_OID4VC_TOKEN');
    await expectCode(
      issuer.createOffer({ ...evidence, nationalId: '000000000000000000' }),
      'ERR_IDENTITY_NOT_VERIFIED',
    );
  });
});

describe('realname over OpenID4VC in the gm profile, on 127.0.0.1: every signature SM2', () => {
  let gm: Deployment;
  let gmIssuer: ReturnType<typeof createEnrolmentIssuer>;
  let gmVideo: DeployedSite;

  beforeAll(async () => {
    gm = await createDeployment({ ledger: new MemoryLedger(), people: [alice], profile: 'gm' });
    gmIssuer = createEnrolmentIssuer({
      authority: gm.authority,
      identityVerifier: gm.identityVerifier,
      credentialIssuer: `${base}/gm-authority`,
    });
    issuers.set('gm-authority', gmIssuer);
    gmVideo = await gm.addSite({
      name: 'GmVideo',
      allowedClaims: ['age_over_18', 'region'],
      origins: [base],
    });
  });

  const algOf = (jwt: string) =>
    (JSON.parse(utf8Decode(base64urlDecode(jwt.split('.')[0] as string))) as Record<string, unknown>).alg;

  async function gmWallet(): Promise<Wallet> {
    const vault = await Vault.create(new MemoryStorage(), 'pw', fastVault);
    return Wallet.create({ vault, ledger: gm.ledger, registryDid: gm.registry.did, profile: 'gm' });
  }

  for (const mode of ['direct_post', 'direct_post.jwt'] as const) {
    it(`enrols by OpenID4VCI (SM2 proofs), registers by OpenID4VP (${mode}, SM2 request object), logs in`, async () => {
      const wallet = await gmWallet();
      const { offerUri, txCode } = await gmIssuer.createOffer(evidence);
      expect(await wallet.acceptCredentialOffer(offerUri, { txCode, count: 2 })).toBe(2);
      // the proofs of possession the wallet sent are SM2
      const sent = JSON.parse(posted.get('/gm-authority/credential') as string) as {
        proofs: { jwt: string[] };
      };
      expect(sent.proofs.jwt).toHaveLength(2);
      for (const p of sent.proofs.jwt) expect(algOf(p)).toBe('SM2');
      const md = gmIssuer.metadata().credential_configurations_supported as Record<
        string,
        Record<string, unknown>
      >;
      expect(Object.values(md)[0]?.proof_types_supported).toEqual({
        jwt: { proof_signing_alg_values_supported: ['SM2'] },
      });

      const path = `/rp/${gmVideo.name}/response/${++txCounter}`;
      const created = await gmVideo.rp.createAuthorizationRequest(['age_over_18'], {
        responseUri: `${base}${path}`,
        responseMode: mode,
      });
      transactions.set(path, { site: gmVideo, transaction: created.transaction });
      // the site's request object is SM2, and only a verifier that lists SM2 accepts it
      expect(algOf(created.requestObject as string)).toBe('SM2');
      const resolver = ledgerResolver(gm.ledger);
      await expectCode(
        verifyAuthorizationRequest(created.params, { resolver: resolver as never }),
        'ERR_OID4VC_REQUEST_SIGNATURE',
      );
      const answered = await wallet.answerAuthorizationRequest(created.params, { origin: base });
      const result = await submitAuthorizationResponse(answered.request, answered.response);
      const account = accounts.get(String(result.redirect_uri).split('#')[1] ?? '');
      expect(account?.did).toBe(wallet.pairwiseDid(gmVideo.rp.did));
      expect(account?.claims).toEqual({ age_over_18: true });
      if (mode === 'direct_post') {
        const form = new URLSearchParams(posted.get(path));
        const vp = JSON.parse(form.get('vp_token') as string) as Record<string, string[]>;
        const presentation = vp.realname?.[0] as string;
        const issued = presentation.slice(0, presentation.indexOf('~'));
        const kb = presentation.slice(presentation.lastIndexOf('~') + 1);
        // the credential is SM2 with SM3 digests, the key binding and the pairwise DID's proof SM2
        expect(algOf(issued)).toBe('SM2');
        expect(payloadOf(issued)._sd_alg).toBe('sm3');
        expect(algOf(kb)).toBe('SM2');
        expect(algOf(form.get(DID_PROOF_PARAMETER) as string)).toBe('SM2');
      } else {
        expect([...new URLSearchParams(posted.get(path)).keys()]).toEqual(['response']);
      }
      const login = await wallet.login(await gmVideo.rp.createLoginChallenge(), { origin: base });
      expect((await gmVideo.rp.verifyLogin(login)).did).toBe(account?.did);
    });
  }

  it('an international wallet gets no gm credential (EdDSA proofs) and refuses the gm site request (SM2 not listed)', async () => {
    const vault = await Vault.create(new MemoryStorage(), 'pw', fastVault);
    const intl = await Wallet.create({ vault, ledger: gm.ledger, registryDid: gm.registry.did });
    const { offerUri, txCode } = await gmIssuer.createOffer(evidence);
    await expectCode(intl.acceptCredentialOffer(offerUri, { txCode, count: 1 }), 'ERR_OID4VC_CREDENTIAL');
    expect(intl.unusedCredentials).toBe(0);
    const path = `/rp/${gmVideo.name}/response/${++txCounter}`;
    const created = await gmVideo.rp.createAuthorizationRequest(['age_over_18'], {
      responseUri: `${base}${path}`,
    });
    await expectCode(
      intl.answerAuthorizationRequest(created.params, { origin: base }),
      'ERR_OID4VC_REQUEST_SIGNATURE',
    );
  });
});
