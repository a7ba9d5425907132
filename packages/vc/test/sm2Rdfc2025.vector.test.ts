/**
 * The sm2-rdfc-2025 test vector (docs/sm2-rdfc-2025.md §6, files under vectors/sm2-rdfc-2025/):
 * every intermediate value recomputed byte for byte — canonical N-Quads, SM3 hashes (ours and
 * node:crypto's), hashData, the deterministic SM2 signature, the proofValue, the signed document —
 * the specification's text carries the same values, and OpenSSL 3 verifies the signature over
 * hashData (and signs one that this package then accepts as a proof).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  base58btcDecode,
  base58btcEncode,
  keyPairFromSecretKey,
  keyPairToPkcs8,
  multibaseToSecretKey,
  publicKeyToMultibase,
  publicKeyToSpki,
  sign,
  sm3,
  utf8Encode,
  verify,
} from '@realdid/crypto';
import {
  addDataIntegrityProof,
  canonicalize,
  createDataIntegritySigner,
  createDocumentLoader,
  verifyCredential,
  verifyDataIntegrityProof,
} from '@realdid/vc';
import { afterAll, describe, expect, it } from 'vitest';
import { jcs } from '../src/internal/jcs.js';
import { hex, readJson, readText } from './helpers.js';
import { SECRET_KEY_HEX, testContexts, UNSIGNED, vectorCreated } from './vectors/sm2-rdfc-2025/inputs.js';

const V = 'sm2-rdfc-2025/';
const keys = readJson<{
  secretKeyHex: string;
  publicKeyHex: string;
  secretKeyMultibase: string;
  publicKeyMultibase: string;
  did: string;
  userId: string;
}>(`${V}keys.json`);
const hashes = readJson<{
  proofConfigHash: string;
  documentHash: string;
  hashData: string;
  signature: string;
  proofValue: string;
}>(`${V}hashes.json`);
const unsigned = readJson(`${V}unsigned.json`);
const proofConfig = readJson(`${V}proofConfig.json`);
const signed = readJson(`${V}signed.json`);
const canonicalDocument = readText(`${V}canonicalDocument.nq`);
const canonicalProofConfig = readText(`${V}canonicalProofConfig.nq`);
const spec = readFileSync(new URL('../../../docs/sm2-rdfc-2025.md', import.meta.url), 'utf8');

const documentLoader = createDocumentLoader({ contexts: testContexts() });
const fromHex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));
const nodeSm3 = (s: string) => createHash('sm3').update(s, 'utf8').digest('hex');
const pair = keyPairFromSecretKey('SM2', fromHex(SECRET_KEY_HEX));
const NOW = new Date('2026-01-01T00:00:00Z');

describe('sm2-rdfc-2025 test vector', () => {
  it('keys: the GB/T 32918.5 example key, its Multikey and did:key', () => {
    expect(keys.secretKeyHex).toBe(SECRET_KEY_HEX);
    expect(hex(pair.publicKey)).toBe(keys.publicKeyHex);
    // x of the standard's example public key
    expect(keys.publicKeyHex.slice(2).toUpperCase()).toBe(
      '09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020',
    );
    expect(publicKeyToMultibase('SM2', pair.publicKey)).toBe(keys.publicKeyMultibase);
    expect(keys.publicKeyMultibase.startsWith('zEP')).toBe(true);
    expect(hex(multibaseToSecretKey(keys.secretKeyMultibase).secretKey)).toBe(SECRET_KEY_HEX);
    expect(keys.did).toBe(`did:key:${keys.publicKeyMultibase}`);
    expect(unsigned).toEqual(UNSIGNED(keys.did));
  });

  it('transformation: RDFC-1.0 N-Quads of the document and of the proof configuration', async () => {
    expect(await canonicalize(unsigned, { documentLoader })).toBe(canonicalDocument);
    expect(proofConfig).toEqual({
      type: 'DataIntegrityProof',
      cryptosuite: 'sm2-rdfc-2025',
      created: vectorCreated,
      verificationMethod: `${keys.did}#${keys.publicKeyMultibase}`,
      proofPurpose: 'assertionMethod',
      '@context': unsigned['@context'],
    });
    expect(await canonicalize(proofConfig, { documentLoader })).toBe(canonicalProofConfig);
  });

  it('hashing: SM3 of each (ours and OpenSSL through node:crypto agree), hashData = the two in order', () => {
    expect(hex(sm3(utf8Encode(canonicalProofConfig)))).toBe(hashes.proofConfigHash);
    expect(nodeSm3(canonicalProofConfig)).toBe(hashes.proofConfigHash);
    expect(hex(sm3(utf8Encode(canonicalDocument)))).toBe(hashes.documentHash);
    expect(nodeSm3(canonicalDocument)).toBe(hashes.documentHash);
    expect(hashes.hashData).toBe(hashes.proofConfigHash + hashes.documentHash);
  });

  it('serialization: the deterministic SM2 signature (default user ID) and its base58btc proofValue', () => {
    const signature = sign('SM2', pair.secretKey, fromHex(hashes.hashData));
    expect(hex(signature)).toBe(hashes.signature);
    expect(`z${base58btcEncode(signature)}`).toBe(hashes.proofValue);
    expect(verify('SM2', pair.publicKey, fromHex(hashes.hashData), signature)).toBe(true);
    // the user ID is part of what is signed: another ID does not verify
    expect(
      verify('SM2', pair.publicKey, fromHex(hashes.hashData), signature, { userId: 'ALICE123@YAHOO.COM' }),
    ).toBe(false);
  });

  it('create proof: addDataIntegrityProof reproduces the signed document exactly', async () => {
    const signer = createDataIntegritySigner(pair, `${keys.did}#${keys.publicKeyMultibase}`);
    const made = await addDataIntegrityProof(unsigned, {
      signer,
      created: new Date(vectorCreated),
      documentLoader,
    });
    expect(JSON.stringify(made, null, 2)).toBe(JSON.stringify(signed, null, 2));
    expect((made.proof as { proofValue: string }).proofValue).toBe(hashes.proofValue);
  });

  it('verify proof: the signed vector verifies as a credential and as a Data Integrity document', async () => {
    const r = await verifyCredential(signed, { documentLoader, now: NOW });
    expect(r.issuer).toBe(keys.did);
    expect(r.proofs).toEqual([
      {
        cryptosuite: 'sm2-rdfc-2025',
        verificationMethod: `${keys.did}#${keys.publicKeyMultibase}`,
        controller: keys.did,
        proofPurpose: 'assertionMethod',
      },
    ]);
    await verifyDataIntegrityProof(signed, { documentLoader });
  });

  it('the specification prints the same values', () => {
    for (const v of [
      keys.publicKeyMultibase,
      keys.secretKeyHex,
      keys.publicKeyHex,
      hashes.proofConfigHash,
      hashes.documentHash,
      hashes.signature,
      hashes.proofValue,
    ]) {
      expect(spec).toContain(v);
    }
    expect(spec).toContain(canonicalDocument);
    expect(spec).toContain(canonicalProofConfig);
    expect(spec).toContain(JSON.stringify(signed, null, 2));
  });
});

const W3C_JCS = 'w3c-vc-di-eddsa/TestVectors/eddsa-jcs-2022/';
const jcsHashes = readJson<typeof hashes>(`${V}jcs-hashes.json`);
const jcsSigned = readJson(`${V}jcs-signed.json`);

describe('sm2-jcs-2025 test vector', () => {
  it('JCS (RFC 8785) reproduces the canonical forms of the W3C eddsa-jcs-2022 vectors', () => {
    const w3cUnsigned = readJson('w3c-vc-di-eddsa/TestVectors/unsigned.json');
    expect(jcs(w3cUnsigned)).toBe(readText(`${W3C_JCS}canonDocJCS.txt`));
    expect(jcs(readJson(`${W3C_JCS}proofConfigJCS.json`))).toBe(readText(`${W3C_JCS}proofCanonJCS.txt`));
    // RFC 8785 §3.2.3: members sorted by UTF-16 code units, numbers as ECMAScript writes them
    expect(jcs({ '\u20ac': 1, '\r': 2, '\ud83d\ude00': 3, '\ufb33': 4, '1': [1e21, 1e-7, -0, 0.1] })).toBe(
      '{"\\r":2,"1":[1e+21,1e-7,0,0.1],"\u20ac":1,"\ud83d\ude00":3,"\ufb33":4}',
    );
  });

  it('transformation, hashing, signature and proofValue, byte for byte', () => {
    const config = readJson(`${V}jcs-proofConfig.json`);
    expect(config).toEqual({ ...proofConfig, cryptosuite: 'sm2-jcs-2025' });
    const doc = jcs(unsigned);
    const conf = jcs(config);
    expect(doc).toBe(readText(`${V}jcs-canonicalDocument.json`));
    expect(conf).toBe(readText(`${V}jcs-canonicalProofConfig.json`));
    expect(nodeSm3(conf)).toBe(jcsHashes.proofConfigHash);
    expect(nodeSm3(doc)).toBe(jcsHashes.documentHash);
    expect(jcsHashes.hashData).toBe(jcsHashes.proofConfigHash + jcsHashes.documentHash);
    const signature = sign('SM2', pair.secretKey, fromHex(jcsHashes.hashData));
    expect(hex(signature)).toBe(jcsHashes.signature);
    expect(`z${base58btcEncode(signature)}`).toBe(jcsHashes.proofValue);
  });

  it('create and verify proof; the specification prints the values', async () => {
    const signer = createDataIntegritySigner(pair, `${keys.did}#${keys.publicKeyMultibase}`);
    const made = await addDataIntegrityProof(unsigned, {
      signer,
      cryptosuite: 'sm2-jcs-2025',
      created: new Date(vectorCreated),
      documentLoader,
    });
    expect(JSON.stringify(made, null, 2)).toBe(JSON.stringify(jcsSigned, null, 2));
    const r = await verifyCredential(jcsSigned, { documentLoader, now: NOW });
    expect(r.proofs[0]?.cryptosuite).toBe('sm2-jcs-2025');
    for (const v of [
      jcsHashes.proofConfigHash,
      jcsHashes.documentHash,
      jcsHashes.signature,
      jcsHashes.proofValue,
    ]) {
      expect(spec).toContain(v);
    }
    expect(spec).toContain(readText(`${V}jcs-canonicalDocument.json`));
    expect(spec).toContain(readText(`${V}jcs-canonicalProofConfig.json`));
  });
});

// ---- OpenSSL 3 on the signature layer -------------------------------------------------------

const dir = mkdtempSync(join(tmpdir(), 'realdid-sm2-rdfc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function openssl(args: string[]): string {
  return execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const opensslHasSm2 = (() => {
  try {
    openssl(['genpkey', '-algorithm', 'SM2', '-out', 'probe.pem']);
    return true;
  } catch {
    return false;
  }
})();

/** DER `SEQUENCE { INTEGER r, INTEGER s }` of a raw r ‖ s (what `openssl pkeyutl` reads). */
function rawToDer(raw: Uint8Array): Uint8Array {
  const int = (b: Uint8Array) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const v = b.subarray(i);
    const body = (v[0] as number) & 0x80 ? Uint8Array.of(0, ...v) : v;
    return Uint8Array.of(0x02, body.length, ...body);
  };
  const r = int(raw.subarray(0, 32));
  const s = int(raw.subarray(32));
  return Uint8Array.of(0x30, r.length + s.length, ...r, ...s);
}

