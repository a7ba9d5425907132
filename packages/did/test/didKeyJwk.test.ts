import { readFileSync } from 'node:fs';
import {
  base58btcDecode,
  base64urlDecode,
  base64urlEncode,
  generateKeyPair,
  publicKeyToJwk,
  utf8Encode,
} from '@realdid/crypto';
import { Resolver } from 'did-resolver';
import { describe, expect, it } from 'vitest';
import { getResolver } from '../src/getResolver.js';
import { decodeMultikey } from '../src/internal/multikey.js';
import { resolveDid } from '../src/resolveDid.js';

const vectors = new URL('./vectors/did-key/', import.meta.url);
const normalized = JSON.parse(readFileSync(new URL('did-key-normalized.json', vectors), 'utf8')) as {
  fromDidMethodKeyTestVectors: { did: string; multicodecName: string; publicKeyHex: string }[];
};
const SUPPORTED = new Set(['ed25519-pub', 'p256-pub', 'secp256k1-pub', 'x25519-pub']);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function expectedKeyBytes(vm: Record<string, unknown>): Uint8Array {
  if (typeof vm.publicKeyBase58 === 'string') return base58btcDecode(vm.publicKeyBase58);
  const jwk = vm.publicKeyJwk as { kty: string; x: string; y?: string };
  const x = base64urlDecode(jwk.x);
  if (jwk.kty === 'OKP') return x;
  const y = base64urlDecode(jwk.y as string);
  return new Uint8Array([(y[31] as number) & 1 ? 3 : 2, ...x]);
}

describe('did:key — w3c-ccg/did-method-key vectors (normalized key bytes)', () => {
  for (const v of normalized.fromDidMethodKeyTestVectors) {
    it(`${v.multicodecName} ${v.did.slice(0, 30)}…`, async () => {
      const r = await resolveDid(v.did);
      if (!SUPPORTED.has(v.multicodecName)) {
        expect(r.didResolutionMetadata.error).toBe('invalidDid');
        return;
      }
      expect(r.didResolutionMetadata.error).toBeUndefined();
      const vm = r.didDocument?.verificationMethod?.[0];
      expect(vm?.id).toBe(`${v.did}#${v.did.slice(8)}`);
      expect(hex(decodeMultikey(vm?.publicKeyMultibase as string).publicKey)).toBe(v.publicKeyHex);
    });
  }
});

describe('did:key — w3c-ccg/did-method-key expected documents', () => {
  for (const file of ['ed25519-x25519.json', 'nist-curves.json', 'secp256k1.json']) {
    const data = JSON.parse(
      readFileSync(new URL(`w3c-ccg-did-method-key/${file}`, vectors), 'utf8'),
    ) as Record<
      string,
      { didDocument: Record<string, unknown> & { verificationMethod: Record<string, unknown>[] } }
    >;
    for (const [did, entry] of Object.entries(data)) {
      const expected = entry.didDocument;
      const isSupported =
        did.startsWith('did:key:z6Mk') || did.startsWith('did:key:zDn') || did.startsWith('did:key:zQ3s');
      it(`${file} ${did.slice(0, 30)}…`, async () => {
        const r = await resolveDid(did);
        if (!isSupported) {
          expect(r.didResolutionMetadata.error).toBe('invalidDid');
          return;
        }
        const doc = r.didDocument as unknown as Record<string, unknown> & {
          verificationMethod: Record<string, unknown>[];
        };
        expect(doc.id).toBe(expected.id);
        // the same verification methods (ids, controllers, key bytes), expressed as Multikey
        expect(doc.verificationMethod.map((m) => m.id)).toEqual(expected.verificationMethod.map((m) => m.id));
        for (const [i, m] of doc.verificationMethod.entries()) {
          const e = expected.verificationMethod[i] as Record<string, unknown>;
          expect(m.type).toBe('Multikey');
          expect(m.controller).toBe(e.controller);
          expect(hex(decodeMultikey(m.publicKeyMultibase as string).publicKey)).toBe(
            hex(expectedKeyBytes(e)),
          );
        }
        // the same verification relationships
        for (const rel of [
          'authentication',
          'assertionMethod',
          'capabilityInvocation',
          'capabilityDelegation',
          'keyAgreement',
        ]) {
          expect(doc[rel]).toEqual(expected[rel]);
        }
      });
    }
  }

  it('rejects a non-canonical (uncompressed) P-256 did:key', async () => {
    const kp = generateKeyPair('P-256');
    const jwk = publicKeyToJwk('P-256', kp.publicKey) as { x: string; y: string };
    const uncompressed = new Uint8Array([
      0x80,
      0x24,
      4,
      ...base64urlDecode(jwk.x),
      ...base64urlDecode(jwk.y),
    ]);
    const { base58btcEncode } = await import('@realdid/crypto');
    const r = await resolveDid(`did:key:z${base58btcEncode(uncompressed)}`);
    expect(r.didResolutionMetadata.error).toBe('invalidDid');
  });
});

