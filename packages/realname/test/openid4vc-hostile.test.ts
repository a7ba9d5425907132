// Hostile input against the OpenID4VC entry points of the roles: every answer is a coded error
// (realname's or @realdid/openid4vc's) or, for the wrong kind of argument, a TypeError/RangeError —
// never a crash, a hang, a polluted prototype, a spent credential or a stored account.
import { MemoryLedger } from '@realdid/ledger';
import { beforeAll, describe, expect, it } from 'vitest';
import { allHostileValues, outcome, WEIRD_VALUES } from '../../../test-support/hostile.js';
import { MemoryStorage, Vault, Wallet } from '../src/index.js';
import { createEnrolmentIssuer } from '../src/openid4vc.js';
import { createDeployment, type DeployedSite, type Deployment } from '../src/testing.js';
import { alice, fastVault } from './helpers.js';

const CODES = [
  'ERR_PRESENTATION_INVALID',
  'ERR_PRESENTATION_AUDIENCE',
  'ERR_PRESENTATION_CLAIMS',
  'ERR_PRESENTATION_ISSUER',
  'ERR_NONCE_UNKNOWN',
  'ERR_NONCE_REPLAYED',
  'ERR_NONCE_EXPIRED',
  'ERR_REQUEST_INVALID',
  'ERR_REQUEST_EXPIRED',
  'ERR_REQUEST_NOT_ALLOWED',
  'ERR_REQUEST_WRONG_ORIGIN',
  'ERR_IDENTITY_NOT_VERIFIED',
  'ERR_OID4VC_REQUEST_INVALID',
  'ERR_OID4VC_REQUEST_UNSIGNED',
  'ERR_OID4VC_REQUEST_SIGNATURE',
  'ERR_OID4VC_CLIENT_ID',
  'ERR_OID4VC_DCQL_INVALID',
  'ERR_OID4VC_RESPONSE_INVALID',
  'ERR_OID4VC_RESPONSE_ENCRYPTION',
  'ERR_OID4VC_STATE',
  'ERR_OID4VC_OFFER_INVALID',
];
const rules = { codes: CODES, misuse: true };
const ORIGIN = 'https://video.example';

let d: Deployment;
let video: DeployedSite;
let wallet: Wallet;

beforeAll(async () => {
  d = await createDeployment({ ledger: new MemoryLedger(), people: [alice] });
  video = await d.addSite({ name: 'Video', allowedClaims: ['age_over_18'], origins: [ORIGIN] });
  wallet = await d.enrolWallet(alice, { count: 2 });
});

