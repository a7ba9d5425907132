import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { commitWithNym, proofGenWithNym, verifyFinalizeWithNym } from '@realdid/bbs';
import { base64urlEncode } from '@realdid/crypto';
import type { LedgerClient } from '@realdid/ledger';
import { isRealNameClaim, REALNAME_CLAIMS, type RealNameClaim } from '../claims.js';
import { assertBytes, isPlainObject, utf8 } from '../internal/bytes.js';
import { verifyDidSignedJson } from '../internal/didSignedJson.js';
import { type DidResolvable, ledgerResolver } from '../internal/dids.js';
import { fail } from '../internal/errors.js';
import { checkRequestTimes } from '../internal/requestTimes.js';
import { readRegistry } from '../registry/readRegistry.js';
import type { ConsentQuestion } from '../roles/Wallet.js';
import { decodePoint, mod, scalarBytes } from './g1.js';
import {
  claimMessage,
  contextIdFor,
  EPOCH_INDEX,
  epochMessage,
  MESSAGE_COUNT,
  presentationHeader,
  UNLINKABLE_HEADER,
  type UnlinkableClaimValue,
} from './layout.js';
import { type NymOpening, proveEnrolment, proveIssuance } from './nymBinding.js';
import type {
  UnlinkableLogin,
  UnlinkableLoginChallenge,
  UnlinkableRegistration,
  UnlinkableRequest,
} from './protocol.js';
import { proveRegistration, type UnlinkableCredential } from './prove.js';
import type { UnlinkableIssuance } from './UnlinkableAuthority.js';

/** Options of an {@link UnlinkableWallet}. */
export interface UnlinkableWalletOptions {
  /** 32 bytes; the nym and holder secrets derive from it (default: fresh random). Keep it secret. */
  masterSecret?: Uint8Array;
  /** The trace committee's G1 key (48 bytes) the wallet encrypts its handle to. */
  committeeKey: Uint8Array;
  /** The ledger: sites' DIDs (their request signatures) and the registry. */
  ledger: LedgerClient;
  /**
   * The registry authority's DID: the wallet answers only sites the registry lists, for their
   * allowed claims and from their registered origins.
   */
  registryDid: string;
  /** Clock (default `() => new Date()`): requests are refused outside their `iat`–`exp` window. */
  now?: () => Date;
  /**
   * Asks the holder before disclosing (a prompt in the wallet UI): at every registration, and at a
   * login from an origin this wallet has not answered that site at before. Called only for signed
   * requests within the site's registration and origins; `false` declines with
   * `ERR_REQUEST_DECLINED`. Default: agree.
   */
  consent?: (ask: ConsentQuestion) => boolean | Promise<boolean>;
  /**
   * The authority's BBS public key (96 bytes), as the sites pin it: `finishIssuance` refuses a
   * credential under any other key (`ERR_WALLET_CREDENTIAL_INVALID`). Without it the wallet takes
   * the key from the authority's answer, and a credential under another key fails only later, at
   * every site.
   */
  authorityPublicKey?: Uint8Array;
}

let credentialOf: (wallet: UnlinkableWallet) => UnlinkableCredential;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Every claim message must be the canonical `claimMessage` of its claim with a value of the claim's
 * type (a boolean for `age_over_NN`, a string otherwise): an authority could otherwise recognise a
 * person at any site through the form of a disclosed message (e.g. `"true"` instead of `true`).
 */
function checkClaimMessages(messages: readonly Uint8Array[]): void {
  const bad = (what: string) =>
    fail('ERR_WALLET_CREDENTIAL_INVALID', `the credential's ${what} is not canonical`);
  if (messages.length !== MESSAGE_COUNT) throw bad('message count');
  REALNAME_CLAIMS.forEach((name, i) => {
    let value: unknown;
    try {
      const text = strictUtf8.decode(messages[i]);
      if (!text.startsWith(`${name}=`)) throw bad(name);
      value = JSON.parse(text.slice(name.length + 1));
    } catch {
      throw bad(name);
    }
    const type = name.startsWith('age_over_') ? 'boolean' : 'string';
    if (typeof value !== type) throw bad(name);
    const canonical = claimMessage(name, value as UnlinkableClaimValue);
    if (base64urlEncode(canonical) !== base64urlEncode(messages[i]!)) throw bad(name);
  });
}

