import { type Clock, generateKeyPair, type KeyPair, toClock } from '@realdid/crypto';
import type { LedgerClient } from '@realdid/ledger';
import { REALNAME_VCT, type RealNameClaim } from '../claims.js';
import type { VerifiedIdentity } from '../identity/IdentityVerifier.js';
import { InMemoryIdentityRegistryTestDouble } from '../identity/InMemoryIdentityRegistryTestDouble.js';
import { assertString, isPlainObject } from '../internal/bytes.js';
import { dateClock } from '../internal/clock.js';
import { type DeploymentProfile, readProfile } from '../internal/profile.js';
import { RegistryAuthority } from '../registry/RegistryAuthority.js';
import { RealNameAuthority, type RealNameAuthorityOptions } from '../roles/RealNameAuthority.js';
import { RelyingParty, type RelyingPartyOptions } from '../roles/RelyingParty.js';
import { Wallet, type WalletOptions } from '../roles/Wallet.js';
import { TraceCommittee } from '../trace/TraceCommittee.js';
import { type TraceApproval, Trustee } from '../trace/Trustee.js';
import { MemoryStorage } from '../vault/MemoryStorage.js';
import { type ScryptParams, Vault } from '../vault/Vault.js';

/** A site of a {@link Deployment}: its relying party, registered with its claims and origins. */
export interface DeployedSite {
  name: string;
  rp: RelyingParty;
  /** The origins the registry lists for it; `origin` is the first (pass it to `Wallet.respond`/`login`). */
  origins: string[];
  origin: string;
  allowedClaims: RealNameClaim[];
}

/** What a site of a deployment is made of. */
export interface SiteSpec {
  name: string;
  allowedClaims: RealNameClaim[];
  /** Its web origins (default: `https://<slug of the name>.example`). */
  origins?: string[];
}

/** Options of {@link createDeployment}. */
export interface DeploymentOptions {
  ledger: LedgerClient;
  /** The people the test identity registry knows (the authority enrols only them). */
  people: readonly VerifiedIdentity[];
  /** The trace committee: id, k of n, and the trustees' approval policy (default: a reason starting with `warrant:`). */
  committee?: { id?: string; threshold?: number; size?: number; approve?: TraceApproval };
  /** Sites to set up and register (more with {@link Deployment.addSite}). */
  sites?: readonly SiteSpec[];
  /** Options given to every relying party (default: `statusMaxAgeSeconds: 0`, the deployment's clock). */
  relyingParty?: Partial<Omit<RelyingPartyOptions, 'ledger' | 'registryDid'>>;
  /** Options given to the authority (validity, batch size, status list size and count). */
  authority?: Partial<
    Pick<RealNameAuthorityOptions, 'validityDays' | 'maxBatch' | 'statusListSize' | 'maxStatusLists'>
  >;
  /**
   * The clock of every role: milliseconds since the epoch, like `Date.now` (the default). Deprecated for one
   * minor version: a function returning a `Date`, or a fixed `Date`; both are converted.
   */
  now?: Clock | (() => Date) | Date;
  /**
   * The deployment profile of every role (default `'international'`). `'gm'`: SM2 keys, SM2
   * signatures and SM3 for the registry, the authority, the sites and the wallets (docs/realname.md,
   * "The gm profile"). The trustees' audit keys stay Ed25519 and the trace tokens ristretto255
   * whatever the profile.
   */
  profile?: DeploymentProfile;
}

/** Options of {@link Deployment.enrolWallet}. */
export interface EnrolWalletOptions {
  /** How many credentials to ask for (default 4). */
  count?: number;
  /** The wallet's consent hook. */
  consent?: WalletOptions['consent'];
  /** Vault password (default: a fixed test password). */
  password?: string;
  /** Vault scrypt cost (default: N = 2^10, for tests and demos; use the default of `Vault` in production). */
  scrypt?: ScryptParams;
}

