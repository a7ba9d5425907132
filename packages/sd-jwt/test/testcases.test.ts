import { readdirSync } from 'node:fs';
import { createSigner, generateKeyPair, jwkToKeyPair, publicKeyToJwk } from '@realdid/crypto';
import { describe, expect, it } from 'vitest';
import { type Document, isMap, isScalar, isSeq, parse, parseDocument } from 'yaml';
import {
  type DisclosureFrame,
  issueSdJwt,
  jwkKeyResolver,
  type PresentationFrame,
  presentSdJwt,
  verifySdJwt,
} from '../src/index.js';
import { vector } from './helpers.js';

// Test cases of two independent implementations (see test/vectors/sd-jwt/SOURCE.md):
// openwallet-foundation-labs/sd-jwt-python tests/testcases (YAML with `!sd` tags) and
// openwallet-foundation-labs/sd-jwt-js packages/core/test (JSON with disclosure/presentation frames).
// Each is issued with the given frame, presented with the given selection, verified, and the
// processed claims compared with the expected ones.

const dir = new URL('./vectors/sd-jwt/', import.meta.url);
const META = new Set(['iss', 'iat', 'exp', 'cnf']);

function userClaims(claims: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(claims).filter(([k]) => !META.has(k)));
}

/** A YAML node with `!sd` tags → [plain value, disclosure frame or undefined]. */
function convert(node: unknown): [unknown, DisclosureFrame | undefined] {
  if (isScalar(node)) {
    const v = node.tag === '!sd' && node.type === 'PLAIN' ? parse(String(node.source)) : node.value;
    return [v, undefined];
  }
  if (isMap(node)) {
    const obj: Record<string, unknown> = {};
    const frame: DisclosureFrame = {};
    const sd: string[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key;
      const key = String(isScalar(keyNode) ? keyNode.value : keyNode);
      if (isScalar(keyNode) && keyNode.tag === '!sd') sd.push(key);
      const [v, f] = convert(pair.value);
      obj[key] = v;
      if (f) frame[key] = f;
    }
    if (sd.length) frame._sd = sd;
    return [obj, Object.keys(frame).length ? frame : undefined];
  }
  if (isSeq(node)) {
    const arr: unknown[] = [];
    const frame: DisclosureFrame = {};
    const sd: number[] = [];
    node.items.forEach((item, i) => {
      if ((item as { tag?: string }).tag === '!sd') sd.push(i);
      const [v, f] = convert(item);
      arr.push(v);
      if (f) frame[String(i)] = f;
    });
    if (sd.length) frame._sd = sd;
    return [arr, Object.keys(frame).length ? frame : undefined];
  }
  return [node, undefined];
}

/** sd-jwt-python's holder_disclosed_claims → a presentation frame. */
function pyFrame(v: unknown): PresentationFrame | true | undefined {
  if (v === true) return true;
  if (Array.isArray(v)) {
    const f: PresentationFrame = {};
    v.forEach((e, i) => {
      const s = pyFrame(e);
      if (s !== undefined) f[String(i)] = s;
    });
    return f;
  }
  if (typeof v === 'object' && v !== null) {
    const f: PresentationFrame = {};
    for (const [k, e] of Object.entries(v)) {
      const s = pyFrame(e);
      if (s !== undefined) f[k] = s;
    }
    return f;
  }
  return undefined;
}

const settings = parse(vector('sd-jwt/sd-jwt-python-testcases/settings.yml'));
const issuerKp = jwkToKeyPair(settings.key_settings.issuer_keys[0]);
const holderKp = jwkToKeyPair(settings.key_settings.holder_key);
const issuerJwk = publicKeyToJwk(issuerKp.type, issuerKp.publicKey);
const holderJwk = publicKeyToJwk(holderKp.type, holderKp.publicKey);
const NOW = settings.iat * 1000 + 10_000;

