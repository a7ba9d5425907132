import { generateKeyPair, publicKeyToMultibase } from '@realdid/crypto';
import { MemoryLedger } from '@realdid/ledger';
import { describe, expect, it } from 'vitest';
import { signJws } from '../src/internal/jws.js';
import { DID_PROOF_TYP, LOGIN_TYP, type RegistrationResponse } from '../src/roles/protocol.js';
import { alice, buildWorld, enrolledWallet, originFor } from './helpers.js';

/**
 * The relying party reads a pairwise did:key's key from the DID string. Every way of pointing the
 * proof at a key that is not the DID's one authentication key is refused, as with resolution.
 */
describe('proof of control of a pairwise did:key', () => {
  async function setup() {
    const w = await buildWorld(new MemoryLedger());
    const wallet = await enrolledWallet(w, alice, 4);
    const origin = originFor(w.video.did);
    const fresh = async () => wallet.respond(await w.video.createRequest(['age_over_18']), { origin });
    return { w, wallet, origin, fresh };
  }
  const payloadOf = (jws: string) =>
    JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

  /** The response with its `did` and proof replaced: the proof re-signed by `key` under `kid`. */
  function forged(
    res: RegistrationResponse,
    did: string,
    kid: string,
    key = generateKeyPair('Ed25519'),
  ): RegistrationResponse {
    const p = payloadOf(res.proof);
    return { ...res, did, proof: signJws({ ...p, iss: did }, key, kid, DID_PROOF_TYP) };
  }

  it('refuses a kid that is not the did:key’s verification method, and a proof by another key', async () => {
    const { w, fresh } = await setup();
    const attacker = generateKeyPair('Ed25519');
    const attackerId = publicKeyToMultibase('Ed25519', attacker.publicKey);
    const attackerDid = `did:key:${attackerId}`;
    const res = await fresh();
    const victimId = res.did.slice('did:key:'.length);
    const cases: [string, string, ReturnType<typeof generateKeyPair>][] = [
      // the victim's DID, a kid naming the attacker's key
      [res.did, `${res.did}#${attackerId}`, attacker],
      // the victim's DID and kid, signed by the attacker
      [res.did, `${res.did}#${victimId}`, attacker],
      // the attacker's DID with the victim's fragment
      [attackerDid, `${attackerDid}#${victimId}`, attacker],
      // a kid of another DID
      [res.did, `${attackerDid}#${attackerId}`, attacker],
    ];
    for (const [did, kid, key] of cases) {
      await expect(w.video.verifyRegistration(forged(await fresh(), did, kid, key))).rejects.toMatchObject({
        code: 'ERR_PRESENTATION_INVALID',
      });
    }
    // the genuine response still verifies
    await expect(w.video.verifyRegistration(await fresh())).resolves.toMatchObject({ did: res.did });
  });

  it('refuses a did:key of another key type, a non-canonical one and junk', async () => {
    const { w, fresh } = await setup();
    const p256 = generateKeyPair('P-256');
    const p256Id = publicKeyToMultibase('P-256', p256.publicKey);
    const ed = generateKeyPair('Ed25519');
    const edId = publicKeyToMultibase('Ed25519', ed.publicKey);
    for (const id of [p256Id, `${edId}1`, 'z0OIl', 'z', `m${edId.slice(1)}`]) {
      const did = `did:key:${id}`;
      await expect(
        w.video.verifyRegistration(forged(await fresh(), did, `${did}#${id}`, ed)),
      ).rejects.toMatchObject({ code: 'ERR_PRESENTATION_INVALID' });
    }
  });

  it('a login proof by another key than the account’s did:key is refused', async () => {
    const { w, wallet, origin, fresh } = await setup();
    const account = await w.video.verifyRegistration(await fresh());
    const good = await wallet.login(await w.video.createLoginChallenge(), { origin });
    const attacker = generateKeyPair('Ed25519');
    const p = payloadOf(good.proof);
    const id = account.did.slice('did:key:'.length);
    const proof = signJws(p, attacker, `${account.did}#${id}`, LOGIN_TYP);
    await expect(w.video.verifyLogin({ ...good, proof })).rejects.toMatchObject({
      code: 'ERR_LOGIN_INVALID',
    });
    const again = await wallet.login(await w.video.createLoginChallenge(), { origin });
    await expect(w.video.verifyLogin(again)).resolves.toMatchObject({ did: account.did });
  });
});
