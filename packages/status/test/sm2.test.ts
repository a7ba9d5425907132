/**
 * Status List Tokens signed with SM2 (SM3, default user ID): signed, verified only where the
 * verifier lists SM2, tampering refused; and end to end with an SM2 did:realdid issuer, an SD-JWT
 * VC signed with SM2 and `_sd_alg: sm3`, revocation published on a ledger.
 */
import {
  base64urlDecode,
  base64urlEncode,
  createSigner,
  generateKeyPair,
  publicKeyToJwk,
  sign,
  utf8Decode,
  utf8Encode,
} from '@realdid/crypto';
import { anchorDid, createDid, getResolver } from '@realdid/did';
import { MemoryLedger } from '@realdid/ledger';
import { didKeyResolver, issueSdJwtVc, presentSdJwt, verifySdJwtVc } from '@realdid/sd-jwt';
import {
  createLedgerStatusFetcher,
  createStatusListKeyResolver,
  createStatusListToken,
  createTokenStatusChecker,
  createTokenStatusResolver,
  StatusList,
  type StatusListKeyResolver,
  TokenStatusListIssuer,
  verifyStatusListToken,
} from '@realdid/status';
import { Resolver } from 'did-resolver';
import { describe, expect, it } from 'vitest';

const URI = 'https://status.example/lists/gm';
const NOW = 1_800_000_000_000;
const now = () => NOW;

async function sm2Token(options: { sm2Algorithm?: 'SM2' | 'SM2SM3' } = {}) {
  const kp = generateKeyPair('SM2');
  const list = new StatusList(1024, 2);
  list.set(7, 1);
  const token = await createStatusListToken({
    list,
    uri: URI,
    signer: createSigner(kp, options),
    kid: 'k1',
    ttl: 300,
    now,
  });
  const keyResolver: StatusListKeyResolver = () => ({ type: 'SM2', publicKey: kp.publicKey });
  return { kp, token, keyResolver };
}

describe('Status List Token signed with SM2', () => {
  it('signs with alg SM2 and verifies when SM2 is allowed', async () => {
    const { token, keyResolver } = await sm2Token();
    const header = JSON.parse(utf8Decode(base64urlDecode(token.split('.')[0]!)));
    expect(header).toEqual({ alg: 'SM2', typ: 'statuslist+jwt', kid: 'k1' });
    const v = await verifyStatusListToken(token, { uri: URI, keyResolver, now, algorithms: ['SM2'] });
    expect(v.list.get(7)).toBe(1);
    expect(v.list.get(8)).toBe(0);
  });

  it('is refused by default and under the other SM2 name (ERR_STATUS_LIST_ALG)', async () => {
    const { token, keyResolver } = await sm2Token();
    await expect(verifyStatusListToken(token, { uri: URI, keyResolver, now })).rejects.toMatchObject({
      code: 'ERR_STATUS_LIST_ALG',
    });
    await expect(
      verifyStatusListToken(token, { uri: URI, keyResolver, now, algorithms: ['SM2SM3'] }),
    ).rejects.toMatchObject({ code: 'ERR_STATUS_LIST_ALG' });
  });

  it('the SM2SM3 name, when the deployment chose it', async () => {
    const { token, keyResolver } = await sm2Token({ sm2Algorithm: 'SM2SM3' });
    expect(JSON.parse(utf8Decode(base64urlDecode(token.split('.')[0]!))).alg).toBe('SM2SM3');
    const v = await verifyStatusListToken(token, { uri: URI, keyResolver, now, algorithms: ['SM2SM3'] });
    expect(v.list.get(7)).toBe(1);
  });

  it('a tampered list, another user ID, or another key fails with ERR_STATUS_LIST_SIGNATURE', async () => {
    const { kp, token, keyResolver } = await sm2Token();
    const opts = { uri: URI, keyResolver, now, algorithms: ['SM2'] };
    const [h, p, s] = token.split('.') as [string, string, string];
    // the revoked entry cleared by a forger who kept the signature
    const payload = JSON.parse(utf8Decode(base64urlDecode(p)));
    const clean = await createStatusListToken({
      list: new StatusList(1024, 2),
      uri: URI,
      signer: createSigner(generateKeyPair('SM2')),
      now,
    });
    payload.status_list = JSON.parse(utf8Decode(base64urlDecode(clean.split('.')[1]!))).status_list;
    const forged = `${h}.${base64urlEncode(utf8Encode(JSON.stringify(payload)))}.${s}`;
    await expect(verifyStatusListToken(forged, opts)).rejects.toMatchObject({
      code: 'ERR_STATUS_LIST_SIGNATURE',
    });
    // the same key, signing with a user ID other than the default one
    const otherId = sign('SM2', kp.secretKey, utf8Encode(`${h}.${p}`), { userId: 'ALICE123@YAHOO.COM' });
    await expect(verifyStatusListToken(`${h}.${p}.${base64urlEncode(otherId)}`, opts)).rejects.toMatchObject({
      code: 'ERR_STATUS_LIST_SIGNATURE',
    });
    // another SM2 key
    const other = generateKeyPair('SM2').publicKey;
    await expect(
      verifyStatusListToken(token, { ...opts, keyResolver: () => ({ type: 'SM2', publicKey: other }) }),
    ).rejects.toMatchObject({ code: 'ERR_STATUS_LIST_SIGNATURE' });
  });

  it('alg SM2 with a key of another type, and an Ed25519 list claiming SM2, are ERR_STATUS_LIST_ALG', async () => {
    const { token } = await sm2Token();
    const ed = generateKeyPair('Ed25519');
    await expect(
      verifyStatusListToken(token, {
        uri: URI,
        now,
        algorithms: ['SM2', 'EdDSA'],
        keyResolver: () => ({ type: 'Ed25519', publicKey: ed.publicKey }),
      }),
    ).rejects.toMatchObject({ code: 'ERR_STATUS_LIST_ALG' });
  });

  it('misuse of algorithms is a TypeError, at once', async () => {
    const { token, keyResolver } = await sm2Token();
    for (const algorithms of [[], ['none'], ['HS256'], 'SM2', [1]]) {
      await expect(
        verifyStatusListToken(token, { uri: URI, keyResolver, now, algorithms: algorithms as never }),
      ).rejects.toThrow(TypeError);
      expect(() =>
        createTokenStatusResolver({
          fetch: async () => undefined as never,
          keyResolver,
          algorithms: algorithms as never,
        }),
      ).toThrow(TypeError);
    }
  });
});

