import { base64urlDecode, createSigner, generateKeyPair, keyPairFromSecretKey } from '@realdid/crypto';
import { anchorDid, createDid } from '@realdid/did';
import { MemoryLedger } from '@realdid/ledger';
import { statusListTopic, TokenStatusListIssuer } from '@realdid/status';
import { describe, expect, it } from 'vitest';
import {
  RegistryAuthority,
  type RegistryState,
  type RejectedLedgerEntry,
  readRegistry,
  readTraceAudit,
  registryTopic,
} from '../src/index.js';
import { jsonBytes, signJson } from '../src/internal/signedJson.js';
import { alice, bob, buildWorld, enrolledWallet, originFor, type World } from './helpers.js';

const te = new TextEncoder();
const plain = (s: RegistryState) => ({
  issuers: [...s.issuers.entries()],
  relyingParties: [...s.relyingParties.entries()],
});

/** Appends one of each kind of junk to a topic, given a genuine entry of it; returns the codes expected per position. */
async function appendJunk(
  ledger: MemoryLedger,
  topic: string,
  genuine: Uint8Array,
  invalid: RejectedLedgerEntry['code'],
  replayed: RejectedLedgerEntry['code'],
  otherSigner: RejectedLedgerEntry['code'] = invalid,
): Promise<Map<number, RejectedLedgerEntry['code']>> {
  const expected = new Map<number, RejectedLedgerEntry['code']>();
  const add = async (bytes: Uint8Array, code: RejectedLedgerEntry['code']) => {
    const { position } = await ledger.append(topic, bytes);
    expected.set(position, code);
  };
  const g = JSON.parse(new TextDecoder().decode(genuine)) as Record<string, unknown>;
  // random bytes, bytes that are not UTF-8, JSON that is not an object
  await add(crypto.getRandomValues(new Uint8Array(64)), invalid);
  await add(new Uint8Array([0xff, 0xfe, 0x7b, 0x7d]), invalid);
  await add(te.encode('[1,2,3]'), invalid);
  await add(te.encode('{}'), invalid);
  // valid JSON with a wrong signature: the genuine entry with one member changed
  await add(jsonBytes({ ...g, name: `${String(g.name ?? g.reason ?? 'x')}!` }), invalid);
  // the genuine body signed by another key (a proper signature, by the wrong signer)
  const { proof: _p, ...body } = g;
  await add(jsonBytes(signJson(body, generateKeyPair('Ed25519'))), otherSigner);
  // a replay of the genuine entry: byte for byte the ledger keeps it once (a duplicate)…
  expect((await ledger.append(topic, genuine)).duplicate).toBe(true);
  // …so re-encoded (same signed content, other bytes): skipped as a replay
  await add(te.encode(JSON.stringify(g, null, 2)), replayed);
  return expected;
}