describe('realname over OpenID4VC: hostile input', () => {
  it('the relying party refuses any response, or any member of one, with a coded error', async () => {
    const { params, transaction } = await video.rp.createAuthorizationRequest(['age_over_18'], {
      responseUri: `${ORIGIN}/response`,
      responseMode: 'direct_post',
    });
    const answered = await wallet.answerAuthorizationRequest(params, { origin: ORIGIN });
    const genuine = answered.response as Record<string, unknown>;
    for (const bad of allHostileValues()) {
      const o = await outcome(
        () => video.rp.verifyAuthorizationResponse(bad as never, { transaction }),
        rules,
      );
      expect(o.kind).not.toBe('returned');
    }
    for (const member of ['vp_token', 'state', 'realdid_did_proof']) {
      for (const bad of WEIRD_VALUES) {
        const o = await outcome(
          () => video.rp.verifyAuthorizationResponse({ ...genuine, [member]: bad }, { transaction }),
          rules,
        );
        expect(o.kind, member).not.toBe('returned');
      }
    }
    for (const bad of WEIRD_VALUES) {
      const o = await outcome(
        () => video.rp.verifyAuthorizationResponse(genuine, { transaction: bad } as never),
        rules,
      );
      expect(o.kind).toBe('misuse');
    }
    expect(await video.rp.listAccounts()).toHaveLength(0);
    // the genuine answer still registers, once
    expect((await video.rp.verifyAuthorizationResponse(genuine, { transaction })).claims).toEqual({
      age_over_18: true,
    });
  });

  it('the wallet refuses any request with a coded error and spends nothing', async () => {
    const before = wallet.unusedCredentials;
    const { params } = await video.rp.createAuthorizationRequest(['age_over_18'], {
      responseUri: `${ORIGIN}/r`,
    });
    for (const bad of allHostileValues()) {
      const o = await outcome(
        () => wallet.answerAuthorizationRequest(bad as never, { origin: ORIGIN }),
        rules,
      );
      expect(o.kind).not.toBe('returned');
    }
    for (const member of ['client_id', 'request', 'request_uri']) {
      for (const bad of WEIRD_VALUES) {
        // request parameters are JSON: a member JSON cannot carry (undefined, a function, a
        // symbol) is an absent member, and the request is then the genuine one
        if (typeof bad !== 'bigint' && JSON.stringify({ bad }) === '{}') continue;
        const o = await outcome(
          () => wallet.answerAuthorizationRequest({ ...params, [member]: bad }, { origin: ORIGIN }),
          rules,
        );
        expect(o.kind, member).not.toBe('returned');
      }
    }
    for (const bad of WEIRD_VALUES) {
      const o = await outcome(
        () => wallet.answerAuthorizationRequest(params, { origin: bad } as never),
        rules,
      );
      expect(o.kind).toBe('misuse');
    }
    expect(wallet.unusedCredentials).toBe(before);
  });

  it('wrong-typed arguments of the relying party and the wallet are caller misuse', async () => {
    for (const bad of WEIRD_VALUES) {
      for (const call of [
        () => video.rp.createAuthorizationRequest(bad as never, { responseUri: `${ORIGIN}/r` }),
        () => video.rp.createAuthorizationRequest(['age_over_18'], bad as never),
        () => video.rp.createAuthorizationRequest(['age_over_18'], { responseUri: bad } as never),
        () =>
          video.rp.createAuthorizationRequest(['age_over_18'], {
            responseUri: `${ORIGIN}/r`,
            responseMode: 'dc_api',
          } as never),
      ]) {
        const o = await outcome(call, rules);
        expect(o.kind).not.toBe('returned');
        if (o.kind === 'coded') expect(o.code).toMatch(/^ERR_/);
      }
      if (bad !== undefined && bad !== null && typeof bad === 'object') continue;
      expect((await outcome(() => wallet.acceptCredentialOffer('{}', bad as never), rules)).kind).toBe(
        'misuse',
      );
    }
  });

  it('the enrolment issuer and the wallet refuse hostile offers, evidence and bodies', async () => {
    const issuer = createEnrolmentIssuer({
      authority: d.authority,
      identityVerifier: d.identityVerifier,
      credentialIssuer: 'https://ctid.example',
    });
    const vault = await Vault.create(new MemoryStorage(), 'pw', fastVault);
    const fresh = await Wallet.create({ vault, ledger: d.ledger, registryDid: d.registry.did });
    const noNetwork = (async () => {
      throw new Error('no network in this test');
    }) as unknown as typeof fetch;
    for (const bad of allHostileValues()) {
      expect((await outcome(() => issuer.createOffer(bad as never), rules)).kind).not.toBe('returned');
      const o = await outcome(
        () => fresh.acceptCredentialOffer(bad, { txCode: '123456', fetch: noNetwork }),
        rules,
      );
      expect(o.kind).not.toBe('returned');
      expect((await issuer.token({ body: bad })).status).toBe(400);
      expect((await issuer.credential({ headers: { authorization: 'Bearer x' }, body: bad })).status).toBe(
        401,
      );
    }
    expect(fresh.unusedCredentials).toBe(0);
    for (const bad of WEIRD_VALUES)
      expect(() =>
        createEnrolmentIssuer({ authority: bad, identityVerifier: d.identityVerifier } as never),
      ).toThrow(TypeError);
  });
});
