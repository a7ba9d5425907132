// Item 2 of the secure-by-default review: a status list must be signed by the credential's issuer.
// Another DID appends a forged all-valid list at the list's URI on the ledger; a revoked credential
// must stay revoked — with the checker wired the natural way (defaults, a key resolver that
// resolves whatever `kid` the list names) and with createStatusListKeyResolver.
import {
  createSigner,
  generateKeyPair,
  type KeyPair,
  publicKeyToDidKey,
  publicKeyToMultibase,
} from '@realdid/crypto';
import { getResolver, resolveVerificationMethod } from '@realdid/did';
import { MemoryLedger } from '@realdid/ledger';
import {
  BitstringStatusListIssuer,
  createBitstringStatusChecker,
  createLedgerStatusFetcher,
  createStatusListKeyResolver,
  createTokenStatusChecker,
  type StatusListKeyResolver,
  statusListTopic,
  TokenStatusListIssuer,
  verifyStatusListToken,
} from '@realdid/status';
import { Resolver } from 'did-resolver';
import { describe, expect, it } from 'vitest';

const T0 = Date.parse('2026-11-21T12:00:00Z');
const didResolver = new Resolver(getResolver());

function didKeyOf(kp: KeyPair): { did: string; kid: string } {
  const did = publicKeyToDidKey(kp.type, kp.publicKey);
  return { did, kid: `${did}#${publicKeyToMultibase(kp.type, kp.publicKey)}` };
}

/** The natural wiring of the report: resolve the key the list names, as for a credential. */
const naturalKeyResolver: StatusListKeyResolver = async (req) => {
  const vm = await resolveVerificationMethod(didResolver, req.kid ?? '', { purpose: 'assertionMethod' });
  return { type: vm.type as 'Ed25519', publicKey: vm.publicKey };
};

async function setup() {
  const ledger = new MemoryLedger();
  const issuerKp = generateKeyPair('Ed25519');
  const issuer = didKeyOf(issuerKp);
  const uri = `${issuer.did}/status/1`;
  const list = new TokenStatusListIssuer({
    uri,
    signer: createSigner(issuerKp),
    iss: issuer.did,
    kid: issuer.kid,
    now: () => T0,
  });
  const revoked = list.allocate();
  list.revoke(revoked.status_list.idx);
  await list.publish(ledger);
  // The attacker: another DID, a newer all-valid list at the same URI.
  const attackerKp = generateKeyPair('Ed25519');
  const attacker = didKeyOf(attackerKp);
  const forge = async (iss: string) => {
    const forged = new TokenStatusListIssuer({
      uri,
      signer: createSigner(attackerKp),
      iss,
      kid: attacker.kid,
      size: list.list.size,
      now: () => T0 + 60_000,
    });
    await ledger.append(statusListTopic(uri), new TextEncoder().encode(await forged.sign()));
  };
  return { ledger, issuer, attacker, uri, revoked, forge };
}

