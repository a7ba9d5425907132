import type { DIDResolutionResult, ResolutionCache } from '@realdid/did';
import { resolveDid } from '@realdid/did';
import type { LedgerClient } from '@realdid/ledger';
import type { FastifyInstance } from 'fastify';

/** The representations the driver can answer with, in its order of preference. */
const RESOLUTION = 'application/did-resolution';
const LD_JSON_PROFILE = 'https://w3id.org/did-resolution';
type Representation = 'resolution' | 'ld-resolution' | 'did+ld+json' | 'did' | 'did+json';

const CONTENT_TYPE: Record<Representation, string> = {
  resolution: RESOLUTION,
  'ld-resolution': `application/ld+json;profile="${LD_JSON_PROFILE}"`,
  'did+ld+json': 'application/did+ld+json',
  did: 'application/did',
  'did+json': 'application/did+json',
};

/** DID Resolution error → HTTP status (Universal Resolver contract). */
const STATUS: Record<string, number> = {
  invalidDid: 400,
  invalidDidUrl: 400,
  invalidOptions: 400,
  notFound: 404,
  representationNotSupported: 406,
  methodNotSupported: 501,
  internalError: 500,
};

interface Range {
  type: string;
  sub: string;
  q: number;
  profile: string | undefined;
  index: number;
}

function parseAccept(header: string | undefined): Range[] {
  if (header === undefined || header.trim() === '')
    return [{ type: '*', sub: '*', q: 1, profile: undefined, index: 0 }];
  const out: Range[] = [];
  const parts = header.slice(0, 2_000).split(',');
  parts.forEach((part, index) => {
    const [media = '', ...params] = part.split(';');
    const [type = '', sub = ''] = media.trim().toLowerCase().split('/');
    if (type === '' || sub === '') return;
    let q = 1;
    let profile: string | undefined;
    for (const p of params) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      const k = p.slice(0, eq).trim().toLowerCase();
      const v = p
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
      if (k === 'q') {
        const n = Number(v);
        q = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(v) && Number.isFinite(n) ? n : 0;
      } else if (k === 'profile') profile = v;
    }
    out.push({ type, sub, q, profile, index });
  });
  return out;
}

function rangeMatches(r: Range, rep: Representation): boolean {
  if (r.type === '*' && r.sub === '*') return true;
  if (r.type !== 'application') return false;
  if (r.sub === '*') return true;
  switch (rep) {
    case 'resolution':
      return r.sub === 'did-resolution';
    case 'ld-resolution':
      return (
        r.sub === 'ld+json' && r.profile !== undefined && r.profile.split(/\s+/).includes(LD_JSON_PROFILE)
      );
    case 'did+ld+json':
      return r.sub === 'did+ld+json';
    case 'did':
      return r.sub === 'did';
    case 'did+json':
      return r.sub === 'did+json';
  }
}

/** Picks the representation: the highest q among the client's ranges; ties go to the server's order. */
export function negotiate(header: string | undefined): Representation | undefined {
  const ranges = parseAccept(header);
  let best: { rep: Representation; q: number; specific: boolean } | undefined;
  for (const rep of Object.keys(CONTENT_TYPE) as Representation[]) {
    let q = -1;
    let specific = false;
    for (const r of ranges) {
      if (!rangeMatches(r, rep)) continue;
      const s = r.type !== '*' && r.sub !== '*';
      // a specific range outranks a wildcard for the same representation (RFC 9110 §12.5.1)
      if (q < 0 || (s && !specific)) {
        q = r.q;
        specific = s;
      }
    }
    if (q <= 0) continue;
    if (best === undefined || q > best.q || (q === best.q && specific && !best.specific))
      best = { rep, q, specific };
  }
  return best?.rep;
}

export interface ResolverRouteOptions {
  networks: Readonly<Record<string, LedgerClient>>;
  cache: ResolutionCache | undefined;
  timeoutMs: number;
}

const ERROR_TYPE: Record<string, string> = {
  invalidDid: 'INVALID_DID',
  invalidDidUrl: 'INVALID_DID_URL',
  invalidOptions: 'INVALID_OPTIONS',
  notFound: 'NOT_FOUND',
  representationNotSupported: 'REPRESENTATION_NOT_SUPPORTED',
  methodNotSupported: 'METHOD_NOT_SUPPORTED',
  internalError: 'INTERNAL_ERROR',
};

