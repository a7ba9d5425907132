import { base64urlDecode, base64urlEncode, generateKeyPair } from '@realdid/crypto';
import { createDid, deactivateDid, updateDid } from '@realdid/did';
import { MemoryLedger } from '@realdid/ledger';
import { signAppend } from '@realdid/ledger-http';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createGateway } from '../src/index.js';
import { didKeyWriter, utf8 } from './helpers.js';

type App = Awaited<ReturnType<typeof createGateway>>;
const apps: App[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

async function gateway(opts: Partial<Parameters<typeof createGateway>[0]> = {}) {
  const ledger = (opts.ledger as MemoryLedger | undefined) ?? new MemoryLedger();
  const app = await createGateway({ logger: false, rateLimit: false, ...opts, ledger });
  apps.push(app);
  return { app, ledger };
}

const post = (app: App, url: string, body: unknown) =>
  app.inject({ method: 'POST', url, payload: body as Record<string, unknown> });

describe('ledger API: reads', () => {
  it('pages a topic, with ETag and If-None-Match', async () => {
    const { app, ledger } = await gateway({ maxPageSize: 2 });
    for (let i = 0; i < 5; i++) await ledger.append('t', utf8(`e${i}`));
    const r1 = await app.inject({ url: '/v1/entries?topic=t&from=1&limit=2' });
    expect(r1.statusCode).toBe(200);
    const page = r1.json();
    expect(page.entries.map((e: { position: number }) => e.position)).toEqual([1, 2]);
    expect(page.next).toBe(3);
    const etag = r1.headers.etag as string;
    expect(etag).toMatch(/^"/);
    const r2 = await app.inject({
      url: '/v1/entries?topic=t&from=1&limit=2',
      headers: { 'if-none-match': etag },
    });
    expect(r2.statusCode).toBe(304);
    expect(r2.body).toBe('');
    for (const inm of [`"x", ${etag}`, `W/${etag}`, '*']) {
      const r = await app.inject({
        url: '/v1/entries?topic=t&from=1&limit=2',
        headers: { 'if-none-match': inm },
      });
      expect(r.statusCode, inm).toBe(304);
    }
    const other = await app.inject({
      url: '/v1/entries?topic=t&from=1&limit=2',
      headers: { 'if-none-match': '"x"' },
    });
    expect(other.statusCode).toBe(200);
    const tail = await app.inject({ url: '/v1/entries?topic=t&from=4&limit=2' });
    expect(tail.json().next).toBeNull();
    const tailTag = tail.headers.etag as string;
    await ledger.append('t', utf8('e5'));
    const grown = await app.inject({
      url: '/v1/entries?topic=t&from=4&limit=2',
      headers: { 'if-none-match': tailTag },
    });
    expect(grown.statusCode).toBe(200);
    expect(grown.json().entries).toHaveLength(2);
    expect((await app.inject({ url: '/v1/size?topic=t' })).json()).toEqual({ topic: 't', size: 6 });
  });

  it('refuses a page larger than the limit and malformed queries with coded errors', async () => {
    const { app } = await gateway({ maxPageSize: 2 });
    for (const q of ['limit=3', 'limit=0', 'from=-1', 'from=1.5', 'from=abc', 'limit=1e3']) {
      const r = await app.inject({ url: `/v1/entries?topic=t&${q}` });
      expect(r.statusCode, q).toBe(400);
      expect(r.json().error.code, q).toBe('ERR_GATEWAY_BAD_REQUEST');
    }
    const bad = await app.inject({ url: '/v1/size?topic=bad%20topic' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('ERR_LEDGER_TOPIC_INVALID');
    const none = await app.inject({ url: '/v1/nothing' });
    expect(none.statusCode).toBe(404);
    expect(none.json().error.code).toBe('ERR_GATEWAY_NOT_FOUND');
  });

  it('serves an entry by id and its proof (none for an unanchored ledger)', async () => {
    const { app, ledger } = await gateway();
    const r = await ledger.append('t', utf8('x'));
    const e = await app.inject({ url: `/v1/entry?topic=t&id=${r.id}` });
    expect(e.statusCode).toBe(200);
    expect(e.json()).toMatchObject({
      topic: 't',
      position: 0,
      id: r.id,
      payload: base64urlEncode(utf8('x')),
    });
    const p = await app.inject({ url: `/v1/proof?topic=t&id=${r.id}` });
    expect(p.json()).toEqual({ topic: 't', id: r.id, position: 0, anchor: null });
    const missing = await app.inject({ url: '/v1/proof?topic=t&id=zQmNotThere' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('ERR_GATEWAY_NOT_FOUND');
  });

  it('passes an anchor (inclusion proof) through when the ledger gives one', async () => {
    const inner = new MemoryLedger();
    const anchored = Object.assign(Object.create(inner) as MemoryLedger, {
      read: async (t: string, o?: { from?: number; limit?: number }) =>
        (await inner.read(t, o)).map((e) => ({
          ...e,
          anchor: { root: 'zRoot', path: ['a', 'b'], index: e.position },
        })),
      size: (t: string) => inner.size(t),
      append: (t: string, p: Uint8Array) => inner.append(t, p),
    });
    const { app } = await gateway({ ledger: anchored });
    const r = await inner.append('t', utf8('x'));
    const p = await app.inject({ url: `/v1/proof?topic=t&id=${r.id}` });
    expect(p.json().anchor).toEqual({ root: 'zRoot', path: ['a', 'b'], index: 0 });
  });
});

describe('ledger API: append authorization', () => {
  const b64 = base64urlEncode;

  it('accepts DID operations that apply, refuses those signed by the wrong key; the ledger is unchanged', async () => {
    const { app, ledger } = await gateway();
    const created = createDid();
    const t = created.topic;
    const c = await post(app, '/v1/append', { topic: t, payload: b64(created.payload) });
    expect(c.statusCode).toBe(201);
    const again = await post(app, '/v1/append', { topic: t, payload: b64(created.payload) });
    expect(again.statusCode).toBe(200);
    expect(again.json().duplicate).toBe(true);

    const service = { id: 'svc', type: 'LinkedDomains', serviceEndpoint: 'https://a.example/' };
    // the attacker holds a key, but not the one the DID committed to
    const forged = updateDid({
      did: created.did,
      previous: created.hash,
      updateKey: generateKeyPair('Ed25519'),
      patches: [{ action: 'add-services', services: [service] }],
    });
    const before = await ledger.info();
    const r1 = await post(app, '/v1/append', { topic: t, payload: b64(forged.payload) });
    expect(r1.statusCode).toBe(403);
    expect(r1.json().error.code).toBe('ERR_GATEWAY_APPEND_FORBIDDEN');
    // a deactivation signed with the update key (not the recovery key)
    const badDeactivate = deactivateDid({
      did: created.did,
      previous: created.hash,
      recoveryKey: created.keys.update!,
    });
    const r2 = await post(app, '/v1/append', { topic: t, payload: b64(badDeactivate.payload) });
    expect(r2.statusCode).toBe(403);
    // junk on a DID topic
    const r3 = await post(app, '/v1/append', { topic: t, payload: b64(utf8('{"type":"create"}')) });
    expect(r3.statusCode).toBe(403);
    const r4 = await post(app, '/v1/append', { topic: t, payload: b64(utf8('not json')) });
    expect(r4.statusCode).toBe(403);
    // a create op appended to another DID's topic
    const other = createDid();
    const r5 = await post(app, '/v1/append', { topic: t, payload: b64(other.payload) });
    expect(r5.statusCode).toBe(403);
    expect(await ledger.info()).toEqual(before);
    expect(await ledger.size(t)).toBe(1);

    const update = updateDid({
      did: created.did,
      previous: created.hash,
      updateKey: created.keys.update!,
      patches: [{ action: 'add-services', services: [service] }],
    });
    expect((await post(app, '/v1/append', { topic: t, payload: b64(update.payload) })).statusCode).toBe(201);
    // replaying an update that no longer applies (its previous is stale) is harmless but refused
    const stale = updateDid({
      did: created.did,
      previous: created.hash,
      updateKey: created.keys.update!,
      patches: [{ action: 'remove-services', ids: ['svc'] }],
    });
    expect((await post(app, '/v1/append', { topic: t, payload: b64(stale.payload) })).statusCode).toBe(403);
    const deactivate = deactivateDid({
      did: created.did,
      previous: update.hash,
      recoveryKey: created.keys.recovery!,
    });
    expect((await post(app, '/v1/append', { topic: t, payload: b64(deactivate.payload) })).statusCode).toBe(
      201,
    );
    expect(await ledger.size(t)).toBe(3);
  });

  it('refuses an operation on a DID topic flooded beyond what it examines', async () => {
    const { app, ledger } = await gateway({ maxScanEntries: 3 });
    const created = createDid();
    for (let i = 0; i < 4; i++) await ledger.append(created.topic, utf8(`junk ${i}`));
    const r = await post(app, '/v1/append', { topic: created.topic, payload: b64(created.payload) });
    expect(r.statusCode).toBe(403);
    expect(await ledger.size(created.topic)).toBe(4);
  });

  it('needs a signed-append envelope from a configured writer on other topics', async () => {
    const issuer = didKeyWriter();
    const intruder = didKeyWriter('P-256');
    const { app, ledger } = await gateway({
      writers: [
        { topic: /^status:/, writers: [issuer.did] },
        { topic: 'registry', writers: [intruder.did] },
      ],
    });
    const payload = utf8('status list token');
    const ok = await signAppend('status:list1', payload, issuer.signer);
    const before = await ledger.info();

    const noAuth = await post(app, '/v1/append', { topic: 'status:list1', payload: b64(payload) });
    expect(noAuth.statusCode).toBe(401);
    expect(noAuth.json().error.code).toBe('ERR_GATEWAY_APPEND_UNAUTHORIZED');
    const refused = async (topic: string, body: unknown) => {
      const r = await post(app, '/v1/append', { topic, ...(body as object) });
      expect(r.statusCode, JSON.stringify(r.json())).toBe(403);
      expect(r.json().error.code).toBe('ERR_GATEWAY_APPEND_FORBIDDEN');
    };
    // a key that is a writer elsewhere, but not of this topic
    await refused('status:list1', {
      payload: b64(payload),
      auth: await signAppend('status:list1', payload, intruder.signer),
    });
    // the issuer's envelope moved to another payload, to another topic
    await refused('status:list1', { payload: b64(utf8('other')), auth: ok });
    await refused('status:list2', { payload: b64(payload), auth: ok });
    // the issuer's kid with the intruder's signature
    const mixed = {
      ...(await signAppend('status:list1', payload, intruder.signer)),
      kid: issuer.signer.kid,
      alg: 'EdDSA',
    };
    await refused('status:list1', { payload: b64(payload), auth: mixed });
    // a flipped signature bit
    const sig = Buffer.from(ok.sig, 'base64url');
    sig[0]! ^= 1;
    await refused('status:list1', { payload: b64(payload), auth: { ...ok, sig: sig.toString('base64url') } });
    // alg that does not match the key
    await refused('status:list1', { payload: b64(payload), auth: { ...ok, alg: 'ES256' } });
    // a topic no rule names
    await refused('audit', {
      payload: b64(payload),
      auth: await signAppend('audit', payload, issuer.signer),
    });
    // malformed envelopes are bad requests
    for (const auth of [null, 'x', [], { kid: 1 }, { ...ok, sig: '***' }, { ...ok, kid: 'no-did#x' }]) {
      const r = await post(app, '/v1/append', { topic: 'status:list1', payload: b64(payload), auth });
      expect(r.statusCode, JSON.stringify(auth)).toBe(400);
    }
    expect(await ledger.info()).toEqual(before);

    const r = await post(app, '/v1/append', { topic: 'status:list1', payload: b64(payload), auth: ok });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ topic: 'status:list1', position: 0, duplicate: false });
  });

  it('property: an envelope verifies only for its own topic and payload, and no bit of it can change', async () => {
    const w = didKeyWriter();
    const { app, ledger } = await gateway({ writers: [{ topic: /^p:/, writers: [w.did] }] });
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^p:[a-z0-9]{1,20}$/),
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.nat(),
        async (topic, payload, bit) => {
          const auth = await signAppend(topic, payload, w.signer);
          const sig = base64urlDecode(auth.sig);
          sig[Math.floor(bit / 8) % sig.length]! ^= 1 << (bit % 8);
          const flipped = payload.slice();
          flipped[bit % flipped.length]! ^= 1 << (bit % 8);
          const before = (await ledger.info()).entries;
          for (const body of [
            { topic, payload: b64(payload), auth: { ...auth, sig: b64(sig) } },
            { topic, payload: b64(flipped), auth },
            { topic: `${topic}x`, payload: b64(payload), auth },
          ]) {
            const r = await post(app, '/v1/append', body);
            expect(r.statusCode).toBe(403);
          }
          expect((await ledger.info()).entries).toBe(before);
          const ok = await post(app, '/v1/append', { topic, payload: b64(payload), auth });
          expect([200, 201]).toContain(ok.statusCode);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuses a whole batch when one entry is refused', async () => {
    const w = didKeyWriter();
    const { app, ledger } = await gateway({ writers: [{ topic: 'a', writers: [w.did] }] });
    const p1 = utf8('one');
    const p2 = utf8('two');
    const created = createDid();
    const entries = [
      { topic: 'a', payload: b64(p1), auth: await signAppend('a', p1, w.signer) },
      { topic: created.topic, payload: b64(created.payload) },
      { topic: 'a', payload: b64(p2), auth: await signAppend('a', p1, w.signer) },
    ];
    const r = await post(app, '/v1/batch', { entries });
    expect(r.statusCode).toBe(403);
    expect((await ledger.info()).entries).toBe(0);
    entries[2]!.auth = await signAppend('a', p2, w.signer);
    const ok = await post(app, '/v1/batch', { entries });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().receipts.map((x: { position: number }) => x.position)).toEqual([0, 0, 1]);
  });

  it('lets a batch hold a DID create followed by its update', async () => {
    const { app, ledger } = await gateway();
    const created = createDid();
    const update = updateDid({
      did: created.did,
      previous: created.hash,
      updateKey: created.keys.update!,
      patches: [{ action: 'remove-keys', ids: ['key-1'] }],
    });
    const r = await post(app, '/v1/batch', {
      entries: [
        { topic: created.topic, payload: b64(created.payload) },
        { topic: update.topic, payload: b64(update.payload) },
      ],
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(await ledger.size(created.topic)).toBe(2);
  });
});

describe('limits, errors, health, metrics', () => {
  it('refuses a body over the limit with 413 and a coded error', async () => {
    const { app, ledger } = await gateway({ bodyLimit: 1_000 });
    const r = await post(app, '/v1/append', { topic: createDid().topic, payload: 'A'.repeat(2_000) });
    expect(r.statusCode).toBe(413);
    expect(r.json().error.code).toBe('ERR_GATEWAY_BODY_TOO_LARGE');
    expect((await ledger.info()).entries).toBe(0);
  });

  it('answers malformed bodies with 400', async () => {
    const { app } = await gateway();
    const raw = await app.inject({
      method: 'POST',
      url: '/v1/append',
      headers: { 'content-type': 'application/json' },
      payload: '{not json',
    });
    expect(raw.statusCode).toBe(400);
    expect(raw.json().error.code).toBe('ERR_GATEWAY_BAD_REQUEST');
    for (const body of [[], { topic: 't' }, { topic: 't', payload: 5 }, { topic: 't', payload: 'a+b' }]) {
      const r = await post(app, '/v1/append', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().error.code).toBe('ERR_GATEWAY_BAD_REQUEST');
    }
    const text = await post(app, '/v1/append', 'plain text');
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe('ERR_GATEWAY_BAD_REQUEST');
    for (const topic of [undefined, 5, 'bad topic', '', 'x'.repeat(201)]) {
      const r = await post(app, '/v1/append', { topic, payload: 'AA' });
      expect(r.statusCode, String(topic)).toBe(400);
      expect(r.json().error.code).toBe('ERR_LEDGER_TOPIC_INVALID');
    }
    for (const body of [
      {},
      { entries: 'x' },
      { entries: [null] },
      { entries: [{ topic: '', payload: 'AA' }] },
    ]) {
      const r = await post(app, '/v1/batch', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
    }
  });

  it('limits the request rate per client', async () => {
    const { app } = await gateway({ rateLimit: { perSecond: 0.001, burst: 3 } });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await app.inject({ url: '/v1/size?topic=t' })).statusCode);
    expect(codes).toEqual([200, 200, 200, 429, 429]);
    const r = await app.inject({ url: '/v1/size?topic=t' });
    expect(r.json().error.code).toBe('ERR_GATEWAY_RATE_LIMITED');
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    // another client is not affected; health is never limited
    expect((await app.inject({ url: '/v1/size?topic=t', remoteAddress: '10.0.0.2' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
  });

  it('answers 504 when the ledger does not answer in time', async () => {
    const inner = new MemoryLedger();
    const stuck = Object.assign(Object.create(inner) as MemoryLedger, {
      size: () => new Promise<number>(() => {}),
    });
    const { app } = await gateway({ ledger: stuck, timeoutMs: 20 });
    const r = await app.inject({ url: '/v1/size?topic=t' });
    expect(r.statusCode).toBe(504);
    expect(r.json().error.code).toBe('ERR_GATEWAY_TIMEOUT');
    expect((await app.inject({ url: '/health' })).statusCode).toBe(503);
  });

  it('never leaks an internal error message', async () => {
    const inner = new MemoryLedger();
    const broken = Object.assign(Object.create(inner) as MemoryLedger, {
      size: async () => {
        throw new Error('secret connection string postgres://u:p@h');
      },
    });
    const { app } = await gateway({ ledger: broken });
    const r = await app.inject({ url: '/v1/size?topic=t' });
    expect(r.statusCode).toBe(500);
    expect(r.json().error).toEqual({ code: 'ERR_GATEWAY_INTERNAL', message: 'internal error' });
    expect(r.body).not.toContain('secret');
  });

  it('reports health and Prometheus metrics', async () => {
    const { app } = await gateway();
    expect((await app.inject({ url: '/health' })).json()).toEqual({
      status: 'ok',
      ledger: 'memory',
      network: 'main',
    });
    await app.inject({ url: '/v1/size?topic=t' });
    await post(app, '/v1/append', { topic: 't', payload: 'AA' });
    const m = await app.inject({ url: '/metrics' });
    expect(m.headers['content-type']).toContain('text/plain');
    expect(m.body).toContain('realdid_gateway_requests_total{route="/v1/size",method="GET",status="200"} 1');
    expect(m.body).toContain('realdid_gateway_appends_total{outcome="refused"} 1');
    expect(m.body).toContain('realdid_gateway_request_duration_seconds_count{route="/v1/size"} 1');
  });

  it('writes structured JSON logs', async () => {
    const lines: string[] = [];
    const stream = { write: (s: string) => void lines.push(s) };
    const { app } = await gateway({ logger: { level: 'info', stream } });
    await app.inject({ url: '/v1/size?topic=bad%20topic' });
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed.some((l) => l.code === 'ERR_LEDGER_TOPIC_INVALID' && l.status === 400)).toBe(true);
    expect(parsed.every((l) => typeof l.level === 'number' && typeof l.time === 'number')).toBe(true);
  });

  it('checks its options', async () => {
    await expect(createGateway(null as never)).rejects.toThrow(TypeError);
    await expect(createGateway({ ledger: {} as never })).rejects.toThrow(TypeError);
    await expect(createGateway({ ledger: new MemoryLedger(), network: 'A B' })).rejects.toThrow(TypeError);
    await expect(
      createGateway({ ledger: new MemoryLedger(), writers: [{ topic: 5, writers: [] }] as never }),
    ).rejects.toThrow(TypeError);
    await expect(createGateway({ ledger: new MemoryLedger(), bodyLimit: 0 })).rejects.toThrow(RangeError);
  });
});
