// A wallet talking to an issuer whose metadata does not hold: another issuer's metadata, an
// offered configuration the metadata does not list, endpoints that are not https, an
// authorization server answering for another server, metadata that is not JSON or not there.
// Each is refused with ERR_OID4VC_METADATA_INVALID before the pre-authorized code is sent
// anywhere, so the offer stays good for the real issuer.
import { describe, expect, it } from 'vitest';
import { requestCredentials } from '../src/index.js';
import { expectCode } from './helpers.js';
import { fetchFor, holderKeys, ISS, makeIssuer } from './issuerFixture.js';

const ISSUER_MD = `${ISS}/.well-known/openid-credential-issuer`;
const AS_MD = `${ISS}/.well-known/oauth-authorization-server`;

type Md = Record<string, unknown>;
const cases: [string, string, (body: Md) => unknown][] = [
  ['metadata of another issuer', ISSUER_MD, (b) => ({ ...b, credential_issuer: 'https://other.example' })],
  [
    'the offered configuration is not in the metadata',
    ISSUER_MD,
    (b) => ({ ...b, credential_configurations_supported: {} }),
  ],
  [
    'configurations that are not an object',
    ISSUER_MD,
    (b) => ({ ...b, credential_configurations_supported: ['realname'] }),
  ],
  [
    'an authorization server that is not https',
    ISSUER_MD,
    (b) => ({ ...b, authorization_servers: ['http://authority.example'] }),
  ],
  [
    'authorization server metadata of another server',
    AS_MD,
    (b) => ({ ...b, issuer: 'https://other.example' }),
  ],
  [
    'a token endpoint that is not https',
    AS_MD,
    (b) => ({ ...b, token_endpoint: 'http://authority.example/token' }),
  ],
  ['no token endpoint', AS_MD, (b) => ({ ...b, token_endpoint: undefined })],
  ['issuer metadata that is not a JSON object', ISSUER_MD, () => ['not', 'an', 'object']],
  ['authorization server metadata that is not a JSON object', AS_MD, () => 'metadata'],
];

describe('requestCredentials refuses metadata that does not hold', () => {
  it.each(cases)(
    '%s: ERR_OID4VC_METADATA_INVALID, and the code is not spent',
    async (_name, target, rewrite) => {
      const { issuer, issued } = makeIssuer();
      const { offer, txCode } = issuer.createOffer({
        configurationIds: ['realname'],
        subject: { age_over_18: true },
      });
      const log: string[] = [];
      await expectCode(
        requestCredentials({
          offer,
          txCode: txCode as string,
          holderKeys: holderKeys(1),
          fetch: fetchFor(issuer, log, {
            rewrite: (url, body) => (url === target ? rewrite(body as Md) : body),
          }),
        }),
        'ERR_OID4VC_METADATA_INVALID',
      );
      // Nothing went to the token endpoint: the pre-authorized code never left the wallet.
      expect(log.filter((u) => !u.includes('/.well-known/'))).toEqual([]);
      expect(issued).toHaveLength(0);
      // The same offer still works against the honest issuer.
      const creds = await requestCredentials({
        offer,
        txCode: txCode as string,
        holderKeys: holderKeys(1),
        fetch: fetchFor(issuer),
      });
      expect(creds).toHaveLength(1);
    },
  );

  it('metadata that is missing (HTTP 404) is refused with the same code', async () => {
    const { issuer } = makeIssuer();
    const { offer, txCode } = issuer.createOffer({
      configurationIds: ['realname'],
      subject: { age_over_18: true },
    });
    const missing: typeof fetch = async (input, init) =>
      String(input) === ISSUER_MD
        ? new Response(JSON.stringify({ error: 'not_found' }), { status: 404 })
        : fetchFor(issuer)(input, init);
    await expectCode(
      requestCredentials({ offer, txCode: txCode as string, holderKeys: holderKeys(1), fetch: missing }),
      'ERR_OID4VC_METADATA_INVALID',
    );
  });
});
