import type { Clock } from '@realdid/crypto';
import { Bitstring } from './Bitstring.js';
import { encodeBitstring } from './encodeBitstring.js';
import { checkInteger, checkString, describe } from './internal/errors.js';

/** Options of {@link createBitstringStatusListCredential}. */
export interface BitstringStatusListCredentialOptions {
  /** The credential `id`: the URL that entries name in `statusListCredential`. */
  id: string;
  /** The `issuer` (a DID or URL). */
  issuer: string;
  /** The `statusPurpose` (`revocation`, `suspension`, `message`, …) or several. */
  statusPurpose: string | readonly string[];
  /** The bitstring. */
  bitstring: Bitstring;
  /** `validFrom` (default: now). */
  validFrom?: Date;
  /** `validUntil` (default: none). */
  validUntil?: Date;
  /** `credentialSubject.ttl` in milliseconds (the spec's default is 300,000 when absent). */
  ttlMs?: number;
  /** Clock in milliseconds (default `Date.now`), for the default `validFrom`. */
  now?: Clock;
}

function isoSeconds(d: Date): string {
  return new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Makes an unsigned `BitstringStatusListCredential` (Bitstring Status List v1.0 §2.2) in the VC
 * 2.0 data model. Sign it with a Data Integrity suite (e.g. `@realdid/vc`) before publishing.
 *
 * @param options - id, issuer, purpose, bitstring, validity
 * @returns the unsigned credential (plain JSON)
 * @throws TypeError / RangeError on misuse
 * @example
 * ```ts
 * import { Bitstring, createBitstringStatusListCredential } from '@realdid/status';
 * const vc = createBitstringStatusListCredential({
 *   id: 'https://status.example/credentials/3',
 *   issuer: 'did:example:12345',
 *   statusPurpose: 'revocation',
 *   bitstring: new Bitstring(),
 * });
 * vc.credentialSubject.type; // 'BitstringStatusList'
 * ```
 */
export function createBitstringStatusListCredential(options: BitstringStatusListCredentialOptions): {
  '@context': string[];
  id: string;
  type: string[];
  issuer: string;
  validFrom: string;
  validUntil?: string;
  credentialSubject: {
    id: string;
    type: 'BitstringStatusList';
    statusPurpose: string | string[];
    encodedList: string;
    ttl?: number;
  };
} {
  if (typeof options !== 'object' || options === null) throw new TypeError('options: expected an object');
  const id = checkString('id', options.id);
  const issuer = checkString('issuer', options.issuer);
  const p = options.statusPurpose;
  let statusPurpose: string | string[];
  if (typeof p === 'string' && p.length > 0) statusPurpose = p;
  else if (Array.isArray(p) && p.length > 0 && p.every((x) => typeof x === 'string' && x.length > 0))
    statusPurpose = [...p];
  else throw new TypeError(`statusPurpose: expected a string or strings, found ${describe(p)}`);
  if (!(options.bitstring instanceof Bitstring)) throw new TypeError('bitstring: expected a Bitstring');
  const validFrom = options.validFrom ?? new Date((options.now ?? Date.now)());
  if (!(validFrom instanceof Date) || Number.isNaN(validFrom.getTime()))
    throw new TypeError('validFrom: expected a Date');
  const subject: {
    id: string;
    type: 'BitstringStatusList';
    statusPurpose: string | string[];
    encodedList: string;
    ttl?: number;
  } = {
    id: `${id}#list`,
    type: 'BitstringStatusList',
    statusPurpose,
    encodedList: encodeBitstring(options.bitstring),
  };
  if (options.ttlMs !== undefined)
    subject.ttl = checkInteger('ttlMs', options.ttlMs, 1, Number.MAX_SAFE_INTEGER);
  const vc: ReturnType<typeof createBitstringStatusListCredential> = {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer,
    validFrom: isoSeconds(validFrom),
    credentialSubject: subject,
  };
  if (options.validUntil !== undefined) {
    if (!(options.validUntil instanceof Date) || !(options.validUntil.getTime() > validFrom.getTime())) {
      throw new RangeError('validUntil: expected a Date after validFrom');
    }
    vc.validUntil = isoSeconds(options.validUntil);
  }
  return vc;
}