describe('item 2: status lists are matched to the credential issuer by default', () => {
  it('item 2: a forged all-valid list another DID appended is refused with the default options', async () => {
    const s = await setup();
    await s.forge(s.attacker.did);
    const checkStatus = createTokenStatusChecker({
      fetch: createLedgerStatusFetcher(s.ledger),
      resolveKey: naturalKeyResolver, // the name of the option in the report
      now: () => T0 + 120_000,
    });
    await expect(checkStatus(s.revoked, { iss: s.issuer.did })).resolves.toBe('revoked');
  });

  it('item 2: createStatusListKeyResolver refuses a forged list that claims the genuine iss', async () => {
    const s = await setup();
    await s.forge(s.issuer.did); // iss copied from the genuine list, signed with the attacker's key
    await s.forge(s.attacker.did);
    const keyResolver = createStatusListKeyResolver(didResolver);
    const checkStatus = createTokenStatusChecker({
      fetch: createLedgerStatusFetcher(s.ledger),
      keyResolver,
      now: () => T0 + 120_000,
    });
    await expect(checkStatus(s.revoked, { iss: s.issuer.did })).resolves.toBe('revoked');
    // The deprecated option name still works, and gives the same answer.
    const old = createTokenStatusChecker({
      fetch: createLedgerStatusFetcher(s.ledger),
      resolveKey: keyResolver,
      now: () => T0 + 120_000,
    });
    await expect(old(s.revoked, { iss: s.issuer.did })).resolves.toBe('revoked');
    // Lookups without the credential's issuer are refused unless matchIssuer: false is explicit.
    await expect(checkStatus(s.revoked)).rejects.toMatchObject({ code: 'ERR_STATUS_LIST_ISSUER_MISMATCH' });
  });

  it('item 2: createStatusListKeyResolver takes only assertionMethod keys of the iss DID', async () => {
    const s = await setup();
    const keyResolver = createStatusListKeyResolver(didResolver);
    await expect(
      keyResolver({ alg: 'EdDSA', iss: s.issuer.did, kid: s.issuer.kid, uri: s.uri }),
    ).resolves.toMatchObject({
      type: 'Ed25519',
    });
    const relative = s.issuer.kid.slice(s.issuer.did.length);
    await expect(
      keyResolver({ alg: 'EdDSA', iss: s.issuer.did, kid: relative, uri: s.uri }),
    ).resolves.toMatchObject({
      type: 'Ed25519',
    });
    for (const req of [
      { alg: 'EdDSA', iss: s.issuer.did, kid: s.attacker.kid, uri: s.uri },
      { alg: 'EdDSA', iss: s.issuer.did, uri: s.uri },
      { alg: 'EdDSA', kid: s.issuer.kid, uri: s.uri },
      { alg: 'EdDSA', iss: 'https://issuer.example', kid: s.issuer.kid, uri: s.uri },
      { alg: 'EdDSA', iss: s.issuer.did, kid: `${s.issuer.did}#nope`, uri: s.uri },
    ]) {
      await expect(keyResolver(req)).rejects.toMatchObject({ code: 'ERR_STATUS_LIST_KEY' });
    }
    expect(() => createStatusListKeyResolver({} as never)).toThrow(TypeError);
    expect(() => createStatusListKeyResolver(null as never)).toThrow(TypeError);
    // and through verifyStatusListToken: the attacker's list does not verify
    const [, forged] = await (async () => {
      await s.forge(s.issuer.did);
      return s.ledger.read(statusListTopic(s.uri), { from: 0, limit: 2 });
    })();
    await expect(
      verifyStatusListToken(forged!.payload, { uri: s.uri, keyResolver, now: () => T0 + 120_000 }),
    ).rejects.toMatchObject({ code: 'ERR_STATUS_LIST_KEY' });
  });

  it('item 2: the Bitstring checker refuses a list credential of another issuer by default', async () => {
    const ledger = new MemoryLedger();
    const url = 'https://issuer.example/status/bits/1';
    const sign = async (c: Record<string, unknown>) => ({ ...c, proof: { type: 'test' } });
    const genuine = new BitstringStatusListIssuer({
      uri: url,
      issuer: 'did:example:issuer',
      statusPurpose: 'revocation',
      sign,
      now: () => T0,
    });
    const entry = genuine.allocate();
    genuine.set(Number(entry.statusListIndex), true);
    await genuine.publish(ledger);
    const forged = new BitstringStatusListIssuer({
      uri: url,
      issuer: 'did:example:attacker',
      statusPurpose: 'revocation',
      sign,
      now: () => T0 + 60_000,
    });
    await forged.publish(ledger);
    const check = createBitstringStatusChecker({
      fetch: createLedgerStatusFetcher(ledger),
      verifyCredential: async () => true, // a proof verifier that checks only the proof
      now: () => T0 + 120_000,
    });
    await expect(check(entry, { issuer: 'did:example:issuer' })).resolves.toMatchObject({
      status: 'revoked',
    });
    await expect(check(entry, { issuer: { id: 'did:example:issuer' } })).resolves.toMatchObject({
      status: 'revoked',
    });
    await expect(check(entry, {})).rejects.toMatchObject({ code: 'ERR_STATUS_LIST_ISSUER_MISMATCH' });
  });
});
