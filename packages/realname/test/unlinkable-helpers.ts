import { generateKeyPair, type KeyPair } from '@realdid/crypto';
import type { LedgerClient } from '@realdid/ledger';
import type { RealNameClaim } from '../src/claims.js';
import {
  type RelyingPartyState,
  TraceCommittee,
  type TrusteeShare,
  UnlinkableAuthority,
  UnlinkableRelyingParty,
  UnlinkableWallet,
  type UnlinkableWalletOptions,
  type VerifiedIdentity,
} from '../src/index.js';
import { createDeployment } from '../src/testing.js';
import { alice, bob } from './helpers.js';

export const EPOCH_SECONDS = 3_600;

export interface UnlinkableWorld {
  now: { t: number };
  registryDid: string;
  ledger: LedgerClient;
  authority: UnlinkableAuthority;
  /** The 3-of-5 trace committee on BLS12-381 G1. */
  committee: TraceCommittee;
  shares: TrusteeShare[];
  /** The trustees' audit keys, in share order. */
  trusteeKeys: KeyPair[];
  video: UnlinkableRelyingParty;
  hospital: UnlinkableRelyingParty;
  /** The video site's DID state (what its `UnlinkableRelyingParty` is built from). */
  videoState: RelyingPartyState;
  /** The hospital's origin and the video site's. */
  origins: { video: string; hospital: string };
  /** Enrols a person and issues this epoch's credential to a fresh wallet. */
  enrol(person: VerifiedIdentity, extra?: Partial<UnlinkableWalletOptions>): UnlinkableWallet;
  /** Blind re-issuance for the current epoch. */
  reissue(wallet: UnlinkableWallet, person: VerifiedIdentity): void;
}

/**
 * Two sites anchored and registered (with their allowed claims and origins) by `createDeployment`
 * on `ledger`, an unlinkable-mode authority and a 3-of-5 trace committee on BLS12-381 G1.
 */
export async function buildUnlinkableWorld(ledger: LedgerClient): Promise<UnlinkableWorld> {
  const now = { t: Date.parse('2026-11-21T10:00:00Z') };
  const clock = () => new Date(now.t);
  const d = await createDeployment({ ledger, people: [alice, bob], now: clock });
  const spec = (name: string, allowedClaims: RealNameClaim[]) => d.addSite({ name, allowedClaims });
  const videoSite = await spec('Video site', ['age_over_18']);
  const hospitalSite = await spec('Hospital', [
    'family_name',
    'given_name',
    'birthdate',
    'age_over_18',
    'region',
  ]);
  const authority = new UnlinkableAuthority({ epochSeconds: EPOCH_SECONDS, now: clock });
  const trusteeKeys = Array.from({ length: 5 }, () => generateKeyPair('Ed25519'));
  const { committee, shares } = TraceCommittee.deal({
    committeeId: 'unlinkable-2026',
    threshold: 3,
    group: 'bls12-381-g1',
    trustees: trusteeKeys.map((k, i) => ({ id: `trustee-${i + 1}`, auditPublicKey: k.publicKey })),
  });
  const rp = (s: typeof videoSite) =>
    new UnlinkableRelyingParty({
      identity: s.rp.exportState(),
      origin: s.origin,
      issuerPublicKey: authority.publicKey,
      committeeKey: committee.publicKey,
      epochSeconds: EPOCH_SECONDS,
      now: clock,
    });
  const reissue = (wallet: UnlinkableWallet, person: VerifiedIdentity) => {
    wallet.finishIssuance(authority.issue(person.recordId, wallet.beginIssuance()));
  };
  return {
    now,
    registryDid: d.registry.did,
    ledger,
    authority,
    committee,
    shares,
    trusteeKeys,
    video: rp(videoSite),
    hospital: rp(hospitalSite),
    videoState: videoSite.rp.exportState(),
    origins: { video: videoSite.origin, hospital: hospitalSite.origin },
    enrol(person, extra = {}) {
      const wallet = new UnlinkableWallet({
        committeeKey: committee.publicKey,
        ledger,
        registryDid: d.registry.did,
        now: clock,
        ...extra,
      });
      authority.enrol(person, wallet.enrolment(person.recordId));
      reissue(wallet, person);
      return wallet;
    },
    reissue,
  };
}
