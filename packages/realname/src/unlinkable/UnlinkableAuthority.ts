import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { blindSignWithNym, generateKeyPair, nymMessageToScalar } from '@realdid/bbs';
import { REALNAME_CLAIMS } from '../claims.js';
import type { VerifiedIdentity } from '../identity/IdentityVerifier.js';
import { assertBytes, isPlainObject } from '../internal/bytes.js';
import { fail } from '../internal/errors.js';
import { G, type G1Point, mod, scalarBytes } from './g1.js';
import {
  claimMessage,
  claimsOf,
  epochAt,
  epochMessage,
  handleMessage,
  NYM_COUNT,
  UNLINKABLE_HEADER,
} from './layout.js';
import { ENROLMENT_LEN, verifyEnrolment, verifyIssuance } from './nymBinding.js';

/** Options of an {@link UnlinkableAuthority}. */
export interface UnlinkableAuthorityOptions {
  /** Length of a validity epoch in seconds (the revocation latency). Default 86 400 (one day). */
  epochSeconds?: number;
  /** Clock (default `Date.now`). */
  now?: () => Date;
}

/** What the authority hands the wallet for one epoch: the blind signature and the signed messages. */
export interface UnlinkableIssuance {
  publicKey: Uint8Array;
  signature: Uint8Array;
  signerNymEntropy: Uint8Array;
  /** The signer messages, in order: the ten claims, the handle, the epoch. */
  messages: Uint8Array[];
  epoch: number;
}

interface Person {
  identity: VerifiedIdentity;
  handle: Uint8Array;
  /** hex of h·G: what a committee opening yields. */
  handlePoint: string;
  revoked: boolean;
  lastEpoch: number;
  /** E: the commitment to the person's nym secret recorded at enrolment; every issuance proves its nym equals it. */
  nymCommitment: G1Point;
  /**
   * hex of SHA-256 of every issuance commitment C signed for the person: the nym-equality proof is
   * not bound to an epoch, so a captured request replayed later must not be signed again (it would
   * use up the person's issuance for that epoch). An honest wallet draws a fresh C every time.
   */
  signedCommitments: Set<string>;
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/**
 * The real-name authority of the unlinkable mode: checks a person once (by the caller's identity
 * verifier), keeps an opaque 32-byte handle for them, and each epoch blind-signs one BBS
 * credential per person (per-verifier-linkability draft: the wallet's nym secret and holder secret
 * are committed, never seen). It cannot recognise the credential's presentations. Revocation: it
 * stops re-issuing; a credential of a past epoch is refused by sites.
 */
export class UnlinkableAuthority {
  /** The BBS public key (96 bytes) sites and wallets verify against. */
  readonly publicKey: Uint8Array;
  /** The epoch length in seconds. */
  readonly epochSeconds: number;
  readonly #secretKey: Uint8Array;
  /** Key of the per-person signer nym entropy (stable across epochs, so the pseudonym is). */
  readonly #entropyKey: Uint8Array;
  readonly #people = new Map<string, Person>();
  readonly #byHandlePoint = new Map<string, string>();
  readonly #now: () => Date;

  constructor(options: UnlinkableAuthorityOptions = {}) {
    if (!isPlainObject(options as unknown)) throw new TypeError('UnlinkableAuthority: expected options');
    const e = options.epochSeconds ?? 86_400;
    if (!Number.isSafeInteger(e) || e < 1) throw new RangeError('epochSeconds: expected a positive integer');
    if (options.now !== undefined && typeof options.now !== 'function')
      throw new TypeError('now: expected a function');
    this.epochSeconds = e;
    this.#now = options.now ?? (() => new Date());
    const kp = generateKeyPair();
    this.#secretKey = kp.secretKey;
    this.publicKey = kp.publicKey;
    this.#entropyKey = randomBytes(32);
  }

  /** The current epoch number. */
  currentEpoch(): number {
    return epochAt(this.#now().getTime(), this.epochSeconds);
  }

  /**
   * Records a person the caller's identity verifier has checked, with the commitment to their
   * wallet's nym secret (`UnlinkableWallet.enrolment(recordId)`), fixed for life: every later
   * issuance must prove its nym is the committed one. Idempotent for the same binding; a second
   * enrolment of a person with another binding (a fresh nym secret: a second pseudonym at every
   * site) is refused.
   *
   * @throws `ERR_ISSUANCE_REFUSED` (binding malformed, its proof fails, or another binding is
   *   already enrolled for the person); TypeError on misuse
   */
  enrol(identity: VerifiedIdentity, nymBinding: Uint8Array): void {
    if (!isPlainObject(identity) || typeof identity.recordId !== 'string') {
      throw new TypeError('enrol: expected a verified identity');
    }
    assertBytes(nymBinding, 'nymBinding');
    if (nymBinding.length !== ENROLMENT_LEN)
      throw fail('ERR_ISSUANCE_REFUSED', `the nym binding must be ${ENROLMENT_LEN} bytes`);
    const nymCommitment = verifyEnrolment(nymBinding, identity.recordId);
    if (nymCommitment === undefined)
      throw fail('ERR_ISSUANCE_REFUSED', 'the nym binding does not verify for this person');
    const known = this.#people.get(identity.recordId);
    if (known !== undefined) {
      if (known.nymCommitment.equals(nymCommitment)) return;
      throw fail('ERR_ISSUANCE_REFUSED', 'the person is enrolled with another nym secret');
    }
    const handle = randomBytes(32);
    const h = BigInt(`0x${hex(nymMessageToScalar(handleMessage(handle)))}`);
    const handlePoint = hex(G.multiply(h).toBytes(true));
    this.#people.set(identity.recordId, {
      identity: { ...identity },
      handle,
      handlePoint,
      revoked: false,
      lastEpoch: -1,
      nymCommitment,
      signedCommitments: new Set(),
    });
    this.#byHandlePoint.set(handlePoint, identity.recordId);
  }