/** A whole deployment on one ledger: registry, trace committee and trustees, authority, sites. */
export interface Deployment {
  ledger: LedgerClient;
  /** The deployment profile of its roles. */
  profile: DeploymentProfile;
  registry: RegistryAuthority;
  committee: TraceCommittee;
  trustees: Trustee[];
  /** The trustees' audit keys (index i signs for trustee i + 1). */
  trusteeKeys: KeyPair[];
  authority: RealNameAuthority;
  identityVerifier: InMemoryIdentityRegistryTestDouble;
  /** The sites, by name. */
  sites: Map<string, DeployedSite>;
  /** Sets up, anchors and registers one more site. */
  addSite(spec: SiteSpec): Promise<DeployedSite>;
  /** A wallet in a memory vault, enrolled for one of the deployment's people. */
  enrolWallet(person: VerifiedIdentity, options?: EnrolWalletOptions): Promise<Wallet>;
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'site';

/**
 * Stands up a whole RealDID deployment on a ledger for demos, tests and trials: a registry
 * authority, a trace committee dealt by a trusted dealer (default 3 of 5) with its trustees, a
 * real-name authority checking people through {@link InMemoryIdentityRegistryTestDouble} and
 * registered as the issuer of real-name credentials, and the given sites, each anchored and
 * registered with its allowed claims and origins (relying parties require the deployment's
 * committee). Not for production: every role lives in one process and the identity check is a
 * test double.
 *
 * @param options - ledger, people, committee shape, sites, role options, clock
 * @returns the deployment
 * @throws TypeError / RangeError on misuse
 * @example
 * ```ts
 * import { createDeployment } from '@realdid/realname/testing';
 * const d = await createDeployment({ ledger, people: [alice], sites: [{ name: 'Video', allowedClaims: ['age_over_18'] }] });
 * const site = d.sites.get('Video')!;
 * const wallet = await d.enrolWallet(alice);
 * await site.rp.verifyRegistration(await wallet.respond(await site.rp.createRequest(['age_over_18']), { origin: site.origin }));
 * ```
 */
export async function createDeployment(options: DeploymentOptions): Promise<Deployment> {
  if (!isPlainObject(options)) throw new TypeError('createDeployment: expected options');
  const { ledger } = options;
  if (typeof (ledger as LedgerClient | undefined)?.append !== 'function') {
    throw new TypeError('ledger: expected a LedgerClient');
  }
  if (!Array.isArray(options.people)) throw new TypeError('people: expected an array of identities');
  const now = toClock(options.now, 'now');
  const { profile } = readProfile(options.profile);
  const c = options.committee ?? {};
  const size = c.size ?? 5;
  const threshold = c.threshold ?? 3;
  const registry = await RegistryAuthority.create({ ledger, now, profile });
  const trusteeKeys = Array.from({ length: size }, () => generateKeyPair('Ed25519'));
  const { committee, shares } = TraceCommittee.deal({
    committeeId: c.id ?? 'trace-committee',
    threshold,
    trustees: trusteeKeys.map((k, i) => ({ id: `trustee-${i + 1}`, auditPublicKey: k.publicKey })),
  });
  const approve: TraceApproval = c.approve ?? ((r) => r.reason.startsWith('warrant:'));
  const trustees = shares.map(
    (share, i) =>
      new Trustee({ share, committee, auditKey: trusteeKeys[i]!, ledger, approve, clock: dateClock(now) }),
  );
  for (const s of shares) s.secret.fill(0);
  const identityVerifier = new InMemoryIdentityRegistryTestDouble([...options.people]);
  const authority = await RealNameAuthority.create({
    ledger,
    identityVerifier,
    committee,
    now,
    ...(options.authority ?? {}),
    profile,
  });
  await registry.registerIssuer({
    issuer: authority.did,
    vcts: [REALNAME_VCT],
    name: 'Real-name authority',
    traceCommittee: committee.committeeId,
  });
  const rpOptions: RelyingPartyOptions = {
    statusMaxAgeSeconds: 0,
    now,
    ...(options.relyingParty ?? {}),
    profile,
    ledger,
    registryDid: registry.did,
    traceCommittee: committee.committeeId,
  };
  const sites = new Map<string, DeployedSite>();
  const addSite = async (spec: SiteSpec): Promise<DeployedSite> => {
    if (!isPlainObject(spec)) throw new TypeError('addSite: expected { name, allowedClaims, origins? }');
    assertString(spec.name, 'name');
    if (sites.has(spec.name)) throw new RangeError(`addSite: a site named "${spec.name}" exists`);
    const origins = spec.origins ?? [`https://${slug(spec.name)}.example`];
    const rp = await RelyingParty.create(rpOptions);
    await registry.registerRelyingParty({
      rp: rp.did,
      name: spec.name,
      allowedClaims: [...spec.allowedClaims],
      origins: [...origins],
    });
    const site: DeployedSite = {
      name: spec.name,
      rp,
      origins: [...origins],
      origin: origins[0]!,
      allowedClaims: [...spec.allowedClaims],
    };
    sites.set(spec.name, site);
    return site;
  };
  for (const spec of options.sites ?? []) await addSite(spec);
  const enrolWallet = async (person: VerifiedIdentity, o: EnrolWalletOptions = {}): Promise<Wallet> => {
    const vault = await Vault.create(new MemoryStorage(), o.password ?? `test-wallet-${person.recordId}`, {
      scrypt: o.scrypt ?? { N: 2 ** 10, r: 8, p: 1 },
    });
    const wallet = await Wallet.create({
      vault,
      ledger,
      registryDid: registry.did,
      now,
      profile,
      ...(o.consent === undefined ? {} : { consent: o.consent }),
    });
    await wallet.storeCredentials(
      await authority.enrol({
        evidence: {
          nationalId: person.nationalId,
          familyName: person.familyName,
          givenName: person.givenName,
        },
        holderKeys: await wallet.createHolderKeys(o.count ?? 4),
      }),
    );
    return wallet;
  };
  return {
    ledger,
    profile,
    registry,
    committee,
    trustees,
    trusteeKeys,
    authority,
    identityVerifier,
    sites,
    addSite,
    enrolWallet,
  };
}