describe('did:jwk', () => {
  const jwkDid = (jwk: unknown) => `did:jwk:${base64urlEncode(utf8Encode(JSON.stringify(jwk)))}`;

  it('resolves the did:jwk specification example (P-256)', async () => {
    const did =
      'did:jwk:eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIiwieCI6ImFjYklRaXVNczNpOF91c3pFakoydHBUdFJNNEVVM3l6OTFQSDZDZEgyVjAiLCJ5IjoiX0tjeUxqOXZXTXB0bm1LdG00NkdxRHo4d2Y3NEk1TEtncmwyR3pIM25TRSJ9';
    const r = await resolveDid(did);
    expect(r.didDocument).toEqual({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
      id: did,
      verificationMethod: [
        {
          id: `${did}#0`,
          type: 'JsonWebKey2020',
          controller: did,
          publicKeyJwk: {
            crv: 'P-256',
            kty: 'EC',
            x: 'acbIQiuMs3i8_uszEjJ2tpTtRM4EU3yz91PH6CdH2V0',
            y: '_KcyLj9vWMptnmKtm46GqDz8wf74I5LKgrl2GzH3nSE',
          },
        },
      ],
      assertionMethod: [`${did}#0`],
      authentication: [`${did}#0`],
      capabilityInvocation: [`${did}#0`],
      capabilityDelegation: [`${did}#0`],
      keyAgreement: [`${did}#0`],
    });
  });

  it('use=sig / use=enc / Ed25519 / X25519 select the relationships', async () => {
    const ed = publicKeyToJwk('Ed25519', generateKeyPair('Ed25519').publicKey);
    const r1 = await resolveDid(jwkDid(ed));
    expect(r1.didDocument?.keyAgreement).toBeUndefined();
    expect(r1.didDocument?.authentication).toHaveLength(1);
    const p = publicKeyToJwk('P-256', generateKeyPair('P-256').publicKey);
    expect((await resolveDid(jwkDid({ ...p, use: 'sig' }))).didDocument?.keyAgreement).toBeUndefined();
    const enc = await resolveDid(jwkDid({ ...p, use: 'enc' }));
    expect(enc.didDocument?.keyAgreement).toHaveLength(1);
    expect(enc.didDocument?.assertionMethod).toBeUndefined();
    const x = await resolveDid(
      jwkDid({ kty: 'OKP', crv: 'X25519', x: base64urlEncode(new Uint8Array(32).fill(9)) }),
    );
    expect(x.didDocument?.keyAgreement).toHaveLength(1);
    expect(x.didDocument?.authentication).toBeUndefined();
  });

  it('rejects private keys, bad JSON, bad keys and unsupported key types with invalidDid', async () => {
    const kp = generateKeyPair('Ed25519');
    const bad = [
      jwkDid({ ...publicKeyToJwk('Ed25519', kp.publicKey), d: base64urlEncode(kp.secretKey) }),
      `did:jwk:${base64urlEncode(utf8Encode('{"kty":'))}`,
      jwkDid([1, 2]),
      jwkDid({ kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' }),
      jwkDid({ kty: 'RSA', n: 'AQAB', e: 'AQAB' }),
      jwkDid({ ...publicKeyToJwk('Ed25519', kp.publicKey), use: 'other' }),
      'did:jwk:!!!',
      'did:jwk:eyJ=',
    ];
    for (const did of bad)
      expect((await resolveDid(did)).didResolutionMetadata.error, did).toBe('invalidDid');
  });

  it('resolves through did-resolver', async () => {
    const resolver = new Resolver(getResolver());
    const did = jwkDid(publicKeyToJwk('secp256k1', generateKeyPair('secp256k1').publicKey));
    expect((await resolver.resolve(did)).didDocument?.id).toBe(did);
  });
});
