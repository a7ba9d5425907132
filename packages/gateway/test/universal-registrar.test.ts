import {
  base64urlDecode,
  base64urlEncode,
  generateKeyPair,
  publicKeyToMultibase,
  sign,
} from '@realdid/crypto';
import { createDid } from '@realdid/did';
import { MemoryLedger } from '@realdid/ledger';
import { afterEach, describe, expect, it } from 'vitest';
import { createGateway } from '../src/index.js';

type App = Awaited<ReturnType<typeof createGateway>>;
const apps: App[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

async function gateway(registrar: { internalSecrets?: boolean }) {
  const ledger = new MemoryLedger();
  const app = await createGateway({ ledger, logger: false, rateLimit: false, registrar });
  apps.push(app);
  return { app, ledger };
}
const post = (app: App, url: string, payload: Record<string, unknown>) =>
  app.inject({ method: 'POST', url, payload });
const resolve = (app: App, did: string) =>
  app.inject({ url: `/1.0/identifiers/${did}`, headers: { accept: 'application/did-resolution' } });
const commitmentOf = (key: ReturnType<typeof generateKeyPair>) =>
  createDid({ updateKey: key }).updateCommitment;
const service = { id: '#svc', type: 'LinkedDomains', serviceEndpoint: 'https://rp.example/' };

describe('Universal Registrar driver: client-managed secrets (the gateway sees no private key)', () => {
  it('creates, updates (sign → resubmit) and deactivates a did:realdid', async () => {
    const { app, ledger } = await gateway({});
    const vmKey = generateKeyPair('Ed25519');
    const update = generateKeyPair('Ed25519');
    const nextUpdate = generateKeyPair('Ed25519');
    const recovery = generateKeyPair('P-256');
    const c = await post(app, '/1.0/create?method=realdid', {
      options: {
        clientSecretMode: true,
        updateCommitment: commitmentOf(update),
        recoveryCommitment: commitmentOf(recovery),
      },
      didDocument: {
        verificationMethod: [
          {
            id: '#key-1',
            type: 'Multikey',
            publicKeyMultibase: publicKeyToMultibase('Ed25519', vmKey.publicKey),
          },
        ],
        authentication: ['#key-1'],
      },
    });
    expect(c.statusCode, c.body).toBe(201);
    const { did } = c.json().didState;
    expect(c.json().didState.state).toBe('finished');
    expect(c.json().didState.secret).toBeUndefined();
    expect((await resolve(app, did)).statusCode).toBe(200);

    const request = {
      did,
      options: {
        clientSecretMode: true,
        updateKey: publicKeyToMultibase('Ed25519', update.publicKey),
        nextUpdateCommitment: commitmentOf(nextUpdate),
      },
      didDocumentOperation: ['addToDidDocument'],
      didDocument: [{ service: [service] }],
    };
    const a = await post(app, '/1.0/update', request);
    expect(a.statusCode).toBe(200);
    const st = a.json().didState;
    expect(st.state).toBe('action');
    expect(st.action).toBe('signPayload');
    const sr = st.signingRequest.signingRequest1;
    expect(sr.alg).toBe('EdDSA');
    const before = (await ledger.info()).entries;

    // a signature by another key is refused, and nothing is written
    const wrong = sign(
      'Ed25519',
      generateKeyPair('Ed25519').secretKey,
      base64urlDecode(sr.serializedPayload),
    );
    const bad = await post(app, '/1.0/update', {
      ...request,
      secret: { signingResponse: { signingRequest1: { signature: base64urlEncode(wrong) } } },
    });
    expect(bad.statusCode).toBe(403);
    expect(bad.json().didState.state).toBe('failed');
    expect((await ledger.info()).entries).toBe(before);

    const good = sign('Ed25519', update.secretKey, base64urlDecode(sr.serializedPayload));
    const f = await post(app, '/1.0/update', {
      ...request,
      secret: { signingResponse: { signingRequest1: { signature: base64urlEncode(good) } } },
    });
    expect(f.statusCode, f.body).toBe(200);
    expect(f.json().didState.state).toBe('finished');
    const doc = (await resolve(app, did)).json().didDocument;
    expect(doc.service).toEqual([{ ...service, id: `${did}#svc` }]);

    const d1 = await post(app, '/1.0/deactivate', {
      did,
      options: { clientSecretMode: true, recoveryKey: publicKeyToMultibase('P-256', recovery.publicKey) },
    });
    const dr = d1.json().didState.signingRequest.signingRequest1;
    expect(dr.alg).toBe('ES256');
    const sig = sign('P-256', recovery.secretKey, base64urlDecode(dr.serializedPayload));
    const d2 = await post(app, '/1.0/deactivate', {
      did,
      options: { clientSecretMode: true, recoveryKey: publicKeyToMultibase('P-256', recovery.publicKey) },
      secret: { signingResponse: { signingRequest1: { signature: base64urlEncode(sig) } } },
    });
    expect(d2.json().didState.state).toBe('finished');
    expect((await resolve(app, did)).statusCode).toBe(410);
  });

  it('refuses internal-secret requests unless enabled, other methods, and malformed input', async () => {
    const { app, ledger } = await gateway({});
    const r = await post(app, '/1.0/create?method=realdid', { didDocument: {} });
    expect(r.statusCode).toBe(400);
    expect(r.json().didState.state).toBe('failed');
    expect(
      (await post(app, '/1.0/create?method=web', { options: { clientSecretMode: true } })).statusCode,
    ).toBe(400);
    for (const body of [
      { options: { clientSecretMode: true } },
      { options: { clientSecretMode: true, updateCommitment: 'x', recoveryCommitment: 'y' }, didDocument: 5 },
      { options: 'x' },
    ]) {
      const res = await post(app, '/1.0/create?method=realdid', body);
      expect(res.statusCode, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
    }
    const nf = await post(app, '/1.0/deactivate', {
      did: createDid().did,
      options: { clientSecretMode: true, recoveryKey: 'z' },
    });
    expect(nf.statusCode).toBe(404);
    expect((await ledger.info()).entries).toBe(0);
  });
});

describe('Universal Registrar driver: internal secrets (tests only)', () => {
  it('creates, updates and deactivates with keys the gateway holds', async () => {
    const { app } = await gateway({ internalSecrets: true });
    const c = await post(app, '/1.0/create?method=realdid', { options: { returnSecrets: true } });
    expect(c.statusCode).toBe(201);
    const { did, secret } = c.json().didState;
    expect(secret.verificationMethod[0].secretKeyMultibase).toMatch(/^z/);
    const u = await post(app, '/1.0/update', {
      did,
      didDocumentOperation: ['addToDidDocument', 'removeFromDidDocument'],
      didDocument: [{ service: [service] }, { verificationMethod: [`${did}#key-1`] }],
    });
    expect(u.statusCode, u.body).toBe(200);
    const doc = (await resolve(app, did)).json().didDocument;
    expect(doc.service).toHaveLength(1);
    expect(doc.verificationMethod ?? []).toHaveLength(0);
    const u2 = await post(app, '/1.0/update', {
      did,
      didDocumentOperation: ['removeFromDidDocument'],
      didDocument: [{ service: ['#svc'] }],
    });
    expect(u2.statusCode, u2.body).toBe(200);
    expect((await post(app, '/1.0/deactivate', { did })).json().didState.state).toBe('finished');
    expect((await resolve(app, did)).statusCode).toBe(410);
    expect((await post(app, '/1.0/deactivate', { did })).statusCode).toBe(410);
  });
});
