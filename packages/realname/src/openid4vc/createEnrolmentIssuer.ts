import { didKeyToPublicKey, type Jwk, publicKeyToJwk } from '@realdid/crypto';
import {
  type CreatedOffer,
  type CredentialIssuer,
  createCredentialIssuer,
  type IssueBatchRequest,
} from '@realdid/openid4vc';
import { REALNAME_VCT } from '../claims.js';
import type { IdentityEvidence, IdentityVerifier } from '../identity/IdentityVerifier.js';
import { isPlainObject } from '../internal/bytes.js';
import { fail } from '../internal/errors.js';
import type { RealNameAuthority } from '../roles/RealNameAuthority.js';
import { REALNAME_CONFIGURATION_ID } from './registration.js';

/** Options of {@link createEnrolmentIssuer}. */
export interface EnrolmentIssuerOptions {
  /** The authority that checks people and signs their credentials ({@link RealNameAuthority.enrol}). */
  authority: RealNameAuthority;
  /**
   * The Credential Issuer Identifier: the https URL the authority's OpenID4VCI endpoints live under
   * (`http:` only on 127.0.0.1 or localhost, for development).
   */
  credentialIssuer: string;
  /**
   * Checks the evidence when an offer is made, so that no code is handed out for a person the
   * identity service does not know. The authority checks the evidence again when it issues (a
   * record withdrawn in between is refused). Give the authority's own verifier.
   */
  identityVerifier: IdentityVerifier;
  /** Most credentials per request (default 10; at most the authority's `maxBatch`). */
  batchSize?: number;
  /** Lifetime of a pre-authorized code in seconds (default 600). */
  codeTtlSeconds?: number;
  /** Wrong transaction codes tolerated before the code is revoked (default 3). */
  maxTxCodeAttempts?: number;
  /** The current time in milliseconds (default `Date.now`). */
  now?: () => number;
}

/** The authority's OpenID4VCI issuer: the endpoint handlers, and offers made after an identity check. */
export interface EnrolmentIssuer extends Omit<CredentialIssuer, 'createOffer'> {
  /**
   * Checks a person's evidence and makes a pre-authorized code offer for a batch of real-name
   * credentials, with a transaction code to deliver to the person out of band (never with the offer).
   *
   * @throws RealDidError `ERR_IDENTITY_NOT_VERIFIED` from the identity verifier
   */
  createOffer(evidence: IdentityEvidence): Promise<CreatedOffer & { txCode: string }>;
}

function jwkOf(cnf: IssueBatchRequest['cnfs'][number]): Jwk {
  if ('jwk' in cnf) return cnf.jwk as unknown as Jwk;
  const k = didKeyToPublicKey(cnf.kid.split('#')[0] as string);
  return publicKeyToJwk(k.type, k.publicKey);
}

/**
 * Enrolment over OpenID4VCI 1.0: the real-name authority's credential issuer with the
 * pre-authorized code flow. The person's identity is checked first ({@link EnrolmentIssuer.createOffer});
 * the wallet then redeems the code with the transaction code, proves possession of one fresh key
 * per credential (JWT proofs over a fresh `c_nonce`), and receives the whole batch from one
 * {@link RealNameAuthority.enrol} call: fresh salts, trace token and status index per credential,
 * one status-list publication per batch.
 *
 * @param options - the authority, the issuer identifier, the identity verifier, limits
 * @returns the metadata, `createOffer` and the `token`, `nonce` and `credential` handlers
 * @throws TypeError / RangeError on misuse
 * @example
 * ```ts
 * const issuer = createEnrolmentIssuer({ authority, identityVerifier, credentialIssuer: 'https://ctid.example' });
 * const { offerUri, txCode } = await issuer.createOffer(evidence); // txCode goes out of band
 * ```
 */
export function createEnrolmentIssuer(options: EnrolmentIssuerOptions): EnrolmentIssuer {
  if (!isPlainObject(options)) throw new TypeError('createEnrolmentIssuer: expected options');
  const { authority, identityVerifier } = options;
  if (typeof (authority as RealNameAuthority | undefined)?.enrol !== 'function')
    throw new TypeError('authority: expected a RealNameAuthority');
  if (typeof (identityVerifier as IdentityVerifier | undefined)?.verify !== 'function')
    throw new TypeError('identityVerifier: expected an IdentityVerifier');
  const issuer = createCredentialIssuer({
    credentialIssuer: options.credentialIssuer,
    configurations: {
      [REALNAME_CONFIGURATION_ID]: {
        format: 'dc+sd-jwt',
        vct: REALNAME_VCT,
        credential_metadata: { display: [{ name: 'Real-name credential', locale: 'en' }] },
      },
    },
    batchSize: options.batchSize ?? 10,
    // the gm profile: holder keys are SM2, and so are their proofs of possession
    ...(authority.profile === 'gm' ? { proofAlgorithms: ['SM2'] } : {}),
    ...(options.codeTtlSeconds === undefined ? {} : { codeTtlSeconds: options.codeTtlSeconds }),
    ...(options.maxTxCodeAttempts === undefined ? {} : { maxTxCodeAttempts: options.maxTxCodeAttempts }),
    ...(options.now === undefined ? {} : { now: options.now }),
    issueBatch: async ({ subject, cnfs }) =>
      authority.enrol({ evidence: subject as IdentityEvidence, holderKeys: cnfs.map(jwkOf) }),
  });
  return Object.freeze({
    metadata: issuer.metadata,
    authorizationServerMetadata: issuer.authorizationServerMetadata,
    token: issuer.token,
    nonce: issuer.nonce,
    credential: issuer.credential,
    async createOffer(evidence: IdentityEvidence) {
      if (!isPlainObject(evidence)) throw new TypeError('createOffer: expected the identity evidence');
      const identity = await identityVerifier.verify(evidence);
      if (!isPlainObject(identity) || typeof identity.recordId !== 'string')
        throw fail('ERR_IDENTITY_NOT_VERIFIED', 'the identity verifier answered without a record');
      const created = issuer.createOffer({
        configurationIds: [REALNAME_CONFIGURATION_ID],
        subject: structuredClone(evidence),
        txCode: { length: 6, description: 'The code the authority sent you' },
      });
      return created as CreatedOffer & { txCode: string };
    },
  });
}
