/**
 * Bounded resolution cost (spec §5.5): junk in a DID's topic costs no key decoding or signature
 * check unless it names the DID, a `previous` it may follow and the committed key; a resolution
 * stops with a coded error when it exceeds its budget of entries, bytes or `timeoutMs`.
 */
import { generateKeyPair, publicKeyToMultibase, utf8Encode } from '@realdid/crypto';
import type { LedgerEntry } from '@realdid/ledger';
import { MemoryLedger } from '@realdid/ledger';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { canonicalize } from '../src/canonicalize.js';
import { createDid } from '../src/createDid.js';
import { getResolver } from '../src/getResolver.js';
import { anchorDid, publishOperation } from '../src/publishOperation.js';
import { resolveDid } from '../src/resolveDid.js';
import { updateDid } from '../src/updateDid.js';
import { resolveOn } from './helpers.js';

const decodes = vi.hoisted(() => ({ n: 0 }));
vi.mock('../src/internal/multikey.js', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../src/internal/multikey.js')>();
  return {
    ...orig,
    decodeMultikey: (s: string) => {
      decodes.n++;
      return orig.decodeMultikey(s);
    },
  };
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** A well-formed update naming the DID and its head, carrying `n` fresh P-256 keys, unsigned by the committed key. */
function heavyJunk(suffix: string, head: string, n: number, nonce: number): Uint8Array {
  const thiefKey = generateKeyPair('Ed25519');
  const publicKeys = Array.from({ length: n }, (_, i) => ({
    id: `k${nonce}-${i}`,
    type: 'Multikey',
    publicKeyMultibase: publicKeyToMultibase('P-256', generateKeyPair('P-256').publicKey),
    purposes: ['assertionMethod'],
  }));
  return utf8Encode(
    canonicalize({
      type: 'update',
      did: suffix,
      previous: head,
      updateKey: publicKeyToMultibase('Ed25519', thiefKey.publicKey),
      nextUpdateCommitment: head,
      patches: [{ action: 'add-keys', publicKeys }],
      proof: 'A'.repeat(86),
    }),
  );
}

async function anchoredWithUpdate() {
  const ledger = new MemoryLedger();
  const created = createDid();
  await anchorDid(ledger, created);
  const u = updateDid({
    did: created.did,
    previous: created.suffix,
    updateKey: created.keys.update!,
    patches: [{ action: 'remove-keys', ids: ['key-1'] }],
  });
  return { ledger, created, u };
}

describe('cheap checks before any key decoding or signature', () => {
  it('well-formed heavy junk naming the DID and its head decodes no key', async () => {
    const { ledger, created, u } = await anchoredWithUpdate();
    for (let i = 0; i < 20; i++)
      await ledger.append(created.suffix, heavyJunk(created.suffix, created.suffix, 16, i));
    await publishOperation(ledger, u);
    for (let i = 0; i < 20; i++)
      await ledger.append(created.suffix, heavyJunk(created.suffix, u.hash, 16, 100 + i));
    decodes.n = 0;
    const r = await resolveOn(ledger, created.did);
    expect(r.didDocumentMetadata.versionId).toBe(u.hash);
    // the create's key-1, and the update's revealed key (validated, then its proof verified):
    // nothing from the 40 junk entries (640 keys)
    expect(decodes.n).toBe(3);
  });
});

describe('a per-resolution budget ending in a coded error', () => {
  it('more entries than maxLedgerEntries: internalError with ERR_DID_RESOLUTION_LIMIT, not cached', async () => {
    const { ledger, created, u } = await anchoredWithUpdate();
    await publishOperation(ledger, u);
    for (let i = 0; i < 10; i++) await ledger.append(created.suffix, utf8Encode(`junk ${i}`));
    const r = await resolveOn(ledger, created.did, { maxLedgerEntries: 5 });
    expect(r.didResolutionMetadata).toMatchObject({
      error: 'internalError',
      code: 'ERR_DID_RESOLUTION_LIMIT',
    });
    const ok = await resolveOn(ledger, created.did, { maxLedgerEntries: 12 });
    expect(ok.didDocumentMetadata.versionId).toBe(u.hash);
  });

  it('more bytes than maxLedgerBytes: internalError with ERR_DID_RESOLUTION_LIMIT', async () => {
    const { ledger, created } = await anchoredWithUpdate();
    await ledger.append(created.suffix, new Uint8Array(20_000).fill(0x20));
    const r = await resolveOn(ledger, created.did, { maxLedgerBytes: 10_000 });
    expect(r.didResolutionMetadata).toMatchObject({
      error: 'internalError',
      code: 'ERR_DID_RESOLUTION_LIMIT',
    });
    expect((await resolveOn(ledger, created.did, { maxLedgerBytes: 30_000 })).didDocument).not.toBeNull();
  });

  it('timeoutMs covers the fold, not only the ledger read', async () => {
    const { ledger, created } = await anchoredWithUpdate();
    const inner = ledger.read.bind(ledger);
    // a ledger that answers at once, but only after the clock has moved past the deadline (a
    // resolution that spent its time elsewhere): the fold must not start
    const slow = Object.assign(Object.create(ledger), {
      read: async (topic: string): Promise<LedgerEntry[]> => {
        const entries = await inner(topic);
        const now = performance.now();
        vi.spyOn(performance, 'now').mockImplementation(() => now + 5_000);
        return entries;
      },
    });
    const r = await resolveDid(created.did, { networks: { main: slow }, timeoutMs: 1_000 });
    expect(r.didResolutionMetadata).toMatchObject({
      error: 'internalError',
      code: 'ERR_DID_RESOLUTION_LIMIT',
    });
    expect(r.didResolutionMetadata.message).toContain('1000 ms');
    vi.restoreAllMocks();
    // the same ledger, the clock left alone: resolves
    expect(
      (await resolveDid(created.did, { networks: { main: ledger }, timeoutMs: 1_000 })).didDocument,
    ).not.toBeNull();
  });

  it('rejects malformed budget options at once', async () => {
    await expect(resolveDid('did:key:x', { maxLedgerEntries: 0 })).rejects.toThrow(RangeError);
    await expect(resolveDid('did:key:x', { maxLedgerBytes: 1.5 })).rejects.toThrow(RangeError);
    await expect(resolveDid('did:key:x', { maxLedgerBytes: '1' as unknown as number })).rejects.toThrow(
      TypeError,
    );
    expect(() => getResolver({ maxLedgerEntries: -1 })).toThrow(RangeError);
    expect(() => getResolver({ maxLedgerEntries: Number.POSITIVE_INFINITY })).not.toThrow();
  });
});