/** raw r ‖ s of a DER SM2 signature (short form lengths: always, for 256-bit integers). */
function derToRaw(der: Uint8Array): Uint8Array {
  const out = new Uint8Array(64);
  let at = 2;
  for (const half of [0, 32]) {
    expect(der[at]).toBe(0x02);
    const len = der[at + 1] as number;
    const v = der.subarray(at + 2, at + 2 + len);
    const trimmed = v.length > 32 ? v.subarray(v.length - 32) : v;
    out.set(trimmed, half + 32 - trimmed.length);
    at += 2 + len;
  }
  return out;
}

function pkeyutlVerify(data: Uint8Array, derSig: Uint8Array, id: string): boolean {
  writeFileSync(join(dir, 'pub.der'), publicKeyToSpki('SM2', pair.publicKey));
  writeFileSync(join(dir, 'hashData.bin'), data);
  writeFileSync(join(dir, 'sig.der'), derSig);
  try {
    return openssl([
      'pkeyutl',
      '-verify',
      '-pubin',
      '-keyform',
      'DER',
      '-inkey',
      'pub.der',
      '-rawin',
      '-in',
      'hashData.bin',
      '-digest',
      'sm3',
      '-pkeyopt',
      `distid:${id}`,
      '-sigfile',
      'sig.der',
    ]).includes('Signature Verified Successfully');
  } catch {
    return false;
  }
}