/**
 * The wallet's current credential, secrets included. Not exported from the package: attack tests
 * build deviating provers from it.
 */
export function credentialForTesting(wallet: UnlinkableWallet): UnlinkableCredential {
  return credentialOf(wallet);
}

function scalarFrom(master: Uint8Array, label: string): bigint {
  const okm = hkdf(sha256, master, utf8('realdid/unlinkable/v1/wallet'), utf8(label), 48);
  let n = 0n;
  for (const b of okm) n = (n << 8n) | BigInt(b);
  return mod(n) || 1n;
}

/**
 * The holder's side of the unlinkable mode: commits to its nym secret and holder secret for a
 * blind issuance each epoch, registers at sites with a pseudonym proof and a trace token, logs in
 * with a fresh proof for the same pseudonym. Its nym secret derives from its master secret, so the
 * pseudonym at a site stays the same across epochs.
 */
export class UnlinkableWallet {
  readonly #proverNym: Uint8Array;
  readonly #nymOpening: NymOpening;
  readonly #holderSecret: Uint8Array;
  readonly #committeeKey: Uint8Array;
  readonly #ledger: LedgerClient;
  readonly #registryDid: string;
  readonly #resolver: DidResolvable;
  readonly #now: () => Date;
  readonly #ask: NonNullable<UnlinkableWalletOptions['consent']>;
  readonly #authorityKey: Uint8Array | undefined;
  /** `<site DID> <origin>` pairs answered from this wallet. */
  readonly #seen = new Set<string>();
  #pendingBlind: Uint8Array | undefined;
  #credential: UnlinkableCredential | undefined;

  constructor(options: UnlinkableWalletOptions) {
    if (!isPlainObject(options)) throw new TypeError('UnlinkableWallet: expected options');
    const master = options.masterSecret ?? randomBytes(32);
    assertBytes(master, 'masterSecret', 32);
    assertBytes(options.committeeKey, 'committeeKey', 48);
    if (decodePoint(options.committeeKey) === undefined) throw new RangeError('committeeKey: not a G1 point');
    if (
      options.ledger === null ||
      typeof options.ledger !== 'object' ||
      typeof options.ledger.read !== 'function'
    )
      throw new TypeError('ledger: expected a LedgerClient (sites are checked against the registry)');
    if (typeof options.registryDid !== 'string') throw new TypeError('registryDid: expected a string');
    if (options.now !== undefined && typeof options.now !== 'function')
      throw new TypeError('now: expected a function');
    if (options.consent !== undefined && typeof options.consent !== 'function')
      throw new TypeError('consent: expected a function');
    if (options.authorityPublicKey !== undefined)
      assertBytes(options.authorityPublicKey, 'authorityPublicKey', 96);
    this.#nymOpening = { nym: scalarFrom(master, 'nym'), rho: scalarFrom(master, 'nym-binding') };
    this.#proverNym = scalarBytes(this.#nymOpening.nym);
    this.#holderSecret = scalarBytes(scalarFrom(master, 'holder'));
    this.#committeeKey = options.committeeKey.slice();
    this.#ledger = options.ledger;
    this.#registryDid = options.registryDid;
    this.#resolver = ledgerResolver(options.ledger);
    this.#now = options.now ?? (() => new Date());
    this.#ask = options.consent ?? (() => true);
    this.#authorityKey = options.authorityPublicKey?.slice();
  }

