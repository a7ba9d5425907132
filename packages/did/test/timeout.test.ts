import { isRealDidError } from '@realdid/crypto';
import type { LedgerClient, LedgerEntry } from '@realdid/ledger';
import { MemoryLedger } from '@realdid/ledger';
import { Resolver } from 'did-resolver';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDid } from '../src/createDid.js';
import { dereference } from '../src/dereference.js';
import { getResolver } from '../src/getResolver.js';
import { anchorDid } from '../src/publishOperation.js';
import { createResolutionCache } from '../src/ResolutionCache.js';
import { resolveDid } from '../src/resolveDid.js';
import { resolveVerificationMethod } from '../src/resolveVerificationMethod.js';

/** A real ledger whose reads can be made to never settle (a stuck node), or to fail late. */
class SwitchableLedger implements LedgerClient {
  mode: 'healthy' | 'stuck' | 'late-reject' = 'healthy';
  reads = 0;
  readonly kind = 'switchable';
  constructor(readonly inner: MemoryLedger) {}
  append: LedgerClient['append'] = (t, p) => this.inner.append(t, p);
  appendBatch: LedgerClient['appendBatch'] = (e) => this.inner.appendBatch(e);
  size: LedgerClient['size'] = (t) => this.inner.size(t);
  info: LedgerClient['info'] = () => this.inner.info();
  close: LedgerClient['close'] = () => this.inner.close();
  read(topic: string): Promise<LedgerEntry[]> {
    this.reads++;
    if (this.mode === 'stuck') return new Promise<LedgerEntry[]>(() => {});
    if (this.mode === 'late-reject')
      return new Promise<LedgerEntry[]>((_, reject) =>
        setTimeout(() => reject(new Error('token=sk_live_SECRET')), 200),
      );
    return this.inner.read(topic);
  }
}

function switchable(): SwitchableLedger {
  return new SwitchableLedger(new MemoryLedger());
}

