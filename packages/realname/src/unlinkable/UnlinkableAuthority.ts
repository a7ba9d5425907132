import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { blindSignWithNym, generateKeyPair, nymMessageToScalar } from '@realdid/bbs';
import { REALNAME_CLAIMS } from '../claims.js';
import type { VerifiedIdentity } from '../identity/IdentityVerifier.js';
import { assertBytes, isPlainObject } from '../internal/bytes.js';
import { fail } from '../internal/errors.js';
import { G, mod, scalarBytes } from './g1.js';
import {
  claimMessage,
  claimsOf,
  epochAt,
  epochMessage,
  handleMessage,
  NYM_COUNT,
  UNLINKABLE_HEADER,
} from './layout.js';

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

  /** Records a person the caller's identity verifier has checked; idempotent per `recordId`. */
  enrol(identity: VerifiedIdentity): void {
    if (!isPlainObject(identity) || typeof identity.recordId !== 'string') {
      throw new TypeError('enrol: expected a verified identity');
    }
    if (this.#people.has(identity.recordId)) return;
    const handle = randomBytes(32);
    const h = BigInt(`0x${hex(nymMessageToScalar(handleMessage(handle)))}`);
    const handlePoint = hex(G.multiply(h).toBytes(true));
    this.#people.set(identity.recordId, {
      identity: { ...identity },
      handle,
      handlePoint,
      revoked: false,
      lastEpoch: -1,
    });
    this.#byHandlePoint.set(handlePoint, identity.recordId);
  }

  /**
   * Blind-signs this epoch's credential for an enrolled, unrevoked person, at most once per epoch
   * (one credential per person per epoch: at most one pseudonym per site per epoch).
   *
   * @throws `ERR_ISSUANCE_REFUSED` (unknown, revoked, or already issued this epoch);
   *   `ERR_BBS_COMMITMENT_*` from `@realdid/bbs` for a bad commitment
   */
  issue(recordId: string, commitmentWithProof: Uint8Array): UnlinkableIssuance {
    if (typeof recordId !== 'string') throw new TypeError('recordId: expected a string');
    assertBytes(commitmentWithProof, 'commitmentWithProof');
    const p = this.#people.get(recordId);
    if (p === undefined) throw fail('ERR_ISSUANCE_REFUSED', 'not an enrolled person');
    if (p.revoked) throw fail('ERR_ISSUANCE_REFUSED', 'the person is revoked');
    const now = this.#now();
    const epoch = epochAt(now.getTime(), this.epochSeconds);
    if (p.lastEpoch === epoch) throw fail('ERR_ISSUANCE_REFUSED', 'already issued for this epoch');
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