describe('junk on the registry topic is skipped: the registry state is the same as without it', () => {
  async function world(): Promise<{ w: World; ledger: MemoryLedger }> {
    const ledger = new MemoryLedger();
    return { w: await buildWorld(ledger), ledger };
  }

  it('random bytes, bad signatures, foreign keys, another registry, bogus types and replays: skipped and reported; wallets and RPs keep working', async () => {
    const { w, ledger } = await world();
    const topic = registryTopic(w.registry.did);
    const before = await readRegistry(ledger, w.registry.did);
    expect(before.rejected).toEqual([]);
    const [first] = await ledger.read(topic);
    const expected = await appendJunk(
      ledger,
      topic,
      first!.payload,
      'ERR_REGISTRY_INVALID',
      'ERR_REGISTRY_REPLAYED',
    );
    // a genuine entry of another registry, copied onto this topic
    const other = await RegistryAuthority.create({ ledger });
    await other.registerRelyingParty({
      rp: 'did:realdid:evil',
      origins: [originFor('did:realdid:evil')],
      name: 'Evil',
      allowedClaims: ['national_id'],
    });
    const [foreign] = await ledger.read(registryTopic(other.did));
    expected.set((await ledger.append(topic, foreign!.payload)).position, 'ERR_REGISTRY_INVALID');
    // signed with the registry's own key but naming a key of another DID in vm, or another registry
    const key = keyPairFromSecretKey(
      'Ed25519',
      base64urlDecode(w.registry.exportState().verificationMethod.secretKey),
    );
    const g = JSON.parse(new TextDecoder().decode(first!.payload)) as Record<string, unknown>;
    const { proof: _p, ...body } = g;
    expected.set(
      (await ledger.append(topic, jsonBytes(signJson({ ...body, registry: other.did }, key)))).position,
      'ERR_REGISTRY_INVALID',
    );
    expected.set(
      (await ledger.append(topic, jsonBytes(signJson({ ...body, type: 'bogus' }, key)))).position,
      'ERR_REGISTRY_INVALID',
    );
    expected.set(
      (await ledger.append(topic, jsonBytes(signJson({ ...body, type: 'relying-party', rp: 7 }, key))))
        .position,
      'ERR_REGISTRY_INVALID',
    );

    const seen: RejectedLedgerEntry[] = [];
    const after = await readRegistry(ledger, w.registry.did, undefined, { onRejected: (r) => seen.push(r) });
    expect(plain(after)).toEqual(plain(before));
    expect(after.rejected.map((r) => [r.position, r.code])).toEqual([...expected.entries()]);
    expect(seen).toEqual(after.rejected);
    for (const r of after.rejected) expect(typeof r.reason).toBe('string');

    // wallets and relying parties keep working on top of the junk
    const wallet = await enrolledWallet(w, alice);
    const account = await w.video.verifyRegistration(
      await wallet.respond(await w.video.createRequest(['age_over_18']), { origin: originFor(w.video.did) }),
    );
    expect(account.claims).toEqual({ age_over_18: true });
    const login = await wallet.login(await w.video.createLoginChallenge(), {
      origin: originFor(w.video.did),
    });
    expect((await w.video.verifyLogin(login)).did).toBe(account.did);
    // and the registry keeps appending: a later genuine entry is applied after the junk
    await w.registry.registerRelyingParty({
      rp: 'did:realdid:late',
      origins: [originFor('did:realdid:late')],
      name: 'Late',
      allowedClaims: ['region'],
    });
    expect((await readRegistry(ledger, w.registry.did)).relyingParties.get('did:realdid:late')).toEqual({
      rp: 'did:realdid:late',
      name: 'Late',
      allowedClaims: ['region'],
      origins: [originFor('did:realdid:late')],
    });
  });

  it('a replayed old registration does not undo a later withdrawal', async () => {
    const { w, ledger } = await world();
    const topic = registryTopic(w.registry.did);
    const entries = await ledger.read(topic);
    const hospitalGrant = entries.find((e) => new TextDecoder().decode(e.payload).includes(w.hospital.did))!;
    await w.registry.registerRelyingParty({
      rp: w.hospital.did,
      origins: [originFor(w.hospital.did)],
      name: 'Hospital',
      allowedClaims: [],
    });
    expect((await ledger.append(topic, hospitalGrant.payload)).duplicate).toBe(true);
    const reencoded = te.encode(`${new TextDecoder().decode(hospitalGrant.payload)}\n`);
    const { position } = await ledger.append(topic, reencoded);
    const state = await readRegistry(ledger, w.registry.did);
    expect(state.relyingParties.get(w.hospital.did)?.allowedClaims).toEqual([]);
    expect(state.rejected).toEqual([
      { position, code: 'ERR_REGISTRY_REPLAYED', reason: 'repeats an earlier entry' },
    ]);
    const wallet = await enrolledWallet(w, bob);
    await expect(
      wallet.respond(await w.hospital.createRequest(['family_name']), { origin: originFor(w.hospital.did) }),
    ).rejects.toMatchObject({
      code: 'ERR_REQUEST_NOT_ALLOWED',
    });
  });

  it('a topic with entries whose registry DID does not resolve fails as a whole (ERR_REGISTRY_NOT_FOUND), not entry by entry', async () => {
    const ledger = new MemoryLedger();
    const did = 'did:realdid:zQmNotAnchored111111111111111111111111111111111';
    await ledger.append(registryTopic(did), te.encode('junk'));
    await expect(readRegistry(ledger, did)).rejects.toMatchObject({ code: 'ERR_REGISTRY_NOT_FOUND' });
    expect((await readRegistry(ledger, 'did:realdid:zQmEmpty')).rejected).toEqual([]);
  });

  it('onRejected must be a function', async () => {
    const { w, ledger } = await world();
    await expect(readRegistry(ledger, w.registry.did, undefined, { onRejected: 5 as never })).rejects.toThrow(
      TypeError,
    );
  });
});

