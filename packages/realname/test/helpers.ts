import { generateKeyPair, type KeyPair } from '@realdid/crypto';
import type { LedgerClient } from '@realdid/ledger';
import {
  InMemoryIdentityRegistryTestDouble,
  MemoryStorage,
  REALNAME_VCT,
  RealNameAuthority,
  RegistryAuthority,
  RelyingParty,
  TraceCommittee,
  Trustee,
  Vault,
  type VerifiedIdentity,
  Wallet,
} from '../src/index.js';

export const alice: VerifiedIdentity = {
  recordId: 'rec-alice',
  nationalId: '110105199001011234',
  familyName: '王',
  givenName: '小明',
  birthdate: '1990-01-01',
  region: '110105',
  nationality: 'CHN',
};
export const bob: VerifiedIdentity = {
  recordId: 'rec-bob',
  nationalId: '310104198502024321',
  familyName: '李',
  givenName: '华',
  birthdate: '1985-02-02',
  region: '110105',
  nationality: 'CHN',
};

export const fastVault = { scrypt: { N: 2 ** 10, r: 8, p: 1 } };

export interface World {
  ledger: LedgerClient;
  registry: RegistryAuthority;
  committee: TraceCommittee;
  trustees: Trustee[];
  trusteeKeys: KeyPair[];
  authority: RealNameAuthority;
  video: RelyingParty;
  hospital: RelyingParty;
  now: { t: number };
}

/** Builds registry, committee (3 of 5), authority and two sites on a ledger. */
export async function buildWorld(ledger: LedgerClient): Promise<World> {
  const now = { t: Date.parse('2026-11-21T10:00:00Z') };
  const clock = () => new Date(now.t);
  const registry = await RegistryAuthority.create({ ledger, now: clock });
  const trusteeKeys = Array.from({ length: 5 }, () => generateKeyPair('Ed25519'));
  const { committee, shares } = TraceCommittee.deal({
    committeeId: 'national-trace-2026',
    threshold: 3,
    trustees: trusteeKeys.map((k, i) => ({ id: `court-${i + 1}`, auditPublicKey: k.publicKey })),
  });
  const trustees = shares.map(
    (share, i) =>
      new Trustee({
        share,
        committee,
        auditKey: trusteeKeys[i]!,
        ledger,
        approve: (r) => r.reason.startsWith('warrant:'),
      }),
  );
  const authority = await RealNameAuthority.create({
    ledger,
    identityVerifier: new InMemoryIdentityRegistryTestDouble([alice, bob]),
    committee,
    now: clock,
  });
  await registry.registerIssuer({ issuer: authority.did, vcts: [REALNAME_VCT], name: 'Real-name authority' });
  const rpOptions = {
    ledger,
    registryDid: registry.did,
    traceCommittee: committee.committeeId,
    now: clock,
    statusMaxAgeSeconds: 0,
  };
  const video = await RelyingParty.create(rpOptions);
  const hospital = await RelyingParty.create(rpOptions);
  await registry.registerRelyingParty({ rp: video.did, name: 'Video site', allowedClaims: ['age_over_18'] });
  await registry.registerRelyingParty({
    rp: hospital.did,
    name: 'Hospital',
    allowedClaims: ['family_name', 'given_name', 'birthdate', 'age_over_18', 'region'],
  });
  return { ledger, registry, committee, trustees, trusteeKeys, authority, video, hospital, now };
}

export async function enrolledWallet(w: World, person: VerifiedIdentity, count = 4): Promise<Wallet> {
  const vault = await Vault.create(new MemoryStorage(), `pw-${person.recordId}`, fastVault);
  const wallet = await Wallet.create({
    vault,
    ledger: w.ledger,
    registryDid: w.registry.did,
    now: () => new Date(w.now.t),
  });
  const creds = await w.authority.enrol({
    evidence: { nationalId: person.nationalId, familyName: person.familyName, givenName: person.givenName },
    holderKeys: await wallet.createHolderKeys(count),
  });
  await wallet.storeCredentials(creds);
  return wallet;
}