async function anchored(network?: string) {
  const ledger = switchable();
  const created = createDid(network === undefined ? {} : { network });
  await anchorDid(ledger, created);
  return { ledger, created };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('resolution timeout', () => {
  it('a ledger whose read never settles gives internalError naming the network', async () => {
    const { ledger, created } = await anchored();
    ledger.mode = 'stuck';
    const r = await resolveDid(created.did, { networks: { main: ledger }, timeoutMs: 50 });
    expect(r.didDocument).toBeNull();
    expect(r.didResolutionMetadata.error).toBe('internalError');
    expect(r.didResolutionMetadata.message).toContain('"main"');
    expect(r.didResolutionMetadata.message).toContain('did not answer');
    expect(Object.isFrozen(r)).toBe(true);
    expect(ledger.reads).toBe(1);
  });

  it('names a non-main network', async () => {
    const { ledger, created } = await anchored('test');
    ledger.mode = 'stuck';
    const r = await resolveDid(created.did, { networks: { test: ledger }, timeoutMs: 50 });
    expect(r.didResolutionMetadata.error).toBe('internalError');
    expect(r.didResolutionMetadata.message).toContain('"test"');
  });

  it('a long form also waits only timeoutMs for its ledger', async () => {
    const { ledger, created } = await anchored();
    ledger.mode = 'stuck';
    const r = await resolveDid(created.longFormDid, { networks: { main: ledger }, timeoutMs: 50 });
    expect(r.didResolutionMetadata.error).toBe('internalError');
  });

  it('does not cache the failure: a later call with a healthy ledger succeeds', async () => {
    const { ledger, created } = await anchored();
    const cache = createResolutionCache();
    ledger.mode = 'stuck';
    const failed = await resolveDid(created.did, { networks: { main: ledger }, cache, timeoutMs: 50 });
    expect(failed.didResolutionMetadata.error).toBe('internalError');
    expect(cache.size).toBe(0);
    ledger.mode = 'healthy';
    const ok = await resolveDid(created.did, { networks: { main: ledger }, cache, timeoutMs: 50 });
    expect(ok.didDocument?.id).toBe(created.did);
    expect(cache.size).toBe(1);
    expect(ledger.reads).toBe(2);
  });

  it('getResolver: resolver-wide timeoutMs, cache not poisoned, dereference and resolveVerificationMethod', async () => {
    const { ledger, created } = await anchored();
    const resolver = new Resolver(getResolver({ networks: { main: ledger }, timeoutMs: 50 }));
    ledger.mode = 'stuck';
    const r = await resolver.resolve(created.did);
    expect(r.didResolutionMetadata.error).toBe('internalError');
    expect(r.didResolutionMetadata.message).toContain('did not answer');
    const d = await dereference(resolver, `${created.did}#key-1`);
    expect(d.dereferencingMetadata.error).toBe('internalError');
    expect(d.contentStream).toBeNull();
    let caught: unknown;
    try {
      await resolveVerificationMethod(resolver, `${created.did}#key-1`, { purpose: 'assertionMethod' });
    } catch (e) {
      caught = e;
    }
    expect(isRealDidError(caught)).toBe(true);
    expect((caught as { code: string }).code).toBe('ERR_DID_RESOLUTION_FAILED');
    expect((caught as Error).message).toContain('internalError');
    expect((caught as Error).message).toContain('did not answer');
    ledger.mode = 'healthy';
    expect((await resolver.resolve(created.did)).didDocument?.id).toBe(created.did);
    const vm = await resolveVerificationMethod(resolver, `${created.did}#key-1`, {
      purpose: 'assertionMethod',
    });
    expect(vm.type).toBe('Ed25519');
  });

  it('per-call timeoutMs overrides the 10,000 ms default; no timer is left running', async () => {
    const { ledger, created } = await anchored();
    ledger.mode = 'stuck';
    vi.useFakeTimers();
    const settled = vi.fn();
    // default: still waiting after 50 ms, settles at 10,000 ms
    const byDefault = resolveDid(created.did, { networks: { main: ledger } }).then(settled);
    await vi.advanceTimersByTimeAsync(50);
    expect(settled).not.toHaveBeenCalled();
    // per call: settles after 50 ms
    const perCall = vi.fn();
    const short = resolveDid(created.did, { networks: { main: ledger }, timeoutMs: 50 }).then(perCall);
    await vi.advanceTimersByTimeAsync(50);
    expect(perCall).toHaveBeenCalledTimes(1);
    expect(perCall.mock.calls[0]?.[0].didResolutionMetadata.error).toBe('internalError');
    expect(settled).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(1); // only the default-timeout resolution's timer
    await vi.advanceTimersByTimeAsync(10_000);
    expect(settled).toHaveBeenCalledTimes(1);
    expect(settled.mock.calls[0]?.[0].didResolutionMetadata.error).toBe('internalError');
    await Promise.all([byDefault, short]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a healthy read clears its timer at once', async () => {
    const { ledger, created } = await anchored();
    vi.useFakeTimers();
    const r = await resolveDid(created.did, { networks: { main: ledger }, timeoutMs: 2_147_483_647 });
    expect(r.didDocument?.id).toBe(created.did);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('Infinity disables the bound (no timer)', async () => {
    const { ledger, created } = await anchored();
    ledger.mode = 'stuck';
    vi.useFakeTimers();
    const settled = vi.fn();
    void resolveDid(created.did, { networks: { main: ledger }, timeoutMs: Number.POSITIVE_INFINITY }).then(
      settled,
    );
    await vi.advanceTimersByTimeAsync(60_000);
    expect(settled).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a read that fails after the timeout is not an unhandled rejection, and leaks nothing', async () => {
    const { ledger, created } = await anchored();
    ledger.mode = 'late-reject';
    vi.useFakeTimers();
    const p = resolveDid(created.did, { networks: { main: ledger }, timeoutMs: 50 });
    await vi.advanceTimersByTimeAsync(50);
    const r = await p;
    expect(r.didResolutionMetadata.error).toBe('internalError');
    await vi.advanceTimersByTimeAsync(200); // the late rejection lands on a settled race
    expect(vi.getTimerCount()).toBe(0);
    // a read that fails in time: internalError without the ledger's error text
    const q = resolveDid(created.did, { networks: { main: ledger }, timeoutMs: 1000 });
    await vi.advanceTimersByTimeAsync(200);
    const failed = await q;
    expect(failed.didResolutionMetadata.error).toBe('internalError');
    expect(JSON.stringify(failed)).not.toContain('SECRET');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('wrong types for timeoutMs: TypeError / RangeError', async () => {
    const typeErrors: unknown[] = [null, '50', [], new Uint8Array(2), {}, 50n, true];
    const rangeErrors: unknown[] = [0, -1, 1.5, Number.NaN, Number.NEGATIVE_INFINITY, 2 ** 31, 2 ** 53];
    const did = createDid().longFormDid;
    for (const bad of typeErrors) {
      expect(() => getResolver({ timeoutMs: bad as number })).toThrow(TypeError);
      await expect(resolveDid(did, { timeoutMs: bad as number })).rejects.toThrow(TypeError);
    }
    for (const bad of rangeErrors) {
      expect(() => getResolver({ timeoutMs: bad as number })).toThrow(RangeError);
      await expect(resolveDid(did, { timeoutMs: bad as number })).rejects.toThrow(RangeError);
    }
    // undefined is the default; the limits and Infinity are accepted
    for (const good of [undefined, 1, 2 ** 31 - 1, Number.POSITIVE_INFINITY]) {
      expect(() => getResolver(good === undefined ? {} : { timeoutMs: good })).not.toThrow();
      const r = await resolveDid(did, good === undefined ? {} : { timeoutMs: good });
      expect(r.didDocument?.id).toBe(did);
    }
  });
});
