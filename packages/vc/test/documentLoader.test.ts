import { canonicalize, createDidResolver, createDocumentLoader } from '@realdid/vc';
import { describe, expect, it } from 'vitest';
import { readText, sha256Hex } from './helpers.js';
import { verifyCredential } from './outcome.js';

describe('createDocumentLoader', () => {
  it('serves the bundled contexts, offline, marked static', async () => {
    const load = createDocumentLoader();
    for (const url of [
      'https://www.w3.org/ns/credentials/v2',
      'https://www.w3.org/2018/credentials/v1',
      'https://w3id.org/security/data-integrity/v2',
      'https://w3id.org/security/multikey/v1',
      'https://www.w3.org/ns/did/v1',
      'https://www.w3.org/ns/credentials/status/v1',
    ]) {
      const r = await load(url);
      expect(r.documentUrl).toBe(url);
      expect(r.tag).toBe('static');
      expect(typeof r.document).toBe('object');
    }
  });

  it('the bundled credentials v2 context is byte-identical to the pinned W3C file', async () => {
    const load = createDocumentLoader();
    const { document } = await load('https://www.w3.org/ns/credentials/v2');
    expect(document).toEqual(JSON.parse(readText('contexts/www_w3_org_ns_credentials_v2.json')));
  });

  it('refuses an unknown URL with ERR_VC_CONTEXT_NOT_ALLOWED, without touching the network', async () => {
    const load = createDocumentLoader();
    const original = globalThis.fetch;
    let fetched = 0;
    globalThis.fetch = (async () => {
      fetched++;
      throw new Error('no network in tests');
    }) as typeof fetch;
    try {
      await expect(load('https://example.com/contexts/unknown/v1')).rejects.toMatchObject({
        code: 'ERR_VC_CONTEXT_NOT_ALLOWED',
      });
      await expect(
        canonicalize(
          {
            '@context': ['https://www.w3.org/ns/credentials/v2', 'https://example.com/contexts/unknown/v1'],
            type: 'X',
          },
          { documentLoader: load },
        ),
      ).rejects.toMatchObject({ code: 'ERR_VC_CONTEXT_NOT_ALLOWED' });
      const r = await verifyCredential({
        '@context': ['https://www.w3.org/ns/credentials/v2', 'https://example.com/contexts/unknown/v2'],
        type: ['VerifiableCredential'],
        issuer: 'did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2',
        credentialSubject: { id: 'did:example:1' },
        proof: {
          type: 'DataIntegrityProof',
          cryptosuite: 'eddsa-rdfc-2022',
          proofPurpose: 'assertionMethod',
          verificationMethod:
            'did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2',
          proofValue:
            'z2YwC8z3ap7yx1nZYCg4L3j3ApHsF8kgPdSb5xoS1VR7vPG3F561B52hYnQF9iseabecm3ijx4K1FBTQsCZahKZme',
        },
      });
      expect(r.verified).toBe(false);
      expect(r.errors[0]?.code).toBe('ERR_VC_CONTEXT_NOT_ALLOWED');
    } finally {
      globalThis.fetch = original;
    }
    expect(fetched).toBe(0);
  });

  it('integrator contexts are checked against their pinned sha-256 at first load', async () => {
    const text = '{"@context":{"ex":"https://example.org/ns#","Thing":"ex:Thing"}}';
    const good = createDocumentLoader({
      contexts: { 'https://example.org/ctx/v1': { text, sha256: sha256Hex(text) } },
    });
    expect((await good('https://example.org/ctx/v1')).document).toEqual(JSON.parse(text));
    const bad = createDocumentLoader({
      contexts: { 'https://example.org/ctx/v2': { text: `${text} `, sha256: sha256Hex(text) } },
    });
    await expect(bad('https://example.org/ctx/v2')).rejects.toMatchObject({
      code: 'ERR_VC_CONTEXT_HASH_MISMATCH',
    });
  });

  it('remote loading only for allow-listed URLs, through the given fetch (a local function here)', async () => {
    const calls: string[] = [];
    const load = createDocumentLoader({
      remote: {
        allow: ['https://example.org/remote/v1'],
        fetch: async (url) => {
          calls.push(url);
          return { '@context': { n: 'https://example.org/n' } };
        },
      },
    });
    await load('https://example.org/remote/v1');
    await load('https://example.org/remote/v1');
    expect(calls).toEqual(['https://example.org/remote/v1']);
    await expect(load('https://example.org/remote/v2')).rejects.toMatchObject({
      code: 'ERR_VC_CONTEXT_NOT_ALLOWED',
    });
  });

  it('DID URLs go through the DID resolver (@realdid/did); without one they are refused', async () => {
    const did = 'did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2';
    const withDid = createDocumentLoader({ resolveDid: createDidResolver().didDocument });
    const doc = (await withDid(did)).document as Record<string, unknown>;
    expect(doc.id).toBe(did);
    const vm = (await withDid(`${did}#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2`)).document as Record<
      string,
      unknown
    >;
    expect(vm.controller).toBe(did);
    await expect(createDocumentLoader()(did)).rejects.toMatchObject({ code: 'ERR_VC_CONTEXT_NOT_ALLOWED' });
  });

  it('wrong-typed options are TypeErrors', () => {
    for (const bad of [1, 'x', [], null]) expect(() => createDocumentLoader(bad as never)).toThrow(TypeError);
    expect(() => createDocumentLoader({ contexts: { u: { text: '{}', sha256: 'nothex' } } })).toThrow(
      TypeError,
    );
    expect(() => createDocumentLoader({ remote: { allow: 'x' as never } })).toThrow(TypeError);
    expect(() => createDocumentLoader({ resolveDid: 1 as never })).toThrow(TypeError);
  });
});
