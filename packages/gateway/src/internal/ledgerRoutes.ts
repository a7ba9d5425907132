import { base64urlDecode, base64urlEncode, TIMED_OUT, withTimeout } from '@realdid/crypto';
import type { LedgerClient, LedgerEntry } from '@realdid/ledger';
import { TOPIC_PATTERN } from '@realdid/ledger';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Authorizer } from './authorize.js';
import { HttpError } from './errors.js';
import type { Metrics } from './Metrics.js';

export interface LedgerRoutesOptions {
  ledger: LedgerClient;
  authorizer: Authorizer;
  metrics: Metrics;
  timeoutMs: number;
  maxPageSize: number;
  maxBatchEntries: number;
  maxScanEntries: number;
  /** Called after a topic was appended to. */
  appended(topic: string): void;
}

const ID = /^z[1-9A-HJ-NP-Za-km-z]{1,60}$/;
const NAT = /^(0|[1-9]\d{0,14})$/;

function bad(message: string): HttpError {
  return new HttpError(400, 'ERR_GATEWAY_BAD_REQUEST', message);
}

function topicParam(v: unknown): string {
  if (typeof v !== 'string' || !TOPIC_PATTERN.test(v))
    throw new HttpError(
      400,
      'ERR_LEDGER_TOPIC_INVALID',
      'topic must be 1 to 200 characters of A-Z a-z 0-9 : . _ -',
    );
  return v;
}

function natQuery(v: unknown, name: string, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'string' || !NAT.test(v)) throw bad(`${name}: expected a non-negative integer`);
  return Number(v);
}

function payloadField(v: unknown, where: string): Uint8Array {
  if (typeof v !== 'string' || !/^[A-Za-z0-9_-]*$/.test(v)) throw bad(`${where}.payload: expected base64url`);
  try {
    return base64urlDecode(v);
  } catch {
    throw bad(`${where}.payload: expected base64url`);
  }
}

function plainObject(v: unknown, where: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw bad(`${where}: expected a JSON object`);
  return v as Record<string, unknown>;
}

export function entryJson(e: LedgerEntry): Record<string, unknown> {
  const out: Record<string, unknown> = {
    position: e.position,
    id: e.id,
    time: e.time,
    payload: base64urlEncode(e.payload),
  };
  if (e.anchor !== undefined) out.anchor = e.anchor;
  return out;
}

