import { isPlainObject } from '../internal/bytes.js';
import { fail } from '../internal/errors.js';
import type { IdentityEvidence, IdentityVerifier, VerifiedIdentity } from './IdentityVerifier.js';

/**
 * A TEST DOUBLE of {@link IdentityVerifier} for tests, examples and demos: an in-memory list of
 * people, matched on ID number and names. It checks nothing a real identity platform checks (no
 * document, no liveness, no chip). Never use it to issue real credentials.
 *
 * @example
 * ```ts
 * const registry = new InMemoryIdentityRegistryTestDouble([{ recordId: 'p1', nationalId: '110105199001011234',
 *   familyName: '张', givenName: '三', birthdate: '1990-01-01', region: '110105', nationality: 'CHN' }]);
 * ```
 */
export class InMemoryIdentityRegistryTestDouble implements IdentityVerifier {
  readonly #people = new Map<string, VerifiedIdentity>();

  /**
   * @param people - the records of the test registry
   */
  constructor(people: readonly VerifiedIdentity[]) {
    if (!Array.isArray(people)) throw new TypeError('people: expected an array');
    for (const p of people) {
      if (!isPlainObject(p) || typeof p.nationalId !== 'string')
        throw new TypeError('people: expected records');
      this.#people.set(p.nationalId, { ...(p as unknown as VerifiedIdentity) });
    }
  }

  /**
   * @param evidence - ID number and names
   * @returns the matching record
   * @throws RealDidError `ERR_IDENTITY_NOT_VERIFIED` when no record matches
   */
  async verify(evidence: IdentityEvidence): Promise<VerifiedIdentity> {
    if (!isPlainObject(evidence)) throw new TypeError('evidence: expected an object');
    const p = typeof evidence.nationalId === 'string' ? this.#people.get(evidence.nationalId) : undefined;
    if (p === undefined || p.familyName !== evidence.familyName || p.givenName !== evidence.givenName) {
      throw fail('ERR_IDENTITY_NOT_VERIFIED', 'the evidence does not match a registry record');
    }
    return { ...p };
  }
}
