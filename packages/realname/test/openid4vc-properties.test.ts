// Properties of registration over OpenID4VP + DCQL: for any set of claims a site asks for, the
// wallet answers exactly when the registry allows them all, and the site then holds exactly those
// claims; in either response mode.

import { isRealDidError } from '@realdid/crypto';
import { MemoryLedger } from '@realdid/ledger';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { REALNAME_CLAIMS, type RealNameClaim, type Wallet } from '../src/index.js';
import { createDeployment, type DeployedSite } from '../src/testing.js';
import { alice } from './helpers.js';

const ORIGIN = 'https://shop.example';
const ALLOWED: RealNameClaim[] = ['age_over_18', 'age_over_60', 'region', 'nationality', 'birthdate'];

let site: DeployedSite;
let wallet: Wallet;

beforeAll(async () => {
  const d = await createDeployment({ ledger: new MemoryLedger(), people: [alice] });
  site = await d.addSite({ name: 'Shop', allowedClaims: ALLOWED, origins: [ORIGIN] });
  wallet = await d.enrolWallet(alice, { count: 1 });
});

describe('registration over OpenID4VP: properties', () => {
  it('any requested set is answered iff allowed, and the site holds exactly it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.subarray(ALLOWED, { minLength: 1 }), fc.subarray([...REALNAME_CLAIMS], { minLength: 1 })),
        fc.constantFrom('direct_post', 'direct_post.jwt' as const),
        async (claims, responseMode) => {
          const { params, transaction } = await site.rp.createAuthorizationRequest(claims, {
            responseUri: `${ORIGIN}/response`,
            responseMode,
          });
          const allowed = claims.every((c) => ALLOWED.includes(c));
          const answered = await wallet.answerAuthorizationRequest(params, { origin: ORIGIN }).then(
            (a) => a,
            (e: unknown) => e,
          );
          if (!allowed) {
            expect(isRealDidError(answered, 'ERR_REQUEST_NOT_ALLOWED')).toBe(true);
            return;
          }
          if (isRealDidError(answered)) throw answered;
          const a = answered as Awaited<ReturnType<Wallet['answerAuthorizationRequest']>>;
          const account = await site.rp.verifyAuthorizationResponse(a.response as Record<string, unknown>, {
            transaction,
          });
          expect(Object.keys(account.claims).sort()).toEqual([...claims].sort());
          expect(account.did).toBe(wallet.pairwiseDid(site.rp.did));
        },
      ),
      { numRuns: 12, examples: [[['age_over_18'], 'direct_post.jwt']] },
    );
    // one credential served every registration at this one site
    expect(wallet.unusedCredentials).toBe(0);
  });
});
