import { MemoryLedger } from '@realdid/ledger';
import { HttpLedger } from '@realdid/ledger-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deepJsonText, pollutingObjects, WEIRD_VALUES } from '../../../test-support/hostile.js';
import { createGateway } from '../src/index.js';

type App = Awaited<ReturnType<typeof createGateway>>;
let app: App;
const ledger = new MemoryLedger();
beforeAll(async () => {
  app = await createGateway({ ledger, logger: false, rateLimit: false, registrar: {} });
});
afterAll(() => app.close());

// What survives JSON: the hostile values a client can actually send.
const jsonable = WEIRD_VALUES.filter((v) => {
  try {
    return JSON.stringify(v) !== undefined;
  } catch {
    return false;
  }
});

describe('hostile requests: always a coded 4xx, never a 500, nothing written', () => {
  it('wrong-typed fields in every write route', async () => {
    const routes = [
      '/v1/append',
      '/v1/batch',
      '/1.0/create?method=realdid',
      '/1.0/update',
      '/1.0/deactivate',
    ];
    for (const url of routes) {
      for (const v of jsonable) {
        for (const body of [
          { topic: v, payload: v, auth: v },
          { topic: 't', payload: 'AA', auth: v },
          { entries: v },
          { entries: [v] },
          { did: v, options: v, secret: v, didDocument: v, didDocumentOperation: v },
        ]) {
          const r = await app.inject({
            method: 'POST',
            url,
            payload: JSON.stringify(body),
            headers: { 'content-type': 'application/json' },
          });
          if (url === '/v1/batch' && Array.isArray(body.entries) && body.entries.length === 0) {
            expect(r.json()).toEqual({ receipts: [] }); // an empty batch is a valid no-op
            continue;
          }
          expect(r.statusCode, `${url} ${JSON.stringify(body)}`).toBeGreaterThanOrEqual(400);
          expect(r.statusCode, `${url} ${JSON.stringify(body)}`).toBeLessThan(500);
        }
      }
    }
    expect((await ledger.info()).entries).toBe(0);
  });

  it('prototype-polluting and deeply nested bodies', async () => {
    for (const url of ['/v1/append', '/v1/batch', '/1.0/update']) {
      for (const o of pollutingObjects()) {
        const text = JSON.stringify(o).replace('"polluted"', '"__proto__"');
        const r = await app.inject({
          method: 'POST',
          url,
          payload: `{"topic":"t","payload":"AA","x":${text},"__proto__":{"admin":true}}`,
          headers: { 'content-type': 'application/json' },
        });
        expect(r.statusCode, url).toBeGreaterThanOrEqual(400);
        expect(r.statusCode).toBeLessThan(500);
      }
      const deep = await app.inject({
        method: 'POST',
        url,
        payload: deepJsonText(5_000),
        headers: { 'content-type': 'application/json' },
      });
      expect(deep.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(deep.statusCode).toBeLessThan(500);
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect((await ledger.info()).entries).toBe(0);
  });

  it('HttpLedger refuses wrong-typed arguments with TypeError/RangeError before any request', async () => {
    let requests = 0;
    const client = new HttpLedger({
      url: 'http://127.0.0.1:9/',
      retries: 0,
      fetch: async () => {
        requests++;
        throw new Error('no request expected');
      },
    });
    for (const v of WEIRD_VALUES) {
      if (typeof v !== 'string')
        await expect(client.append(v as never, new Uint8Array([1]))).rejects.toThrow(TypeError);
      if (!(v instanceof Uint8Array)) await expect(client.append('t', v as never)).rejects.toThrow(TypeError);
      if (!Array.isArray(v)) await expect(client.appendBatch(v as never)).rejects.toThrow(TypeError);
      if (typeof v !== 'string') await expect(client.read(v as never)).rejects.toThrow(TypeError);
    }
    expect(requests).toBe(0);
  });
});
