import {
  base64urlDecode,
  base64urlEncode,
  generateKeyPair,
  hashTextBase64url,
  keyPairFromSecretKey,
  publicKeyToJwk,
  publicKeyToMultibase,
  sign,
} from '@realdid/crypto';
import { resolveDid } from '@realdid/did';
import { MemoryLedger } from '@realdid/ledger';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { allHostileValues } from '../../../test-support/hostile.js';
import { MemoryAccountStore, MemoryNonceStore, RelyingParty } from '../src/index.js';
import { copyData } from '../src/internal/copyData.js';
import { signJws } from '../src/internal/jws.js';
import { DID_PROOF_TYP, type RegistrationResponse } from '../src/roles/protocol.js';
import { alice, buildWorld, enrolledWallet, originFor, type World } from './helpers.js';

/**
 * The fast paths of RelyingParty.verifyRegistration: the issuer key memo (by key id and resolution
 * result), the one-shot sd_hash digest, and the account copies. Each gives what the plain path
 * gives.
 */

const utf8Json = (v: unknown) => base64urlEncode(new TextEncoder().encode(JSON.stringify(v)));
const jsonOf = (b64u: string) =>
  JSON.parse(new TextDecoder().decode(base64urlDecode(b64u))) as Record<string, unknown>;

/** `structuredClone`'s outcome: the copy, or the name of what it threw. */
function cloneOutcome(f: () => unknown): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    return { ok: false, error: (e as Error).name };
  }
}

describe('copyData (the account store’s copies)', () => {
  it('gives what structuredClone gives, on any JSON value and on hostile values, and shares nothing', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.anything(), (json, any) => {
        for (const v of [json, any, { did: 'd', claims: { x: json }, trace: [any] }]) {
          const mine = cloneOutcome(() => copyData(v));
          expect(mine).toEqual(cloneOutcome(() => structuredClone(v)));
          if (mine.ok && typeof v === 'object' && v !== null) expect(mine.value).not.toBe(v);
        }
      }),
      { numRuns: 300 },
    );
    for (const v of allHostileValues()) {
      // A Proxy is the one difference: structuredClone refuses every Proxy, copyData copies one
      // whose traps answer (a copy is still a copy); the hostile ones throw, and then both do.
      const mine = cloneOutcome(() => copyData(v));
      const theirs = cloneOutcome(() => structuredClone(v));
      expect(mine.ok).toBe(theirs.ok);
      if (mine.ok && theirs.ok) expect(mine.value).toEqual(theirs.value);
    }
  });

  it('a nested member of a copy is never the original’s, and a __proto__ member stays data', () => {
    const original = JSON.parse('{"a":{"b":[{"c":1}]},"__proto__":{"polluted":true}}') as Record<
      string,
      unknown
    >;
    const copy = copyData(original) as Record<string, { b: { c: number }[] }>;
    copy.a!.b[0]!.c = 2;
    expect((original.a as { b: { c: number }[] }).b[0]!.c).toBe(1);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('MemoryAccountStore: what a caller passes in or gets back never changes what is stored', async () => {
    const store = new MemoryAccountStore();
    const account = {
      did: 'did:key:z1',
      claims: { region: '110105' },
      trace: { committee: 'c', token: 't', context: 'x' },
      credential: { iss: 'did:x', exp: 1, status: { status_list: { idx: 1, uri: 'u' } } },
      registeredAt: '2026-01-01T00:00:00.000Z',
    };
    await store.put(account);
    account.claims.region = 'changed';
    const got = await store.get('did:key:z1');
    expect(got?.claims.region).toBe('110105');
    got!.credential.status.status_list.idx = 99;
    (await store.list())[0]!.trace.token = 'changed';
    expect(await store.get('did:key:z1')).toMatchObject({
      trace: { token: 't' },
      credential: { status: { status_list: { idx: 1 } } },
    });
  });
});