describe.runIf(opensslHasSm2)('sm2-rdfc-2025 signatures and OpenSSL 3', () => {
  it('openssl pkeyutl -verify (distid 1234567812345678) accepts the vector proofValue over hashData; a changed byte or ID is refused', () => {
    const hashData = fromHex(hashes.hashData);
    const der = rawToDer(base58btcDecode(hashes.proofValue.slice(1)));
    expect(pkeyutlVerify(hashData, der, keys.userId)).toBe(true);
    const flipped = hashData.slice();
    flipped[40] = (flipped[40] as number) ^ 1;
    expect(pkeyutlVerify(flipped, der, keys.userId)).toBe(false);
    expect(pkeyutlVerify(hashData, der, 'ALICE123@YAHOO.COM')).toBe(false);
    // and the sm2-jcs-2025 one
    const jcsDer = rawToDer(base58btcDecode(jcsHashes.proofValue.slice(1)));
    expect(pkeyutlVerify(fromHex(jcsHashes.hashData), jcsDer, keys.userId)).toBe(true);
  });

  it('a proofValue made by openssl pkeyutl -sign over hashData verifies here', async () => {
    // the same key, as PKCS#8 PEM for openssl
    const p8 = Buffer.from(keyPairToPkcs8(pair)).toString('base64');
    writeFileSync(
      join(dir, 'key.pem'),
      `-----BEGIN PRIVATE KEY-----\n${p8.match(/.{1,64}/g)?.join('\n')}\n-----END PRIVATE KEY-----\n`,
    );
    writeFileSync(join(dir, 'hashData.bin'), fromHex(hashes.hashData));
    openssl([
      'pkeyutl',
      '-sign',
      '-inkey',
      'key.pem',
      '-rawin',
      '-in',
      'hashData.bin',
      '-digest',
      'sm3',
      '-pkeyopt',
      `distid:${keys.userId}`,
      '-out',
      'osig.der',
    ]);
    const raw = derToRaw(new Uint8Array(readFileSync(join(dir, 'osig.der'))));
    // OpenSSL draws a random nonce: another signature than ours, over the same hashData
    expect(hex(raw)).not.toBe(hashes.signature);
    const doc = structuredClone(signed) as { proof: { proofValue: string } };
    doc.proof.proofValue = `z${base58btcEncode(raw)}`;
    const r = await verifyCredential(doc, { documentLoader, now: NOW });
    expect(r.proofs[0]?.cryptosuite).toBe('sm2-rdfc-2025');
  });
});
