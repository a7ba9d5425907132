import { createSigner, generateKeyPair, publicKeyToJwk } from '@realdid/crypto';
import { issueSdJwtVc } from '@realdid/sd-jwt';
import {
  type CredentialIssuer,
  createCredentialIssuer,
  type HandlerResponse,
  type HolderKey,
} from '../src/index.js';
import { VCT } from './helpers.js';

/** The credential issuer of these tests. */
export const ISS = 'https://authority.example';

/** A credential issuer of SD-JWT VCs (batch size 5) that records what it issues. */
export function makeIssuer(proofAlgorithms?: readonly string[]) {
  const key = generateKeyPair('Ed25519');
  const issued: unknown[] = [];
  const issuer = createCredentialIssuer({
    ...(proofAlgorithms === undefined ? {} : { proofAlgorithms }),
    credentialIssuer: ISS,
    configurations: { realname: { format: 'dc+sd-jwt', vct: VCT } },
    batchSize: 5,
    issue: async ({ subject, cnf, index }) => {
      issued.push({ subject, index });
      return issueSdJwtVc({
        signer: createSigner(key),
        vct: VCT,
        iss: ISS,
        cnf,
        claims: { ...(subject as Record<string, unknown>) },
        disclosureFrame: { _sd: Object.keys(subject as object) },
      });
    },
  });
  return { issuer, key, issued };
}

/**
 * Routes fetch calls to the handlers of the issuer `iss` (default {@link ISS}; its metadata at
 * the well-known URLs of RFC 8414 §3.1, path after the well-known segment) with no network;
 * `rewrite`, when given, may replace the JSON body of an answer (an issuer, or a network in
 * between, that lies).
 */
export function fetchFor(
  issuer: CredentialIssuer,
  log: string[] = [],
  options: { rewrite?: (url: string, body: unknown) => unknown; iss?: string } = {},
): typeof fetch {
  const iss = options.iss ?? ISS;
  const { origin, pathname } = new URL(iss);
  const path = pathname === '/' ? '' : pathname;
  const wellKnown = (name: string) => `${origin}/.well-known/${name}${path}`;
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    log.push(url);
    const headers = Object.fromEntries(
      Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
    );
    let r: HandlerResponse;
    if (url === wellKnown('openid-credential-issuer'))
      r = { status: 200, headers: {}, body: issuer.metadata() };
    else if (url === wellKnown('oauth-authorization-server'))
      r = { status: 200, headers: {}, body: issuer.authorizationServerMetadata() };
    else if (url === `${iss}/token`)
      r = await issuer.token({ headers, body: Object.fromEntries(new URLSearchParams(String(init?.body))) });
    else if (url === `${iss}/nonce`) r = await issuer.nonce();
    else if (url === `${iss}/credential`)
      r = await issuer.credential({ headers, body: JSON.parse(String(init?.body)) });
    else r = { status: 404, headers: {}, body: { error: 'not_found' } };
    const body = options.rewrite === undefined ? r.body : options.rewrite(url, r.body);
    return new Response(JSON.stringify(body), { status: r.status, headers: r.headers });
  }) as typeof fetch;
}

/** `n` holder keys, P-256 and Ed25519 in turn. */
export function holderKeys(n: number): HolderKey[] {
  return Array.from({ length: n }, (_, i) => {
    const kp = generateKeyPair(i % 2 ? 'Ed25519' : 'P-256');
    return {
      signer: createSigner(kp),
      jwk: publicKeyToJwk(kp.type, kp.publicKey) as unknown as Record<string, unknown>,
    };
  });
}
