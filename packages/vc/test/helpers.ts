import { readFileSync } from 'node:fs';
import { keyPairFromSecretKey, multibaseToSecretKey, sha256, utf8Encode } from '@realdid/crypto';
import type { PinnedContext } from '@realdid/vc';
import { createDataIntegritySigner, createDocumentLoader } from '@realdid/vc';
import jsonld from 'jsonld';
import * as rdfCanonize from 'rdf-canonize';

/** The copied test vectors (see each folder's SOURCE.md for where it comes from). */
export const VECTORS = new URL('./vectors/', import.meta.url);

export function readText(rel: string): string {
  return readFileSync(new URL(rel, VECTORS), 'utf8');
}
export function readJson<T = Record<string, unknown>>(rel: string): T {
  return JSON.parse(readText(rel)) as T;
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}
export function sha256Hex(s: string): string {
  return hex(sha256(utf8Encode(s)));
}

interface ManifestEntry {
  url: string;
  savedAs: string;
}

/** The test-only contexts (examples, citizenship, vdl, ed25519-2020), pinned by the sha-256 of their text. */
export function testContexts(): Record<string, PinnedContext> {
  const manifest = readJson<ManifestEntry[]>('contexts/MANIFEST.json');
  const wanted = [
    'https://www.w3.org/ns/credentials/examples/v2',
    'https://www.w3.org/2018/credentials/examples/v1',
    'https://w3id.org/citizenship/v4rc1',
    'https://w3id.org/vdl/v1',
    'https://w3id.org/vdl/aamva/v1',
    'https://w3id.org/security/suites/ed25519-2020/v1',
  ];
  const out: Record<string, PinnedContext> = {};
  for (const m of manifest) {
    if (!wanted.includes(m.url)) continue;
    const text = readText(`contexts/${m.savedAs}`);
    out[m.url] = { text, sha256: sha256Hex(text) };
  }
  return out;
}

export const documentLoader = createDocumentLoader({ contexts: testContexts() });

/** A signer from a multibase secret key, for a did:key verification method. */
export function didKeySigner(secretKeyMultibase: string, publicKeyMultibase: string) {
  const { type, secretKey } = multibaseToSecretKey(secretKeyMultibase);
  const kp = keyPairFromSecretKey(type, secretKey);
  return createDataIntegritySigner(kp, `did:key:${publicKeyMultibase}#${publicKeyMultibase}`);
}

/**
 * The RDFC-1.0 canonical N-Quads of `input` by `jsonld.toRDF` + `rdf-canonize`, with the options
 * the eddsa-rdfc-2022 suite uses: the reference every faster canonicalization is held to.
 */
export async function referenceNQuads(input: Record<string, unknown>): Promise<string> {
  const dataset = await jsonld.toRDF(input, {
    documentLoader,
    safe: true,
    base: null,
    rdfDirection: 'i18n-datatype',
    produceGeneralizedRdf: false,
  });
  return rdfCanonize.canonize(dataset, { algorithm: 'RDFC-1.0', format: 'application/n-quads' });
}

/** What a verify call said: accepted, or refused with these codes. */
export type Verdict = { accepted: true } | { accepted: false; codes: string[] };

/**
 * The verdict of `run` (a `verifyCredential` / `verifyPresentation` call): accepted, or the codes
 * of its refusal — each `errors[].code`, then the error's own code. An error with no code at all is
 * misuse, not a verdict, and is rethrown.
 */
export async function verdictOf(run: () => Promise<unknown>): Promise<Verdict> {
  try {
    await run();
    return { accepted: true };
  } catch (e) {
    const errors = (e as { errors?: Array<{ code: string }> }).errors;
    const code = (e as { code?: unknown }).code;
    if (errors === undefined && code === undefined) throw e;
    return { accepted: false, codes: (errors ?? []).map((x) => x.code).concat(String(code)) };
  }
}
