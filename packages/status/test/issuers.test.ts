import { randomBytes } from 'node:crypto';
import { createSigner, generateKeyPair, publicKeyToMultibase } from '@realdid/crypto';
import { DEFAULT_MAX_ENTRY_BYTES, MemoryLedger } from '@realdid/ledger';
import {
  assertStatusValid,
  BitstringStatusListIssuer,
  createBitstringStatusChecker,
  createBitstringStatusResolver,
  createLedgerStatusFetcher,
  createTokenStatusChecker,
  createTokenStatusResolver,
  StatusList,
  statusListTopic,
  TokenStatusListIssuer,
  verifyStatusListToken,
} from '@realdid/status';
import { createDataIntegritySigner, issueCredential, verifyCredential } from '@realdid/vc';
import { describe, expect, it } from 'vitest';

const signer = createSigner(generateKeyPair('Ed25519'));

describe('issuers', () => {
  it('a worst-case (incompressible) 131,072-entry 2-bit list still fits one ledger entry', async () => {
    const list = StatusList.fromBytes(new Uint8Array(randomBytes(32_768)), 2);
    const issuer = new TokenStatusListIssuer({ uri: 'https://a.example/s/1', signer, list });
    const ledger = new MemoryLedger();
    const { token, receipt } = await issuer.publish(ledger);
    expect(token.length).toBeLessThanOrEqual(DEFAULT_MAX_ENTRY_BYTES);
    expect(receipt.position).toBe(0);
  });

  it('restores an issuer from its persisted list and allocator state', async () => {
    const a = new TokenStatusListIssuer({ uri: 'https://a.example/s/2', signer, size: 64 });
    const taken = new Set(Array.from({ length: 40 }, () => a.allocate().status_list.idx));
    a.revoke([...taken][0]!);
    const b = new TokenStatusListIssuer({
      uri: 'https://a.example/s/2',
      signer,
      list: StatusList.fromBytes(a.list.toBytes(), 2),
      used: a.allocator.toBytes(),
    });
    expect(b.getStatus([...taken][0]!)).toBe(1);
    for (let i = 0; i < 24; i++) expect(taken.has(b.allocate().status_list.idx)).toBe(false);
    expect(() => b.allocate()).toThrow(expect.objectContaining({ code: 'ERR_STATUS_LIST_FULL' }));
  });

  it('serves the token at the URI and publishes under statusListTopic(uri)', async () => {
    const kp = generateKeyPair('Ed25519');
    const uri = 'https://a.example/s/3';
    const issuer = new TokenStatusListIssuer({ uri, signer: createSigner(kp) });
    const doc = await issuer.document();
    expect(doc.contentType).toBe('application/statuslist+jwt');
    const v = await verifyStatusListToken(doc.body, {
      uri,
      resolveKey: () => ({ type: 'Ed25519', publicKey: kp.publicKey }),
    });
    expect(v.list.size).toBe(131_072);
    const ledger = new MemoryLedger();
    await issuer.publish(ledger, 'status:custom-topic');
    expect(await ledger.size('status:custom-topic')).toBe(1);
    expect(await ledger.size(statusListTopic(uri))).toBe(0);
  });

  it('bitstring issuer produces entries with decimal-string indexes and serves application/vc', async () => {
    const kp = generateKeyPair('Ed25519');
    const mb = publicKeyToMultibase('Ed25519', kp.publicKey);
    const diSigner = createDataIntegritySigner(kp, `did:key:${mb}#${mb}`);
    const issuer = new BitstringStatusListIssuer({
      uri: 'https://a.example/b/1',
      issuer: `did:key:${mb}`,
      statusPurpose: 'suspension',
      sign: (u) => issueCredential(u, { signer: diSigner }),
    });
    const e = issuer.allocate();
    expect(e.statusListIndex).toMatch(/^(0|[1-9][0-9]*)$/);
    issuer.set(Number(e.statusListIndex), true);
    expect(issuer.get(Number(e.statusListIndex))).toBe(true);
    issuer.set(Number(e.statusListIndex), false); // suspension is reversible
    const doc = await issuer.document();
    expect(doc.contentType).toBe('application/vc');
    const served = JSON.parse(Buffer.from(doc.body).toString());
    expect(served.credentialSubject.statusPurpose).toBe('suspension');
    expect((await verifyCredential(served)).verified).toBe(true);
  });

  it('assertStatusValid maps states to codes', () => {
    expect(() => assertStatusValid({ state: 'valid' })).not.toThrow();
    expect(() => assertStatusValid({ state: 'revoked' })).toThrow(
      expect.objectContaining({ code: 'ERR_STATUS_REVOKED' }),
    );
    expect(() => assertStatusValid({ state: 'suspended' })).toThrow(
      expect.objectContaining({ code: 'ERR_STATUS_SUSPENDED' }),
    );
    expect(() => assertStatusValid({ state: 'other' })).toThrow(
      expect.objectContaining({ code: 'ERR_STATUS_UNKNOWN' }),
    );
    expect(() => assertStatusValid(null as unknown as { state: string })).toThrow(TypeError);
  });

  it('the Token hook answers ERR_STATUS_UNKNOWN for application statuses unless accepted', async () => {
    const kp = generateKeyPair('Ed25519');
    const uri = 'https://a.example/s/4';
    const issuer = new TokenStatusListIssuer({ uri, signer: createSigner(kp), bits: 4 });
    const c = issuer.allocate();
    issuer.setStatus(c.status_list.idx, 5);
    const ledger = new MemoryLedger();
    await issuer.publish(ledger);
    const base = {
      fetch: createLedgerStatusFetcher(ledger),
      resolveKey: () => ({ type: 'Ed25519' as const, publicKey: kp.publicKey }),
      matchIssuer: false,
    };
    await expect(createTokenStatusChecker(base)(c)).rejects.toMatchObject({ code: 'ERR_STATUS_UNKNOWN' });
    await expect(createTokenStatusChecker({ ...base, acceptStatuses: [5] })(c)).resolves.toBe('valid');
    expect((await createTokenStatusResolver(base)(c)).state).toBe('other');
  });

  it('rejects misuse of the constructors and factories with TypeError/RangeError', () => {
    const bad: unknown[] = [undefined, null, 'x', 1, []];
    for (const b of bad) {
      expect(() => new TokenStatusListIssuer(b as never)).toThrow(TypeError);
      expect(() => new BitstringStatusListIssuer(b as never)).toThrow(TypeError);
      expect(() => createTokenStatusResolver(b as never)).toThrow(TypeError);
      expect(() => createBitstringStatusResolver(b as never)).toThrow(TypeError);
      expect(() => createTokenStatusChecker(b as never)).toThrow(TypeError);
      expect(() => createBitstringStatusChecker(b as never)).toThrow(TypeError);
      expect(() => createLedgerStatusFetcher(b as never)).toThrow(TypeError);
      if (typeof b !== 'string') expect(() => statusListTopic(b as never)).toThrow(TypeError);
    }
    expect(
      () => new TokenStatusListIssuer({ uri: 'u', signer: { alg: 'none', sign: () => new Uint8Array() } }),
    ).toThrow(RangeError);
    expect(() => new TokenStatusListIssuer({ uri: 'u', signer, bits: 3 as never })).toThrow(RangeError);
    expect(() => new TokenStatusListIssuer({ uri: 'u', signer, ttlSec: 0 })).toThrow(RangeError);
    expect(
      () =>
        new BitstringStatusListIssuer({
          uri: 'u',
          issuer: 'i',
          statusPurpose: 'message' as never,
          sign: async (x) => x,
        }),
    ).toThrow(RangeError);
    expect(() =>
      createTokenStatusResolver({ matchIssuer: false, fetch: async () => '', resolveKey: 'k' as never }),
    ).toThrow(TypeError);
    expect(() =>
      createBitstringStatusResolver({
        matchIssuer: false,
        fetch: async () => '',
        verifyCredential: 'v' as never,
      }),
    ).toThrow(TypeError);
    const t = new TokenStatusListIssuer({ uri: 'u', signer, size: 8 });
    expect(() => t.setStatus(8, 1)).toThrow(RangeError);
    expect(() => t.setStatus(0, 4)).toThrow(RangeError);
  });
});
