import { base64urlEncode, type KeyPair, sha256 } from '@realdid/crypto';
import { type AppendReceipt, type LedgerAppend, type LedgerClient, MemoryLedger } from '@realdid/ledger';
import {
  type DeploymentProfile,
  MemoryStorage,
  type RealNameAuthority,
  type RegistryAuthority,
  type RelyingParty,
  type TraceCommittee,
  type Trustee,
  Vault,
  type VerifiedIdentity,
  Wallet,
  type WalletOptions,
} from '../src/index.js';
import { createDeployment } from '../src/testing.js';

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

const ORIGINS = new Map<string, string>();

/**
 * The web origin a test site serves from: the one it was registered with by {@link buildWorld},
 * otherwise one per RP DID (https://rp-<hash of the DID>.example).
 */
export function originFor(did: string): string {
  const known = ORIGINS.get(did);
  if (known !== undefined) return known;
  const h = base64urlEncode(sha256(new TextEncoder().encode(did)))
    .slice(0, 12)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x');
  return `https://rp-${h}.example`;
}

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
  /** The deployment profile of every role. */
  profile: DeploymentProfile;
}

/**
 * Builds registry, committee (3 of 5), authority and two sites on a ledger, with `createDeployment`
 * (in the given profile, international by default).
 */
export async function buildWorld(
  ledger: LedgerClient,
  profile: DeploymentProfile = 'international',
): Promise<World> {
  const now = { t: Date.parse('2026-11-21T10:00:00Z') };
  const d = await createDeployment({
    ledger,
    people: [alice, bob],
    committee: { id: 'national-trace-2026', threshold: 3, size: 5 },
    now: () => now.t,
    profile,
  });
  const video = await d.addSite({ name: 'Video site', allowedClaims: ['age_over_18'] });
  const hospital = await d.addSite({
    name: 'Hospital',
    allowedClaims: ['family_name', 'given_name', 'birthdate', 'age_over_18', 'region'],
  });
  ORIGINS.set(video.rp.did, video.origin);
  ORIGINS.set(hospital.rp.did, hospital.origin);
  return {
    ledger,
    registry: d.registry,
    committee: d.committee,
    trustees: d.trustees,
    trusteeKeys: d.trusteeKeys,
    authority: d.authority,
    video: video.rp,
    hospital: hospital.rp,
    now,
    profile,
  };
}

export async function enrolledWallet(
  w: World,
  person: VerifiedIdentity,
  count = 4,
  consent?: WalletOptions['consent'],
): Promise<Wallet> {
  const vault = await Vault.create(new MemoryStorage(), `pw-${person.recordId}`, fastVault);
  const wallet = await Wallet.create({
    vault,
    ledger: w.ledger,
    registryDid: w.registry.did,
    now: () => w.now.t,
    profile: w.profile,
    ...(consent === undefined ? {} : { consent }),
  });
  const creds = await w.authority.enrol({
    evidence: { nationalId: person.nationalId, familyName: person.familyName, givenName: person.givenName },
    holderKeys: await wallet.createHolderKeys(count),
  });
  await wallet.storeCredentials(creds);
  return wallet;
}

/** A MemoryLedger that counts the appends (calls, not only new entries) made to each topic. */
export class CountingLedger extends MemoryLedger {
  readonly appends = new Map<string, number>();

  override async append(topic: string, payload: Uint8Array): Promise<AppendReceipt> {
    this.appends.set(topic, (this.appends.get(topic) ?? 0) + 1);
    return super.append(topic, payload);
  }

  override async appendBatch(entries: readonly LedgerAppend[]): Promise<AppendReceipt[]> {
    for (const e of entries) this.appends.set(e.topic, (this.appends.get(e.topic) ?? 0) + 1);
    return super.appendBatch(entries);
  }
}

/**
 * A deployment whose authority keeps small status lists (`authority` options such as
 * `statusListSize`, `maxStatusLists`), on a {@link CountingLedger}, with a video site and
 * `register(wallet)`, which registers a wallet there.
 */
export async function smallListsWorld(authority: Record<string, number>) {
  const ledger = new CountingLedger();
  const now = { t: Date.parse('2026-11-21T10:00:00Z') };
  const d = await createDeployment({ ledger, people: [alice, bob], now: () => now.t, authority });
  const site = await d.addSite({ name: 'Video', allowedClaims: ['age_over_18'] });
  const register = async (wallet: Awaited<ReturnType<typeof d.enrolWallet>>) =>
    site.rp.verifyRegistration(
      await wallet.respond(await site.rp.createRequest(['age_over_18']), { origin: site.origin }),
    );
  return { d, ledger, now, site, register };
}