/**
 * The error of a resolution as an RFC 9457 problem details object, as the Universal Resolver
 * contract and the DID Resolution spec give it: `type` is the error's URI in the DID namespace,
 * `title` the error's name, `detail` the message; a RealDID `code`, when there is one, is kept.
 */
export function problemDetails(
  error: string,
  message: unknown,
  status: number,
  code?: unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    type: `https://www.w3.org/ns/did#${ERROR_TYPE[error] ?? 'INTERNAL_ERROR'}`,
    title: error,
    status,
  };
  if (typeof message === 'string') out.detail = message;
  if (typeof code === 'string') out.code = code;
  return out;
}

function resultBody(r: DIDResolutionResult, status: number): Record<string, unknown> {
  const meta: Record<string, unknown> = { ...r.didResolutionMetadata };
  if (typeof meta.error === 'string') {
    meta.error = problemDetails(meta.error, meta.message, status, meta.code);
    delete meta.message;
    delete meta.code;
  }
  return {
    '@context': 'https://w3id.org/did-resolution/v1',
    didDocument: r.didDocument,
    didResolutionMetadata: meta,
    didDocumentMetadata: r.didDocumentMetadata,
  };
}

/** The Universal Resolver driver: `GET /1.0/identifiers/{did}`. */
export function universalResolverRoutes(app: FastifyInstance, o: ResolverRouteOptions): void {
  app.get<{ Params: { identifier: string }; Querystring: Record<string, unknown> }>(
    '/1.0/identifiers/:identifier',
    async (req, reply) => {
      const did = req.params.identifier;
      const rep = negotiate(req.headers.accept);
      if (rep === undefined) {
        reply.code(406).header('content-type', 'application/json');
        return json({
          didDocument: null,
          didResolutionMetadata: {
            error: problemDetails(
              'representationNotSupported',
              `supported: ${Object.values(CONTENT_TYPE).join(', ')}`,
              406,
            ),
          },
          didDocumentMetadata: {},
        });
      }
      const q = req.query;
      const opts: Parameters<typeof resolveDid>[1] = {
        networks: o.networks,
        timeoutMs: o.timeoutMs,
        accept: rep === 'did+json' ? 'application/did+json' : 'application/did+ld+json',
      };
      if (o.cache !== undefined) opts.cache = o.cache;
      if (q.versionId !== undefined) {
        if (typeof q.versionId !== 'string') return badOptions(reply, 'versionId');
        opts.versionId = q.versionId;
      }
      if (q.versionTime !== undefined) {
        if (typeof q.versionTime !== 'string') return badOptions(reply, 'versionTime');
        opts.versionTime = q.versionTime;
      }
      const result = await resolveDid(did, opts);
      const error = result.didResolutionMetadata.error;
      const deactivated = error === undefined && result.didDocumentMetadata.deactivated === true;
      const status = error !== undefined ? (STATUS[error] ?? 500) : deactivated ? 410 : 200;
      reply.code(status);
      if (error !== undefined || rep === 'resolution' || rep === 'ld-resolution') {
        reply.header('content-type', CONTENT_TYPE[rep === 'ld-resolution' ? 'ld-resolution' : 'resolution']);
        const body = resultBody(result, status);
        if (error === undefined)
          body.didResolutionMetadata = { ...result.didResolutionMetadata, contentType: CONTENT_TYPE[rep] };
        return json(body);
      }
      reply.header('content-type', CONTENT_TYPE[rep]);
      return json(result.didDocument);
    },
  );

  function badOptions(reply: import('fastify').FastifyReply, name: string) {
    reply.code(400).header('content-type', RESOLUTION);
    return json({
      didDocument: null,
      didResolutionMetadata: { error: problemDetails('invalidOptions', `${name}: expected one string`, 400) },
      didDocumentMetadata: {},
    });
  }
}

/** The body as bytes, so that Fastify sends the negotiated media type as is (no charset added). */
function json(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}