describe('issuer key memo: a warm relying party gives the verdict and the code of a cold one', () => {
  let w: World;
  let issuerDid: string;
  let vmIds: string[];
  beforeAll(async () => {
    w = await buildWorld(new MemoryLedger());
    issuerDid = w.authority.did;
    const doc = (await resolveDid(issuerDid, { networks: { main: w.ledger } })).didDocument!;
    vmIds = (doc.verificationMethod ?? []).map((m) => (m.id.startsWith('#') ? `${issuerDid}${m.id}` : m.id));
  });

  const options = (nonceStore: MemoryNonceStore) => ({
    ledger: w.ledger,
    registryDid: w.registry.did,
    traceCommittee: w.committee.committeeId,
    now: () => w.now.t,
    statusMaxAgeSeconds: 300,
    nonceStore,
  });

  /** The presentation re-proved by a fresh did:key, so every change reaches the credential checks. */
  function reproved(res: RegistrationResponse, presentation: string): RegistrationResponse {
    const key = generateKeyPair('Ed25519');
    const id = publicKeyToMultibase('Ed25519', key.publicKey);
    const did = `did:key:${id}`;
    const p = jsonOf(res.proof.split('.')[1]!);
    const payload = { ...p, iss: did, sd_hash: hashTextBase64url('sha-256', presentation) };
    return { ...res, did, presentation, proof: signJws(payload, key, `${did}#${id}`, DID_PROOF_TYP) };
  }

  /**
   * Changes to the issuer-signed JWT, each then signed again with the authority's own key: a new
   * holder key in `cnf`, and the header's key id changed — so only the key lookup can tell a
   * good key id from a bad one. The key-binding JWT is made by the new holder key.
   */
  function mutations(): fc.Arbitrary<(res: RegistrationResponse) => string> {
    const authorityKey = keyPairFromSecretKey(
      'Ed25519',
      base64urlDecode(w.authority.exportState().signingKey as string),
    );
    const other = `did:key:${publicKeyToMultibase('Ed25519', generateKeyPair('Ed25519').publicKey)}`;
    const ascii = (t: string) => new TextEncoder().encode(t);
    const jws = (header: unknown, payload: unknown, secretKey: Uint8Array) => {
      const input = `${utf8Json(header)}.${utf8Json(payload)}`;
      return `${input}.${base64urlEncode(sign('Ed25519', secretKey, ascii(input)))}`;
    };
    const reissued = (kid: unknown, iss?: string) => (res: RegistrationResponse) => {
      const [jwt, ...rest] = res.presentation.split('~');
      const disclosures = rest.slice(0, -1);
      const [h, p] = jwt!.split('.');
      const header = jsonOf(h!);
      const payload = jsonOf(p!);
      const holder = generateKeyPair('Ed25519');
      payload.cnf = { jwk: publicKeyToJwk('Ed25519', holder.publicKey) };
      if (iss !== undefined) payload.iss = iss;
      if (kid === undefined) delete header.kid;
      else header.kid = kid;
      const prefix = `${jws(header, payload, authorityKey.secretKey)}~${disclosures.map((d) => `${d}~`).join('')}`;
      const kb = jsonOf(rest.at(-1)!.split('.')[1]!);
      const kbJwt = jws(
        { alg: 'EdDSA', typ: 'kb+jwt' },
        { ...kb, sd_hash: hashTextBase64url('sha-256', prefix) },
        holder.secretKey,
      );
      return `${prefix}${kbJwt}`;
    };
    return fc.oneof(
      fc.constant((res: RegistrationResponse) => res.presentation),
      fc
        .constantFrom<unknown>(
          ...vmIds,
          `${issuerDid}#nope`,
          issuerDid,
          `${other}#x`,
          `${issuerDid}?versionId=1#${vmIds[0]!.split('#')[1]}`,
          `${issuerDid}#${vmIds[0]!.split('#')[1]}x`,
          undefined,
          7,
        )
        .map((kid) => reissued(kid)),
      fc.constant(reissued(vmIds[0], other)),
      fc.nat().map((i) => (res: RegistrationResponse) => {
        // one character of the issuer-signed JWT changed (header, payload or signature)
        const pres = res.presentation;
        const at = i % pres.indexOf('~');
        if (pres[at] === '.') return pres;
        return `${pres.slice(0, at)}${pres[at] === 'A' ? 'B' : 'A'}${pres.slice(at + 1)}`;
      }),
    );
  }

  const outcome = async (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: { code?: string }) => e.code ?? 'uncoded',
    );

  it('over valid and mutated registrations', async () => {
    const wallet = await enrolledWallet(w, alice, 4);
    const warmNonces = new MemoryNonceStore({ now: () => w.now.t });
    const warm = RelyingParty.restore(w.video.exportState(), options(warmNonces));
    const origin = originFor(w.video.did);
    // warm it: a first registration fills the memo, the registry and the status caches
    await warm.verifyRegistration(
      await wallet.respond(await warm.createRequest(['age_over_18']), { origin }),
    );
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(mutations(), async (mutate) => {
        const request = await warm.createRequest(['age_over_18']);
        const res = await wallet.respond(request, { origin });
        const forged = reproved(res, mutate(res));
        // the cold relying party: the same DID and keys, nothing cached, the same nonce issued
        const coldNonces = new MemoryNonceStore({ now: () => w.now.t });
        await coldNonces.put(request.nonce, request.exp * 1000, {
          kind: 'registration',
          claims: ['age_over_18'],
        });
        const cold = RelyingParty.restore(w.video.exportState(), options(coldNonces));
        const a = await outcome(warm.verifyRegistration(forged));
        const b = await outcome(cold.verifyRegistration(forged));
        expect(a).toBe(b);
        seen.add(a);
      }),
      { numRuns: 60 },
    );
    // the mutations reach valid registrations, unregistered issuers and bad keys alike
    expect(seen).toContain('ok');
    expect(seen).toContain('ERR_PRESENTATION_INVALID');
    expect(seen).toContain('ERR_PRESENTATION_ISSUER');
  }, 120_000);
});

