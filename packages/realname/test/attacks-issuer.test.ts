import {
  base64urlDecode,
  base64urlEncode,
  createSigner,
  generateKeyPair,
  keyPairFromSecretKey,
  randomBytes,
  sha256,
  sign,
} from '@realdid/crypto';
import { MemoryLedger } from '@realdid/ledger';
import { issueSdJwtVc } from '@realdid/sd-jwt';
import { describe, expect, it } from 'vitest';
import { MemoryStorage, REALNAME_CLAIMS, REALNAME_VCT, RelyingParty, Vault, Wallet } from '../src/index.js';
import { alice, buildWorld, fastVault } from './helpers.js';

/**
 * A malicious authority tags a person: it gives the credentials of one batch (or of two batches)
 * values in common — a status index, a `jti`, a trace token — so that sites comparing what they
 * received could link the person's accounts; or it slips in credentials of another issuer or for
 * another committee. The wallet must refuse to store them.
 */
async function setup() {
  const w = await buildWorld(new MemoryLedger());
  const vault = await Vault.create(new MemoryStorage(), 'pw', fastVault);
  const wallet = await Wallet.create({
    vault,
    ledger: w.ledger,
    registryDid: w.registry.did,
    now: () => new Date(w.now.t),
  });
  const state = w.authority.exportState();
  const signer = createSigner(keyPairFromSecretKey('Ed25519', base64urlDecode(state.signingKey)));
  const kid = `${state.did}#${state.vmId}`;
  const day = Math.floor(w.now.t / 86_400_000) * 86_400;
  /** A credential as the authority issues it, with chosen values. */
  const forge = async (
    jwk: unknown,
    o: { idx?: number; jti?: string; token?: string; committee?: string; signWith?: typeof signer } = {},
  ) => {
    const jti = o.jti ?? `urn:realdid:cred:${crypto.randomUUID()}`;
    return issueSdJwtVc({
      signer: o.signWith ?? signer,
      vct: REALNAME_VCT,
      iss: state.did,
      cnf: { jwk: jwk as Record<string, unknown> },
      status: {
        status_list: {
          idx: o.idx ?? 1000 + Math.floor(Math.random() * 100_000),
          uri: w.authority.statusListUri,
        },
      },
      iat: day,
      exp: day + 365 * 86_400,
      claims: {
        jti,
        trace: {
          committee: o.committee ?? w.committee.committeeId,
          token: o.token ?? w.committee.encrypt(randomBytes(32), new TextEncoder().encode(jti)),
        },
        family_name: alice.familyName,
        given_name: alice.givenName,
        national_id: alice.nationalId,
        birthdate: alice.birthdate,
        age_over_14: true,
        age_over_16: true,
        age_over_18: true,
        age_over_60: false,
        region: alice.region,
        nationality: alice.nationality,
      },
      disclosureFrame: { _sd: [...REALNAME_CLAIMS] },
      header: { kid },
    });
  };
  return { w, wallet, forge };
}

async function refused(wallet: Wallet, batch: string[], why?: RegExp) {
  const before = wallet.unusedCredentials;
  await expect(wallet.storeCredentials(batch)).rejects.toMatchObject({
    code: 'ERR_WALLET_CREDENTIAL_INVALID',
    ...(why === undefined ? {} : { message: expect.stringMatching(why) }),
  });
  expect(wallet.unusedCredentials).toBe(before); // all or nothing
}

describe('the wallet verifies what it stores', () => {
  it('refuses a batch whose credentials share a status index, a jti or a trace token', async () => {
    const { wallet, forge } = await setup();
    let keys = await wallet.createHolderKeys(2);
    await refused(
      wallet,
      [await forge(keys[0], { idx: 7 }), await forge(keys[1], { idx: 7 })],
      /status-index/,
    );
    await refused(wallet, [
      await forge(keys[0], { jti: 'urn:x:1' }),
      await forge(keys[1], { jti: 'urn:x:1' }),
    ]);
    const token = (await setup()).w.committee.encrypt(randomBytes(32), new Uint8Array(1));
    await refused(wallet, [await forge(keys[0], { token }), await forge(keys[1], { token })]);
    // a well-formed batch is stored
    await wallet.storeCredentials([await forge(keys[0], { idx: 11 }), await forge(keys[1], { idx: 12 })]);
    expect(wallet.unusedCredentials).toBe(2);
    // a later batch reusing a status index of a held credential is refused
    keys = await wallet.createHolderKeys(1);
    await refused(wallet, [await forge(keys[0], { idx: 11 })]);
  });

  it('refuses a credential that reuses a disclosure salt of a held credential', async () => {
    const { w, wallet, forge } = await setup();
    const [k0, k1] = await wallet.createHolderKeys(2);
    const first = await forge(k0);
    await wallet.storeCredentials([first]);
    // a second credential, signed by the authority, whose age_over_18 disclosure reuses a salt
    const [jws, ...parts] = first.split('~');
    const salt = (JSON.parse(new TextDecoder().decode(base64urlDecode(parts[0]!))) as unknown[])[0] as string;
    const disclosure = base64urlEncode(new TextEncoder().encode(JSON.stringify([salt, 'age_over_18', true])));
    const payload = JSON.parse(new TextDecoder().decode(base64urlDecode(jws!.split('.')[1]!)));
    const header = JSON.parse(new TextDecoder().decode(base64urlDecode(jws!.split('.')[0]!)));
    const body = {
      ...payload,
      jti: `urn:realdid:cred:${crypto.randomUUID()}`,
      cnf: { jwk: k1 },
      status: { status_list: { idx: 4242, uri: w.authority.statusListUri } },
      trace: {
        committee: w.committee.committeeId,
        token: w.committee.encrypt(randomBytes(32), new Uint8Array(1)),
      },
      _sd: [base64urlEncode(sha256(new TextEncoder().encode(disclosure)))],
    };
    const enc = (o: unknown) => base64urlEncode(new TextEncoder().encode(JSON.stringify(o)));
    const input = `${enc(header)}.${enc(body)}`;
    const secret = base64urlDecode(w.authority.exportState().signingKey);
    const sig = base64urlEncode(sign('Ed25519', secret, new TextEncoder().encode(input)));
    const second = `${input}.${sig}~${disclosure}~`;
    await refused(wallet, [second], /repeats the salt/);
  });

  it('refuses a credential not signed by a registered issuer, or naming another committee', async () => {
    const { wallet, forge } = await setup();
    const keys = await wallet.createHolderKeys(2);
    await refused(wallet, [await forge(keys[0], { signWith: createSigner(generateKeyPair('Ed25519')) })]);
    await refused(wallet, [await forge(keys[1], { committee: 'a-committee-the-authority-controls' })]);
  });

  it('relying parties require the committee they name: there is no "any" default', async () => {
    const { w } = await setup();
    await expect(
      RelyingParty.create({ ledger: w.ledger, registryDid: w.registry.did } as never),
    ).rejects.toThrow(TypeError);
  });
});
