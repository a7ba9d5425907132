import { oidError } from './internal/errors.js';
import { isPlainObject, plainCopy } from './internal/json.js';
import { isSecureUrl } from './internal/url.js';

/** A Credential Offer (OpenID4VCI 1.0 §4.1.1), checked. */
export interface CredentialOffer {
  credential_issuer: string;
  credential_configuration_ids: string[];
  grants?: {
    authorization_code?: { issuer_state?: string; authorization_server?: string };
    'urn:ietf:params:oauth:grant-type:pre-authorized_code'?: {
      'pre-authorized_code': string;
      tx_code?: { input_mode?: 'numeric' | 'text'; length?: number; description?: string };
      authorization_server?: string;
    };
  };
}

function bad(message: string): never {
  throw oidError('ERR_OID4VC_OFFER_INVALID', message);
}

function optString(o: Record<string, unknown>, k: string): void {
  if (o[k] !== undefined && typeof o[k] !== 'string') bad(`${k} must be a string`);
}

/**
 * Parses and checks a Credential Offer given by value: the object, its JSON, or an
 * `openid-credential-offer://?credential_offer=…` URI (`credential_offer_uri` needs a fetch:
 * fetch it and pass the JSON).
 *
 * @param input - the offer
 * @returns the checked offer (a copy)
 * @throws RealDidError `ERR_OID4VC_OFFER_INVALID`
 * @example
 * ```ts
 * import { parseCredentialOffer } from '@realdid/openid4vc';
 * parseCredentialOffer({ credential_issuer: 'https://issuer.example', credential_configuration_ids: ['pid'] });
 * ```
 */
export function parseCredentialOffer(input: unknown): CredentialOffer {
  let v = input;
  if (typeof v === 'string') {
    if (v.length > 65_536) bad('offer too large');
    if (v.startsWith('openid-credential-offer://')) {
      const q = new URLSearchParams(v.slice(v.indexOf('?') + 1));
      const by = q.get('credential_offer');
      if (by === null)
        bad(
          q.has('credential_offer_uri')
            ? 'credential_offer_uri: fetch the offer first'
            : 'no credential_offer',
        );
      v = by;
    }
    try {
      v = JSON.parse(v as string);
    } catch {
      bad('the offer is not JSON');
    }
  }
  const o = plainCopy(v, 65_536);
  if (!isPlainObject(v) || !isPlainObject(o)) bad('the offer must be a plain JSON object');
  const iss = o.credential_issuer;
  if (!isSecureUrl(iss)) bad('credential_issuer must be an https URL (http only on 127.0.0.1 or localhost)');
  const ids = o.credential_configuration_ids;
  if (
    !Array.isArray(ids) ||
    ids.length === 0 ||
    !ids.every((i) => typeof i === 'string') ||
    new Set(ids).size !== ids.length
  )
    bad('credential_configuration_ids must be a non-empty array of distinct strings');
  if (o.grants !== undefined) {
    if (!isPlainObject(o.grants)) bad('grants must be an object');
    const ac = o.grants.authorization_code;
    if (ac !== undefined) {
      if (!isPlainObject(ac)) bad('authorization_code must be an object');
      optString(ac, 'issuer_state');
      optString(ac, 'authorization_server');
    }
    const pa = o.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code'];
    if (pa !== undefined) {
      if (!isPlainObject(pa) || typeof pa['pre-authorized_code'] !== 'string')
        bad('pre-authorized_code must be a string');
      optString(pa, 'authorization_server');
      const tx = pa.tx_code;
      if (tx !== undefined) {
        if (!isPlainObject(tx)) bad('tx_code must be an object');
        if (tx.input_mode !== undefined && tx.input_mode !== 'numeric' && tx.input_mode !== 'text')
          bad('tx_code.input_mode');
        if (tx.length !== undefined && (!Number.isInteger(tx.length) || (tx.length as number) < 1))
          bad('tx_code.length');
        if (
          tx.description !== undefined &&
          (typeof tx.description !== 'string' || tx.description.length > 300)
        )
          bad('tx_code.description');
      }
    }
  }
  return o as unknown as CredentialOffer;
}