async function roundTrip(opts: {
  claims: Record<string, unknown>;
  frame: DisclosureFrame | undefined;
  present: PresentationFrame;
  keyBinding: boolean;
  format: 'compact' | 'flattened' | 'general';
  header?: Record<string, unknown>;
}): Promise<Record<string, unknown>> {
  const payload: Record<string, unknown> = {
    iss: settings.identifiers.issuer,
    iat: settings.iat,
    exp: settings.exp,
    ...opts.claims,
  };
  if (opts.keyBinding) payload.cnf = { jwk: holderJwk };
  const sdJwt = await issueSdJwt({
    signer: createSigner(issuerKp),
    payload,
    ...(opts.frame ? { disclosureFrame: opts.frame } : {}),
    ...(opts.header ? { header: opts.header } : {}),
  });
  const aud = settings.identifiers.verifier;
  const nonce = settings.key_binding_nonce;
  const vp = await presentSdJwt(sdJwt, opts.present, {
    format: opts.format as 'compact',
    ...(opts.keyBinding
      ? { keyBinding: { signer: createSigner(holderKp), aud, nonce, iat: settings.iat } }
      : {}),
  });
  const r = await verifySdJwt(vp, {
    keyResolver: jwkKeyResolver(issuerJwk),
    now: () => NOW,
    requireKeyBinding: opts.keyBinding,
    ...(opts.keyBinding ? { keyBinding: { aud, nonce } } : {}),
  });
  if (opts.header) for (const [k, v] of Object.entries(opts.header)) expect(r.header[k]).toEqual(v);
  if (opts.format !== 'compact') expect(r.format).toBe(opts.format);
  return userClaims(r.claims);
}

describe('sd-jwt-python test cases round-trip', () => {
  const files = readdirSync(new URL('sd-jwt-python-testcases/', dir)).filter(
    (f) => f.endsWith('.yml') && f !== 'settings.yml',
  );
  it('finds the cases', () => expect(files.length).toBeGreaterThanOrEqual(16));
  for (const file of files) {
    it(file, async () => {
      const doc: Document = parseDocument(vector(`sd-jwt/sd-jwt-python-testcases/${file}`));
      const tc = doc.toJS({}) as Record<string, unknown>;
      const [claims, frame] = convert(doc.get('user_claims', true));
      const format =
        tc.serialization_format === 'json' ? (file.includes('general') ? 'general' : 'flattened') : 'compact';
      const got = await roundTrip({
        claims: claims as Record<string, unknown>,
        frame,
        present: (pyFrame(tc.holder_disclosed_claims) ?? {}) as PresentationFrame,
        keyBinding: tc.key_binding === true,
        format,
        ...(tc.extra_header_parameters
          ? { header: tc.extra_header_parameters as Record<string, unknown> }
          : {}),
      });
      expect(got).toEqual(tc.expect_verified_user_claims);
    });
  }
});

// One js case expects an object whose properties are all undisclosed to vanish; RFC 9901 §7.1
// step 3.5 says it stays as `{}` (and sd-jwt-python's identical case array_none_disclosed.yml
// expects `is_over: {}`). We follow the RFC here.
const RFC_OVERRIDES: Record<string, unknown> = { 'array_none_disclosed.json': { is_over: {} } };

describe('sd-jwt-js test cases round-trip', () => {
  const files = readdirSync(new URL('sd-jwt-js-testcases/', dir)).filter((f) => f.endsWith('.json'));
  it('finds the cases', () => expect(files.length).toBeGreaterThanOrEqual(17));
  for (const file of files) {
    it(file, async () => {
      const tc = JSON.parse(vector(`sd-jwt/sd-jwt-js-testcases/${file}`));
      for (const keyBinding of [false, true]) {
        const got = await roundTrip({
          claims: tc.claims,
          frame: tc.disclosureFrame,
          present: tc.presentationFrames ?? {},
          keyBinding,
          format: file.startsWith('json_serialization') ? 'flattened' : 'compact',
        });
        expect(got).toEqual(RFC_OVERRIDES[file] ?? tc.presenatedClaims);
      }
    });
  }
});

describe('Ed25519 and ES256K issuers round-trip too', () => {
  for (const type of ['Ed25519', 'secp256k1'] as const) {
    it(type, async () => {
      const kp = generateKeyPair(type);
      const sdJwt = await issueSdJwt({
        signer: createSigner(kp),
        payload: { a: 1, b: [1, 2, { c: 3 }] },
        disclosureFrame: { _sd: ['a', 'b'], b: { _sd: [0, 2], 2: { _sd: ['c'] } } },
      });
      const r = await verifySdJwt(await presentSdJwt(sdJwt, { b: { 2: { c: true } } }), {
        keyResolver: jwkKeyResolver(publicKeyToJwk(type, kp.publicKey)),
      });
      expect(r.claims).toEqual({ b: [2, { c: 3 }] });
      expect(r.disclosed).toEqual([['b'], ['b', 1], ['b', 1, 'c']]);
    });
  }
});
