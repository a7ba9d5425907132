import { readFileSync } from 'node:fs';
import {
  base64urlEncode,
  generateKeyPair,
  publicKeyToDidKey,
  publicKeyToJwk,
  utf8Encode,
} from '@realdid/crypto';
import { anchorDid, createDid, deactivateDid, publishOperation } from '@realdid/did';
import { MemoryLedger } from '@realdid/ledger';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createGateway } from '../src/index.js';

// The contract: GET /identifiers/{identifier} of the Universal Resolver OpenAPI definition
// (test/vectors/universal-resolver/), served under /1.0/.
const spec = parse(
  readFileSync(
    new URL('./vectors/universal-resolver/universal-resolver-openapi.yaml', import.meta.url),
    'utf8',
  ),
);
const op = spec.paths['/identifiers/{identifier}'].get;
const declaredStatuses = Object.keys(op.responses).map(Number);
const base = spec.servers[0].url as string; // "/1.0/"
const problemRequired: string[] =
  spec.paths['/identifiers/{identifier}'] && spec.components
    ? (findSchema('RFC9457ProblemDetails').required as string[])
    : [];

function findSchema(name: string): Record<string, unknown> {
  // The definition keeps some schemas under paths.components (sic) and some under components.
  return (spec.components?.schemas?.[name] ?? spec.paths.components?.schemas?.[name]) as Record<
    string,
    unknown
  >;
}

type App = Awaited<ReturnType<typeof createGateway>>;
let app: App;
const ledger = new MemoryLedger();
const active = createDid();
const gone = createDid();
const unanchored = createDid();
const ed = generateKeyPair('Ed25519');
const didKey = publicKeyToDidKey('Ed25519', ed.publicKey);
const didJwk = `did:jwk:${base64urlEncode(utf8Encode(JSON.stringify(publicKeyToJwk('P-256', generateKeyPair('P-256').publicKey))))}`;

beforeAll(async () => {
  await anchorDid(ledger, active);
  await anchorDid(ledger, gone);
  await publishOperation(
    ledger,
    deactivateDid({ did: gone.did, previous: gone.hash, recoveryKey: gone.keys.recovery! }),
  );
  app = await createGateway({ ledger, logger: false, rateLimit: false });
});
afterAll(() => app.close());

const get = (identifier: string, accept?: string, query = '') =>
  app.inject({
    url: `${base}identifiers/${encodeURIComponent(identifier)}${query}`,
    headers: accept === undefined ? {} : { accept },
  });

interface ResultJson {
  didDocument: unknown;
  didResolutionMetadata: { error: { title: string; type: string; status: number } };
}

