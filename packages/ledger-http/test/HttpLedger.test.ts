import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isRealDidError } from '@realdid/crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpLedger } from '../src/index.js';

// A scripted HTTP server on 127.0.0.1: each test says how to answer each request.
type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function serve(handler: Handler): Promise<{ url: string; requests: IncomingMessage[] }> {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    handler(req, res, requests.length);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests };
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return isRealDidError(e) ? e.code : `not coded: ${String(e)}`;
  }
  return 'resolved';
};

describe('HttpLedger', () => {
  it('revalidates reads with If-None-Match and serves the cached page on 304', async () => {
    const page = {
      topic: 't',
      from: 0,
      entries: [{ position: 0, id: 'zQmA', time: '2026-01-01T00:00:00.000Z', payload: 'AQ' }],
      next: null,
    };
    const { url, requests } = await serve((req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' });
        res.end();
      } else json(res, 200, page, { etag: '"v1"' });
    });
    const ledger = new HttpLedger({ url, retries: 0 });
    const a = await ledger.read('t');
    const b = await ledger.read('t');
    expect(b).toEqual(a);
    expect(a[0]!.payload).toEqual(new Uint8Array([1]));
    expect(requests.map((r) => r.headers['if-none-match'])).toEqual([undefined, '"v1"']);
    const off = new HttpLedger({ url, retries: 0, cacheEntries: 0 });
    await off.read('t');
    await off.read('t');
    expect(requests.slice(2).map((r) => r.headers['if-none-match'])).toEqual([undefined, undefined]);
  });

  it('retries 503, 429 and network failures with backoff, then succeeds', async () => {
    const { url, requests } = await serve((_req, res, n) => {
      if (n === 1) json(res, 503, { error: { code: 'ERR_LEDGER_UNAVAILABLE', message: 'busy' } });
      else if (n === 2)
        json(
          res,
          429,
          { error: { code: 'ERR_GATEWAY_RATE_LIMITED', message: 'slow down' } },
          { 'retry-after': '0' },
        );
      else if (n === 3) res.destroy();
      else json(res, 200, { topic: 't', size: 7 });
    });
    const ledger = new HttpLedger({ url, retries: 3, retryDelayMs: 1 });
    expect(await ledger.size('t')).toBe(7);
    expect(requests).toHaveLength(4);
  });

  it('gives up after the retries with the last error code', async () => {
    const { url, requests } = await serve((_req, res) =>
      json(res, 503, { error: { code: 'ERR_LEDGER_UNAVAILABLE', message: 'down' } }),
    );
    const ledger = new HttpLedger({ url, retries: 2, retryDelayMs: 1 });
    expect(await codeOf(ledger.size('t'))).toBe('ERR_LEDGER_UNAVAILABLE');
    expect(requests).toHaveLength(3);
  });

  it('does not retry a refusal and keeps its code', async () => {
    const { url, requests } = await serve((_req, res) =>
      json(res, 403, { error: { code: 'ERR_GATEWAY_APPEND_FORBIDDEN', message: 'no' } }),
    );
    const ledger = new HttpLedger({ url, retries: 3, retryDelayMs: 1 });
    expect(await codeOf(ledger.append('t', new Uint8Array([1])))).toBe('ERR_GATEWAY_APPEND_FORBIDDEN');
    expect(requests).toHaveLength(1);
  });

  it('times out each attempt with ERR_LEDGER_TIMEOUT', async () => {
    const { url } = await serve(() => {
      /* never answers */
    });
    let attempts = 0;
    const counting: typeof fetch = (input, init) => {
      attempts++;
      return fetch(input, init);
    };
    const ledger = new HttpLedger({ url, timeoutMs: 30, retries: 1, retryDelayMs: 1, fetch: counting });
    expect(await codeOf(ledger.size('t'))).toBe('ERR_LEDGER_TIMEOUT');
    expect(attempts).toBe(2);
  });

  it("calls fetch detached, as a browser's fetch requires (no Illegal invocation)", async () => {
    const { url } = await serve((_req, res) => json(res, 200, { topic: 't', size: 2 }));
    // A browser's window.fetch throws when called with any other `this` than the window.
    const browserLike = function (this: unknown, input: string | URL | Request, init?: RequestInit) {
      if (this !== undefined && this !== globalThis)
        return Promise.reject(new TypeError("Failed to execute 'fetch' on 'Window': Illegal invocation"));
      return fetch(input, init);
    } as typeof fetch;
    const ledger = new HttpLedger({ url, retries: 0, fetch: browserLike });
    expect(await ledger.size('t')).toBe(2);
  });

  it('reports an unreachable gateway as ERR_LEDGER_UNAVAILABLE', async () => {
    const { url } = await serve((_req, res) => res.end());
    await new Promise((r) => servers.pop()!.close(r));
    const ledger = new HttpLedger({ url, retries: 0 });
    expect(await codeOf(ledger.size('t'))).toBe('ERR_LEDGER_UNAVAILABLE');
  });

  it('refuses answers that break the protocol (hostile gateway)', async () => {
    const answers: unknown[] = [
      'not json',
      { size: -1 },
      { size: '3' },
      {
        topic: 't',
        entries: [{ position: 5, id: 'zQmA', time: '2026-01-01T00:00:00.000Z', payload: 'AQ' }],
        next: null,
      },
      {
        topic: 't',
        entries: [{ position: 0, id: 'bad id', time: '2026-01-01T00:00:00.000Z', payload: 'AQ' }],
        next: null,
      },
      { topic: 't', entries: [{ position: 0, id: 'zQmA', time: 'yesterday', payload: 'AQ' }], next: null },
      {
        topic: 't',
        entries: [{ position: 0, id: 'zQmA', time: '2026-01-01T00:00:00.000Z', payload: '+/' }],
        next: null,
      },
      { topic: 't', entries: [], next: 7 },
      { topic: 'other', position: 0, id: 'zQmA', time: '2026-01-01T00:00:00.000Z', duplicate: false },
    ];
    let i = 0;
    const { url } = await serve((_req, res) => {
      const a = answers[i++];
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(typeof a === 'string' ? a : JSON.stringify(a));
    });
    const ledger = new HttpLedger({ url, retries: 0 });
    expect(await codeOf(ledger.size('t'))).toBe('ERR_GATEWAY_PROTOCOL');
    expect(await codeOf(ledger.size('t'))).toBe('ERR_GATEWAY_PROTOCOL');
    expect(await codeOf(ledger.size('t'))).toBe('ERR_GATEWAY_PROTOCOL');
    for (let k = 0; k < 5; k++) expect(await codeOf(ledger.read('t'))).toBe('ERR_GATEWAY_PROTOCOL');
    expect(await codeOf(ledger.append('t', new Uint8Array([1])))).toBe('ERR_GATEWAY_PROTOCOL');
  });

  it('does not take an unknown code from the gateway', async () => {
    const { url } = await serve((_req, res) => json(res, 400, { error: { code: 'EVIL', message: 'x' } }));
    const ledger = new HttpLedger({ url, retries: 0 });
    expect(await codeOf(ledger.size('t'))).toBe('ERR_GATEWAY_PROTOCOL');
  });

  it('checks its options and arguments', async () => {
    expect(() => new HttpLedger(null as never)).toThrow(TypeError);
    expect(() => new HttpLedger({ url: 'ftp://x/' })).toThrow(TypeError);
    expect(() => new HttpLedger({ url: 'not a url' })).toThrow(TypeError);
    expect(() => new HttpLedger({ url: 'http://u:p@127.0.0.1/' })).toThrow(TypeError);
    expect(() => new HttpLedger({ url: 'http://127.0.0.1/', timeoutMs: 0 })).toThrow(RangeError);
    expect(() => new HttpLedger({ url: 'http://127.0.0.1/', retries: 1.5 })).toThrow(TypeError);
    expect(() => new HttpLedger({ url: 'http://127.0.0.1/', signer: 5 as never })).toThrow(TypeError);
    const ledger = new HttpLedger({ url: 'http://127.0.0.1:9/', retries: 0 });
    await expect(ledger.append(5 as never, new Uint8Array([1]))).rejects.toThrow(TypeError);
    await expect(ledger.read('t', { from: -1 })).rejects.toThrow(RangeError);
    expect(await codeOf(ledger.size('bad topic'))).toBe('ERR_LEDGER_TOPIC_INVALID');
    await ledger.close();
    expect(await codeOf(ledger.size('t'))).toBe('ERR_LEDGER_CLOSED');
  });

  it('uses no Node built-in (browser-safe source)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = new URL('../src/', import.meta.url);
    const files = readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.ts'));
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) {
      const text = readFileSync(new URL(String(f), dir), 'utf8');
      expect(text, String(f)).not.toMatch(/from '(node:|fs|path|http|https|net|crypto|buffer)/);
      expect(text, String(f)).not.toMatch(/\bBuffer\b|\bprocess\./);
    }
  });
});