describe('the account verifyRegistration returns shares nothing with what is stored', () => {
  it('with a MemoryAccountStore, one with its own put, and a store that keeps what it is given', async () => {
    const w = await buildWorld(new MemoryLedger());
    const wallet = await enrolledWallet(w, alice);
    const origin = originFor(w.video.did);
    /** A store that keeps the very objects it is given (a cache in front of a database, say). */
    class KeepingStore {
      readonly kept = new Map<string, unknown>();
      async put(a: { did: string }) {
        this.kept.set(a.did, a);
      }
      async get(did: string) {
        return this.kept.get(did) as never;
      }
      async list() {
        return [...this.kept.values()] as never;
      }
    }
    const patched = new MemoryAccountStore();
    const put = patched.put.bind(patched);
    const given: unknown[] = [];
    patched.put = async (a) => {
      given.push(a);
      return put(a);
    };
    const stores = [new MemoryAccountStore(), patched, new KeepingStore()];
    for (const store of stores) {
      const rp = RelyingParty.restore(w.video.exportState(), {
        ledger: w.ledger,
        registryDid: w.registry.did,
        traceCommittee: w.committee.committeeId,
        now: () => w.now.t,
        accounts: store as unknown as MemoryAccountStore,
      });
      const account = await rp.verifyRegistration(
        await wallet.respond(await rp.createRequest(['age_over_18']), { origin }),
      );
      const stored = structuredClone(await store.get(account.did));
      expect(account).toEqual(stored);
      expect(account.registeredAt).toBe(new Date(w.now.t).toISOString());
      for (const g of [...given, ...(store instanceof KeepingStore ? store.kept.values() : [])])
        expect(g).not.toBe(account);
      account.claims.age_over_18 = false;
      account.trace.token = 'changed';
      account.credential.status.status_list.idx = -1;
      expect(await store.get(account.did)).toEqual(stored);
    }
  });
});