function expectProblem(body: ResultJson, title: string, status: number): void {
  const e = body.didResolutionMetadata.error;
  for (const k of problemRequired) expect(e, `error.${k}`).toHaveProperty(k);
  expect(e.title).toBe(title);
  expect(e.type).toMatch(/^https:\/\/www\.w3\.org\/ns\/did#[A-Z_]+$/);
  expect(e.status).toBe(status);
  expect(body.didDocument).toBeNull();
}

describe('Universal Resolver driver: GET /1.0/identifiers/{did}', () => {
  it('the definition declares the statuses the driver answers with', () => {
    expect(base).toBe('/1.0/');
    for (const s of [200, 400, 404, 406, 410, 501]) expect(declaredStatuses).toContain(s);
    expect(Object.keys(op.responses['200'].content)).toEqual(
      expect.arrayContaining(['application/did', 'application/did-resolution']),
    );
    expect(problemRequired).toEqual(['type', 'title']);
  });

  describe.each([
    ['did:realdid', () => active.did],
    ['did:key', () => didKey],
    ['did:jwk', () => didJwk],
    ['did:realdid long form', () => active.longFormDid],
  ])('200 for %s', (_name, did) => {
    it('application/did-resolution (default, */*, and when asked): a resolution result', async () => {
      for (const accept of [
        undefined,
        '*/*',
        'application/did-resolution',
        'text/html, application/*;q=0.5',
      ]) {
        const r = await get(did(), accept);
        expect(r.statusCode, String(accept)).toBe(200);
        expect(r.headers['content-type']).toBe('application/did-resolution');
        const body = r.json();
        expect(body.didDocument.id).toBe(did());
        expect(body.didResolutionMetadata.contentType).toBe('application/did-resolution');
        expect(body.didDocumentMetadata).toBeTypeOf('object');
        expect(body.didResolutionMetadata.error).toBeUndefined();
      }
    });

    it('application/did+ld+json and application/did: the document with its @context', async () => {
      for (const accept of ['application/did+ld+json', 'application/did']) {
        const r = await get(did(), accept);
        expect(r.statusCode).toBe(200);
        expect(r.headers['content-type']).toBe(accept);
        const doc = r.json();
        expect(doc.id).toBe(did());
        expect(doc['@context']).toBeDefined();
        expect(doc.didResolutionMetadata).toBeUndefined();
      }
    });

    it('application/did+json: the document as did-resolver gives it', async () => {
      const r = await get(did(), 'application/did+json');
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toBe('application/did+json');
      expect(r.json().id).toBe(did());
      expect(r.json().didResolutionMetadata).toBeUndefined();
    });
  });

  it('honours q values and the ld+json profile', async () => {
    const r = await get(active.did, 'application/did-resolution;q=0.2, application/did+ld+json;q=0.9');
    expect(r.headers['content-type']).toBe('application/did+ld+json');
    const p = await get(active.did, 'application/ld+json;profile="https://w3id.org/did-resolution"');
    expect(p.headers['content-type']).toBe('application/ld+json;profile="https://w3id.org/did-resolution"');
    expect(p.json().didDocument.id).toBe(active.did);
    const z = await get(active.did, 'application/did;q=0, */*;q=0.1');
    expect(z.headers['content-type']).toBe('application/did-resolution');
  });

  it('410 for a deactivated DID, in every representation', async () => {
    const r = await get(gone.did, 'application/did-resolution');
    expect(r.statusCode).toBe(410);
    expect(r.json().didDocumentMetadata.deactivated).toBe(true);
    const d = await get(gone.did, 'application/did');
    expect(d.statusCode).toBe(410);
    expect(d.headers['content-type']).toBe('application/did');
    expect(d.json().id).toBe(gone.did);
  });

  it('404 notFound for a well-formed DID that is not on the ledger', async () => {
    for (const accept of ['application/did-resolution', 'application/did']) {
      const r = await get(unanchored.did, accept);
      expect(r.statusCode).toBe(404);
      expect(r.headers['content-type']).toBe('application/did-resolution');
      expectProblem(r.json(), 'notFound', 404);
    }
    const v = await get(active.did, undefined, `?versionId=${unanchored.suffix}`);
    expect(v.statusCode).toBe(404);
  });

  it('501 methodNotSupported for another method', async () => {
    for (const did of ['did:web:example.com', 'did:ion:EiClkZMDxPKqC9c-umQfTkR8vvZ9JPhl_xLDI9Nfk38w5w']) {
      const r = await get(did);
      expect(r.statusCode, did).toBe(501);
      expectProblem(r.json(), 'methodNotSupported', 501);
    }
  });

  it('400 invalidDid for malformed DIDs', async () => {
    const bad = [
      'not-a-did',
      'did:',
      'did:realdid:',
      'did:realdid:zQmtooShort',
      `did:realdid:${active.suffix}x`,
      'did:key:zNotAKey',
      'did:jwk:eyJub3QiOiJhIGp3ayJ9',
      'did:jwk:%%%',
      'DID:REALDID:X',
      `did:realdid:${active.suffix}:${'A'.repeat(9000)}`,
      'did:realdid:main:main:main',
      'did:key:\u0000',
    ];
    for (const did of bad) {
      const r = await get(did);
      expect(r.statusCode, did).toBe(400);
      expect(r.headers['content-type']).toBe('application/did-resolution');
      expectProblem(r.json(), 'invalidDid', 400);
    }
  });

  it('400 invalidOptions for a repeated option, 404 for an unknown versionId', async () => {
    const r = await get(active.did, undefined, '?versionId=a&versionId=b');
    expect(r.statusCode).toBe(400);
    expectProblem(r.json(), 'invalidOptions', 400);
  });

  it('406 when no offered representation is acceptable', async () => {
    for (const accept of [
      'text/html',
      'application/json',
      'application/xml;q=1, */*;q=0',
      'application/did;q=0',
    ]) {
      const r = await get(active.did, accept);
      expect(r.statusCode, accept).toBe(406);
      expectProblem(r.json(), 'representationNotSupported', 406);
    }
  });

  it('never answers 500 for arbitrary identifiers and Accept headers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80 }), fc.string({ maxLength: 60 }), async (id, accept) => {
        const r = await get(`did:${id}`, accept.replace(/[^\x20-\x7e]/g, ''));
        expect([200, 400, 404, 406, 410, 501]).toContain(r.statusCode);
        expect(() => r.json()).not.toThrow();
      }),
      { numRuns: 150 },
    );
  });
});