  /**
   * Blind-signs this epoch's credential for an enrolled, unrevoked person, at most once per epoch
   * (one credential per person per epoch), over a commitment whose nym secret is proved to be the
   * one enrolled (so the person's pseudonym at a site is the same in every epoch: one account per
   * site for life).
   *
   * @param request - `UnlinkableWallet.beginIssuance()`: the draft's commitment_with_proof and the
   *   proof that its nym is the enrolled one
   * @throws `ERR_ISSUANCE_REFUSED` (unknown, revoked, already issued this epoch, or the nym is not
   *   the enrolled one); `ERR_BBS_COMMITMENT_*` from `@realdid/bbs` for a bad commitment proof
   */
  issue(recordId: string, request: Uint8Array): UnlinkableIssuance {
    if (typeof recordId !== 'string') throw new TypeError('recordId: expected a string');
    assertBytes(request, 'request');
    const p = this.#people.get(recordId);
    if (p === undefined) throw fail('ERR_ISSUANCE_REFUSED', 'not an enrolled person');
    if (p.revoked) throw fail('ERR_ISSUANCE_REFUSED', 'the person is revoked');
    const now = this.#now();
    const epoch = epochAt(now.getTime(), this.epochSeconds);
    if (p.lastEpoch === epoch) throw fail('ERR_ISSUANCE_REFUSED', 'already issued for this epoch');
    const commitmentWithProof = verifyIssuance(request, p.nymCommitment);
    if (commitmentWithProof === undefined)
      throw fail('ERR_ISSUANCE_REFUSED', 'the committed nym secret is not the one enrolled for this person');
    const commitmentId = hex(sha256(commitmentWithProof.subarray(0, 48)));
    if (p.signedCommitments.has(commitmentId))
      throw fail('ERR_ISSUANCE_REFUSED', 'this issuance request was already served (replay)');
    const claims = claimsOf(p.identity, now);
    const messages = [
      ...REALNAME_CLAIMS.map((c) => claimMessage(c, claims[c])),
      handleMessage(p.handle),
      epochMessage(epoch),
    ];
    const entropy = scalarBytes(mod(BigInt(`0x${hex(hmac(sha256, this.#entropyKey, p.handle))}`)) || 1n);
    const { signature, signerNymEntropy } = blindSignWithNym({
      secretKey: this.#secretKey,
      publicKey: this.publicKey,
      commitmentWithProof,
      nymCount: NYM_COUNT,
      signerNymEntropy: entropy,
      header: UNLINKABLE_HEADER,
      messages,
    });
    p.lastEpoch = epoch;
    p.signedCommitments.add(commitmentId);
    return { publicKey: this.publicKey, signature, signerNymEntropy, messages, epoch };
  }

  /**
   * The authority's whole state as JSON-ready values (secret: BBS secret key, entropy key, every
   * person's identity, handle and handle point). Keep it encrypted; never log it.
   */
  exportState(): {
    secretKey: string;
    publicKey: string;
    entropyKey: string;
    epochSeconds: number;
    people: {
      identity: VerifiedIdentity;
      handle: string;
      handlePoint: string;
      revoked: boolean;
      lastEpoch: number;
      nymCommitment: string;
      signedCommitments: string[];
    }[];
  } {
    return {
      secretKey: hex(this.#secretKey),
      publicKey: hex(this.publicKey),
      entropyKey: hex(this.#entropyKey),
      epochSeconds: this.epochSeconds,
      people: [...this.#people.values()].map((p) => ({
        identity: { ...p.identity },
        handle: hex(p.handle),
        handlePoint: p.handlePoint,
        revoked: p.revoked,
        lastEpoch: p.lastEpoch,
        nymCommitment: hex(p.nymCommitment.toBytes(true)),
        signedCommitments: [...p.signedCommitments],
      })),
    };
  }

  /** Revokes a person: no credential is issued from now on (effective at the next epoch). */
  revoke(recordId: string): void {
    const p = this.#people.get(recordId);
    if (p === undefined) throw fail('ERR_ISSUANCE_REFUSED', 'not an enrolled person');
    p.revoked = true;
  }

  /** The person whose handle point (`h·G`, 48 bytes, from a committee opening) this is. */
  recordForHandlePoint(point: Uint8Array): VerifiedIdentity | undefined {
    assertBytes(point, 'point');
    const id = this.#byHandlePoint.get(hex(point));
    return id === undefined ? undefined : { ...this.#people.get(id)!.identity };
  }
}