describe('junk on the audit topic is skipped: the genuine entries are listed, the junk reported', () => {
  it('requests, partials and openings survive random bytes, bad signatures, foreign keys, forged trustees and replays', async () => {
    const ledger = new MemoryLedger();
    const w = await buildWorld(ledger);
    const wallet = await enrolledWallet(w, alice);
    const account = await w.video.verifyRegistration(
      await wallet.respond(await w.video.createRequest(['age_over_18']), { origin: originFor(w.video.did) }),
    );
    const { token, context } = await w.video.traceTokenOf(account.did);
    const requester = generateKeyPair('Ed25519');
    const topic = w.committee.auditTopic;
    const request = await w.committee.request({ token, context, reason: 'warrant:1', requester, ledger });
    const [genuineRequest] = await ledger.read(topic);
    const expected = await appendJunk(
      ledger,
      topic,
      genuineRequest!.payload,
      'ERR_TRACE_AUDIT_INVALID',
      'ERR_TRACE_AUDIT_REPLAYED',
      // anyone may sign a request, but the same request body again is a copy
      'ERR_TRACE_AUDIT_REPLAYED',
    );
    // a partial that names a trustee but is signed by someone else
    const forgedPartial = signJson(
      {
        type: 'trace-partial',
        committee: w.committee.committeeId,
        index: 1,
        trustee: 'court-1',
        request: 'x',
      },
      generateKeyPair('Ed25519'),
    );
    expected.set((await ledger.append(topic, jsonBytes(forgedPartial))).position, 'ERR_TRACE_AUDIT_INVALID');
    // an opening for a request that was never logged, and an entry for another committee
    expected.set(
      (
        await ledger.append(
          topic,
          jsonBytes(
            signJson(
              { type: 'trace-opening', committee: w.committee.committeeId, request: 'nope' },
              requester,
            ),
          ),
        )
      ).position,
      'ERR_TRACE_AUDIT_INVALID',
    );
    expected.set(
      (
        await ledger.append(
          topic,
          jsonBytes(signJson({ type: 'trace-request', committee: 'another-committee' }, requester)),
        )
      ).position,
      'ERR_TRACE_AUDIT_INVALID',
    );
    // the trustees still find the request and answer it; the opening works
    const partials = [];
    for (const t of w.trustees.slice(0, 3)) partials.push(await t.partialDecrypt(request));
    const opened = await w.committee.combine({ request, partials, opener: requester, ledger });
    expect(w.authority.recordForHandle(opened.handle)).toBe(alice.recordId);
    // a replayed partial is junk too
    const entries = await ledger.read(topic);
    const lastPartial = entries
      .filter((e) => new TextDecoder().decode(e.payload).includes('"trace-partial"'))
      .at(-1)!;
    const reencoded = te.encode(` ${new TextDecoder().decode(lastPartial.payload)}`);
    expected.set((await ledger.append(topic, reencoded)).position, 'ERR_TRACE_AUDIT_REPLAYED');

    const rejected: RejectedLedgerEntry[] = [];
    const audit = await readTraceAudit(ledger, w.committee, { onRejected: (r) => rejected.push(r) });
    expect(audit.map((a) => a.entry.type)).toEqual([
      'trace-request',
      'trace-partial',
      'trace-partial',
      'trace-partial',
      'trace-opening',
    ]);
    expect(audit.at(-1)!.entry).toEqual(opened.record);
    expect(rejected.map((r) => [r.position, r.code])).toEqual([...expected.entries()]);
    // without a callback, the same genuine entries (junk never throws)
    expect(await readTraceAudit(ledger, w.committee)).toEqual(audit);
    for (const bad of [5, 'x', {}, []]) {
      await expect(readTraceAudit(ledger, w.committee, { onRejected: bad as never })).rejects.toThrow(
        TypeError,
      );
    }
  });
});

describe('junk on the status list topic does not block status checks, nor undo a revocation', () => {
  it('random bytes and a list signed by another DID for the same URI are skipped; the genuine newest list answers', async () => {
    const ledger = new MemoryLedger();
    const w = await buildWorld(ledger);
    const topic = statusListTopic(w.authority.statusListUri);
    const wallet = await enrolledWallet(w, alice);
    const bobWallet = await enrolledWallet(w, bob);
    // junk at the end of the topic
    await ledger.append(topic, te.encode('junk'));
    await ledger.append(topic, crypto.getRandomValues(new Uint8Array(100)));
    // a well-formed list for the same URI, all "valid", signed by an anchored attacker DID, newer
    const attacker = createDid();
    await anchorDid(ledger, attacker);
    w.now.t += 5_000;
    const forged = new TokenStatusListIssuer({
      uri: w.authority.statusListUri,
      signer: createSigner(attacker.keys.verificationMethods[0]!.keyPair),
      kid: `${attacker.did}#key-1`,
      iss: attacker.did,
      size: 131_072,
      now: () => w.now.t + 60_000,
    });
    // revoke alice: the genuine newest list says so; the forged newer one would say "valid"
    expect(await w.authority.revoke(alice.recordId)).toBeGreaterThan(0);
    await w.authority.publishEpoch();
    await forged.publish(ledger);
    await ledger.append(topic, te.encode('more junk'));
    const ok = await w.video.verifyRegistration(
      await bobWallet.respond(await w.video.createRequest(['age_over_18']), {
        origin: originFor(w.video.did),
      }),
    );
    expect(ok.claims).toEqual({ age_over_18: true });
    await expect(
      w.video.verifyRegistration(
        await wallet.respond(await w.video.createRequest(['age_over_18']), {
          origin: originFor(w.video.did),
        }),
      ),
    ).rejects.toMatchObject({ code: 'ERR_PRESENTATION_REVOKED' });
  });
});