describe('SM2 end to end: did:realdid issuer, SD-JWT VC with sm3, status on the ledger', () => {
  it('valid → revoked, with every signature SM2', async () => {
    let t = NOW;
    const clock = () => t;
    const ledger = new MemoryLedger({ clock: () => new Date(t) });
    const issuerDid = createDid({
      keys: [{ id: 'gm-1', type: 'SM2', purposes: ['assertionMethod'] }],
      updateKeyType: 'SM2',
      recoveryKeyType: 'SM2',
    });
    await anchorDid(ledger, issuerDid);
    const issuerKey = issuerDid.keys.verificationMethods[0]!.keyPair;
    const kid = `${issuerDid.did}#gm-1`;
    const uri = `${issuerDid.did}/status/1`;
    const statusIssuer = new TokenStatusListIssuer({
      uri,
      signer: createSigner(issuerKey),
      kid,
      iss: issuerDid.did,
      ttlSec: 60,
      now: clock,
    });
    const status = statusIssuer.allocate();
    await statusIssuer.publish(ledger);

    const holder = generateKeyPair('SM2');
    const vc = await issueSdJwtVc({
      signer: createSigner(issuerKey),
      header: { kid },
      iss: issuerDid.did,
      vct: 'urn:example:realname',
      cnf: { jwk: publicKeyToJwk('SM2', holder.publicKey) },
      status,
      claims: { age_over_18: true },
      disclosureFrame: { _sd: ['age_over_18'] },
      sdAlg: 'sm3',
      iat: Math.floor(t / 1000),
    });
    const resolver = new Resolver(getResolver({ networks: { main: ledger }, cache: false }));
    const checkStatus = createTokenStatusChecker({
      fetch: createLedgerStatusFetcher(ledger),
      keyResolver: createStatusListKeyResolver(resolver),
      algorithms: ['SM2'],
      now: clock,
    });
    const verify = async () => {
      const vp = await presentSdJwt(
        vc,
        { age_over_18: true },
        {
          keyBinding: {
            signer: createSigner(holder),
            aud: 'https://rp.example',
            nonce: 'n-1',
            iat: Math.floor(t / 1000),
          },
        },
      );
      return verifySdJwtVc(vp, {
        keyResolver: didKeyResolver({ resolver, cacheTtlMs: 0 }),
        algorithms: ['SM2'],
        keyBinding: { aud: 'https://rp.example', nonce: 'n-1' },
        checkStatus,
        now: clock,
      });
    };
    expect((await verify()).claims.age_over_18).toBe(true);

    // a status checker that does not list SM2 cannot check the list: fail closed
    const strict = createTokenStatusChecker({
      fetch: createLedgerStatusFetcher(ledger),
      keyResolver: createStatusListKeyResolver(resolver),
      now: clock,
    });
    await expect(strict(status, { iss: issuerDid.did })).rejects.toMatchObject({
      code: 'ERR_STATUS_LIST_ALG',
    });

    statusIssuer.revoke(status.status_list.idx);
    t += 1_000;
    await statusIssuer.publish(ledger);
    t += 61_000; // past the cache's ttl
    await expect(verify()).rejects.toMatchObject({ code: 'ERR_SD_JWT_REVOKED' });
    await ledger.close();
  });
});
