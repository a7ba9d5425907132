// @realdid/realname: a person registers at a site without telling it who she is.
import assert from 'node:assert/strict';
import { generateKeyPair } from '@realdid/crypto';
import { MemoryLedger } from '@realdid/ledger';
import {
  InMemoryIdentityRegistryTestDouble,
  MemoryStorage,
  REALNAME_VCT,
  RealNameAuthority,
  RegistryAuthority,
  RelyingParty,
  TraceCommittee,
  Vault,
  Wallet,
} from '@realdid/realname';

const ledger = new MemoryLedger();
const person = {
  recordId: 'rec-7',
  nationalId: '440305200101018888',
  familyName: '陈',
  givenName: '静',
  birthdate: '2001-01-01',
  region: '440305',
  nationality: 'CHN',
};
const registry = await RegistryAuthority.create({ ledger });
const { committee } = TraceCommittee.deal({
  committeeId: 'script-committee',
  threshold: 2,
  trustees: [1, 2, 3].map((i) => ({ id: `t${i}`, auditPublicKey: generateKeyPair('Ed25519').publicKey })),
});
const authority = await RealNameAuthority.create({
  ledger,
  identityVerifier: new InMemoryIdentityRegistryTestDouble([person]),
  committee,
});
await registry.registerIssuer({
  issuer: authority.did,
  vcts: [REALNAME_VCT],
  name: 'Authority',
  traceCommittee: committee.committeeId,
});
const forum = await RelyingParty.create({
  ledger,
  registryDid: registry.did,
  traceCommittee: committee.committeeId,
});
await registry.registerRelyingParty({
  rp: forum.did,
  name: 'Forum',
  allowedClaims: ['age_over_16', 'region'],
  origins: ['https://forum.example'],
});
// The wallet is told where each request arrived from (a browser reports the page's origin).
const atForum = { origin: 'https://forum.example' };

// Production vaults use the default scrypt cost; a low one keeps this script quick.
const vault = await Vault.create(new MemoryStorage(), 'a long passphrase', {
  scrypt: { N: 2 ** 12, r: 8, p: 1 },
});
const wallet = await Wallet.create({ vault, ledger, registryDid: registry.did });
await wallet.storeCredentials(
  await authority.enrol({
    evidence: { nationalId: person.nationalId, familyName: person.familyName, givenName: person.givenName },
    holderKeys: await wallet.createHolderKeys(2),
  }),
);
const account = await forum.verifyRegistration(
  await wallet.respond(await forum.createRequest(['age_over_16']), atForum),
);
assert.deepEqual(account.claims, { age_over_16: true });
await assert.rejects(wallet.respond(await forum.createRequest(['birthdate']), atForum), {
  code: 'ERR_REQUEST_NOT_ALLOWED',
});
const again = await forum.verifyLogin(await wallet.login(await forum.createLoginChallenge(), atForum));
assert.equal(again.did, account.did);
console.log(
  `the forum knows ${JSON.stringify(account.claims)} about ${account.did.slice(0, 36)}…, and nothing else`,
);