export function ledgerRoutes(app: FastifyInstance, o: LedgerRoutesOptions): void {
  const { ledger } = o;
  const timed = async <T>(work: Promise<T>): Promise<T> => {
    const r = await withTimeout(work, o.timeoutMs);
    if (r === TIMED_OUT)
      throw new HttpError(504, 'ERR_GATEWAY_TIMEOUT', `the ledger did not answer within ${o.timeoutMs} ms`);
    return r;
  };

  app.get('/v1/info', async () => {
    const info = await timed(ledger.info());
    return {
      kind: info.kind,
      location: `gateway:${info.kind}`,
      maxEntryBytes: info.maxEntryBytes,
      topics: info.topics,
      entries: info.entries,
    };
  });

  app.get<{ Querystring: Record<string, unknown> }>('/v1/size', async (req) => {
    const topic = topicParam(req.query.topic);
    return { topic, size: await timed(ledger.size(topic)) };
  });

  app.get<{ Querystring: Record<string, unknown> }>('/v1/entries', async (req, reply) => {
    const topic = topicParam(req.query.topic);
    const from = natQuery(req.query.from, 'from', 0);
    const limit = natQuery(req.query.limit, 'limit', o.maxPageSize);
    if (limit < 1 || limit > o.maxPageSize) throw bad(`limit: expected 1 to ${o.maxPageSize}`);
    const entries = await timed(ledger.read(topic, { from, limit }));
    const last = entries[entries.length - 1];
    // Entries never change once written, so a page is named by where it starts, how many it
    // holds and its last entry.
    const etag = `"p${from}-${entries.length}-${last?.id ?? 'none'}"`;
    reply.header('etag', etag);
    reply.header('cache-control', 'no-cache');
    if (matchesEtag(req.headers['if-none-match'], etag)) return reply.code(304).send();
    return {
      topic,
      from,
      entries: entries.map(entryJson),
      next: entries.length === limit ? from + entries.length : null,
    };
  });

  const findEntry = async (topic: string, id: unknown): Promise<LedgerEntry> => {
    if (typeof id !== 'string' || !ID.test(id)) throw bad('id: expected an entry id');
    const size = await timed(ledger.size(topic));
    if (size > o.maxScanEntries)
      throw new HttpError(422, 'ERR_GATEWAY_BAD_REQUEST', 'the topic is too large to look an entry up by id');
    for (let from = 0; from < size; from += o.maxPageSize) {
      const page = await timed(ledger.read(topic, { from, limit: o.maxPageSize }));
      const hit = page.find((e) => e.id === id);
      if (hit !== undefined) return hit;
    }
    throw new HttpError(404, 'ERR_GATEWAY_NOT_FOUND', 'no entry with this id on the topic');
  };

  app.get<{ Querystring: Record<string, unknown> }>('/v1/entry', async (req, reply) => {
    const e = await findEntry(topicParam(req.query.topic), req.query.id);
    reply.header('etag', `"e${e.id}"`);
    reply.header('cache-control', 'public, max-age=31536000, immutable');
    return { topic: e.topic, ...entryJson(e) };
  });

  app.get<{ Querystring: Record<string, unknown> }>('/v1/proof', async (req) => {
    const e = await findEntry(topicParam(req.query.topic), req.query.id);
    return { topic: e.topic, id: e.id, position: e.position, anchor: e.anchor ?? null };
  });

  const appendAll = async (
    reply: FastifyReply,
    list: { topic: string; payload: Uint8Array; auth: unknown }[],
  ) => {
    try {
      await timed(o.authorizer.check(list));
    } catch (err) {
      o.metrics.append('refused');
      throw err;
    }
    const receipts = await timed(ledger.appendBatch(list.map(({ topic, payload }) => ({ topic, payload }))));
    for (const r of receipts) {
      o.metrics.append(r.duplicate ? 'duplicate' : 'accepted');
      o.appended(r.topic);
    }
    reply.code(receipts.every((r) => r.duplicate) ? 200 : 201);
    return receipts;
  };

  app.post('/v1/append', async (req, reply) => {
    const body = plainObject(req.body, 'body');
    const topic = topicParam(body.topic);
    const payload = payloadField(body.payload, 'body');
    const single = { topic, payload, auth: body.auth };
    try {
      await timed(o.authorizer.check([single]));
    } catch (err) {
      o.metrics.append('refused');
      throw err;
    }
    const r = await timed(ledger.append(topic, payload));
    o.metrics.append(r.duplicate ? 'duplicate' : 'accepted');
    o.appended(topic);
    reply.code(r.duplicate ? 200 : 201);
    return r;
  });

  app.post('/v1/batch', async (req, reply) => {
    const body = plainObject(req.body, 'body');
    if (!Array.isArray(body.entries)) throw bad('body.entries: expected an array');
    if (body.entries.length > o.maxBatchEntries)
      throw bad(`body.entries: at most ${o.maxBatchEntries} entries`);
    const list = body.entries.map((x: unknown, i: number) => {
      const e = plainObject(x, `entries[${i}]`);
      return { topic: topicParam(e.topic), payload: payloadField(e.payload, `entries[${i}]`), auth: e.auth };
    });
    if (list.length === 0) return { receipts: [] };
    return { receipts: await appendAll(reply, list) };
  });
}

/** RFC 9110 §13.1.2: `*`, or a list of entity tags compared weakly. */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined || header.length > 2_000) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}