  /**
   * What the person hands the authority at enrolment (once, for life): a hiding commitment to the
   * wallet's nym secret with a proof of knowledge of its opening, bound to `recordId`. Every later
   * issuance proves its committed nym equals this one, so the pseudonym at a site never changes.
   *
   * @param recordId - the record id the authority enrols the person under
   * @returns 144 bytes for `UnlinkableAuthority.enrol`
   */
  enrolment(recordId: string): Uint8Array {
    if (typeof recordId !== 'string') throw new TypeError('recordId: expected a string');
    return proveEnrolment(this.#nymOpening, recordId);
  }

  /**
   * Step 1 of an issuance: the request to send the authority — the draft's commitment to the
   * holder secret and nym secret (the authority learns nothing from it) followed by the proof that
   * the nym is the enrolled one.
   */
  beginIssuance(): Uint8Array {
    const { commitmentWithProof, secretProverBlind } = commitWithNym({
      committedMessages: [this.#holderSecret],
      proverNyms: [this.#proverNym],
    });
    this.#pendingBlind = secretProverBlind;
    return proveIssuance(this.#nymOpening, commitmentWithProof, secretProverBlind, this.#holderSecret);
  }

  /**
   * Step 2: checks the blind signature over the messages and the committed secrets and keeps the
   * credential (replacing the previous epoch's).
   *
   * @throws `ERR_BBS_SIGNATURE_INVALID` / `_MALFORMED` from `@realdid/bbs`
   */
  finishIssuance(issuance: UnlinkableIssuance): void {
    if (this.#pendingBlind === undefined) throw new TypeError('finishIssuance: no issuance begun');
    if (!isPlainObject(issuance)) throw new TypeError('issuance: expected an object');
    if (
      this.#authorityKey !== undefined &&
      (!(issuance.publicKey instanceof Uint8Array) ||
        base64urlEncode(issuance.publicKey) !== base64urlEncode(this.#authorityKey))
    ) {
      throw fail('ERR_WALLET_CREDENTIAL_INVALID', 'the credential is not under the pinned authority key');
    }
    const committedMessages = [this.#holderSecret];
    const nymSecrets = verifyFinalizeWithNym({
      publicKey: issuance.publicKey,
      signature: issuance.signature,
      header: UNLINKABLE_HEADER,
      messages: issuance.messages,
      committedMessages,
      proverNyms: [this.#proverNym],
      signerNymEntropy: issuance.signerNymEntropy,
      secretProverBlind: this.#pendingBlind,
    });
    const epochMsg = issuance.messages[EPOCH_INDEX];
    const expected = epochMessage(issuance.epoch);
    if (epochMsg === undefined || base64urlEncode(epochMsg) !== base64urlEncode(expected)) {
      throw fail('ERR_WALLET_CREDENTIAL_INVALID', 'the signed epoch is not the announced one');
    }
    checkClaimMessages(issuance.messages);
    this.#credential = {
      publicKey: issuance.publicKey.slice(),
      signature: issuance.signature.slice(),
      messages: issuance.messages.map((m) => m.slice()),
      committedMessages,
      nymSecrets,
      secretProverBlind: this.#pendingBlind,
      epoch: issuance.epoch,
    };
    this.#pendingBlind = undefined;
  }

  /**
   * Checks a site's request or challenge before anything is disclosed: its shape and time window,
   * its signature by an assertion key of the site's DID, the registry (the site, the origin it
   * arrived from, the claims it may ask for), then asks the holder.
   */
  async #checkRequest(
    msg: UnlinkableRequest | UnlinkableLoginChallenge,
    type: 'realdid-unlinkable-request' | 'realdid-unlinkable-login-challenge',
    origin: string,
    claims: readonly RealNameClaim[],
  ): Promise<void> {
    if (
      !isPlainObject(msg) ||
      msg.type !== type ||
      typeof msg.rp !== 'string' ||
      typeof msg.nonce !== 'string' ||
      msg.nonce.length < 16 ||
      msg.nonce.length > 128
    ) {
      throw fail('ERR_REQUEST_INVALID', `expected a ${type}`);
    }
    checkRequestTimes(msg.exp, msg.iat, this.#now().getTime());
    await verifyDidSignedJson(msg, this.#resolver, msg.rp, 'ERR_REQUEST_INVALID');
    const reg = (await readRegistry(this.#ledger, this.#registryDid, this.#resolver)).relyingParties.get(
      msg.rp,
    );
    if (reg === undefined) throw fail('ERR_REQUEST_NOT_ALLOWED', 'the site is not in the registry');
    if (!reg.origins.includes(origin))
      throw fail(
        'ERR_REQUEST_WRONG_ORIGIN',
        'the site is not registered for the origin the request arrived from',
      );
    for (const c of claims) {
      if (!reg.allowedClaims.includes(c))
        throw fail('ERR_REQUEST_NOT_ALLOWED', `the site may not ask for ${c}`);
    }
    const seen = `${msg.rp} ${origin}`;
    const action = type === 'realdid-unlinkable-request' ? 'registration' : 'login';
    if (action === 'registration' || !this.#seen.has(seen)) {
      const ok = await this.#ask({ action, rp: msg.rp, rpName: reg.name, origin, claims: [...claims] });
      if (ok !== true) throw fail('ERR_REQUEST_DECLINED', 'the holder declined');
    }
    this.#seen.add(seen);
  }

  #current(): UnlinkableCredential {
    if (this.#credential === undefined) throw fail('ERR_WALLET_NO_CREDENTIAL', 'no credential');
    return this.#credential;
  }

  /**
   * Answers a registration request that arrived from `origin` (as the browser reports it, never a
   * value taken from the request): only a request signed by the site's DID, within its time
   * window, from an origin the registry lists for the site, for claims it may ask for, and that the
   * holder agrees to.
   *
   * @throws `ERR_REQUEST_INVALID` (malformed, or not signed by the site's DID), `ERR_REQUEST_EXPIRED`,
   *   `ERR_REQUEST_NOT_ALLOWED`, `ERR_REQUEST_WRONG_ORIGIN`, `ERR_REQUEST_DECLINED`,
   *   `ERR_WALLET_NO_CREDENTIAL`
   */
  async register(request: UnlinkableRequest, options: { origin: string }): Promise<UnlinkableRegistration> {
    if (
      !isPlainObject(request) ||
      request.type !== 'realdid-unlinkable-request' ||
      typeof request.rp !== 'string' ||
      typeof request.nonce !== 'string' ||
      !Array.isArray(request.claims) ||
      !request.claims.every(isRealNameClaim) ||
      new Set(request.claims).size !== request.claims.length
    ) {
      throw fail('ERR_REQUEST_INVALID', 'malformed registration request');
    }
    if (!isPlainObject(options) || typeof options.origin !== 'string')
      throw new TypeError('origin: expected a string');
    this.#current();
    await this.#checkRequest(request, 'realdid-unlinkable-request', options.origin, request.claims);
    return proveRegistration(
      this.#current(),
      this.#committeeKey,
      request.rp,
      options.origin,
      request.nonce,
      request.claims,
    );
  }

  /**
   * Answers a login challenge with a fresh proof for the site's pseudonym (discloses the epoch
   * only), after the checks of {@link UnlinkableWallet.register} (the holder is asked only at the
   * first login from an origin).
   */
  async login(challenge: UnlinkableLoginChallenge, options: { origin: string }): Promise<UnlinkableLogin> {
    if (
      !isPlainObject(challenge) ||
      challenge.type !== 'realdid-unlinkable-login-challenge' ||
      typeof challenge.rp !== 'string' ||
      typeof challenge.nonce !== 'string'
    ) {
      throw fail('ERR_REQUEST_INVALID', 'malformed login challenge');
    }
    if (!isPlainObject(options) || typeof options.origin !== 'string')
      throw new TypeError('origin: expected a string');
    const cred = this.#current();
    await this.#checkRequest(challenge, 'realdid-unlinkable-login-challenge', options.origin, []);
    const { proof, pseudonym } = proofGenWithNym({
      publicKey: cred.publicKey,
      signature: cred.signature,
      header: UNLINKABLE_HEADER,
      presentationHeader: presentationHeader('login', challenge.rp, options.origin, challenge.nonce),
      nymSecrets: cred.nymSecrets,
      contextId: contextIdFor(challenge.rp),
      messages: cred.messages,
      committedMessages: cred.committedMessages,
      disclosedIndexes: [EPOCH_INDEX],
      secretProverBlind: cred.secretProverBlind,
    });
    return {
      type: 'realdid-unlinkable-login',
      rp: challenge.rp,
      nonce: challenge.nonce,
      epoch: cred.epoch,
      pseudonym: base64urlEncode(pseudonym),
      proof: base64urlEncode(proof),
    };
  }

  static {
    credentialOf = (wallet) => wallet.#current();
  }
}
