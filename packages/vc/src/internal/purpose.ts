import jsigs from 'jsonld-signatures';
import { vcError } from './errors.js';
import type { ResolvedVerificationMethod } from './keys.js';
import { valuesOf } from './plain.js';

/** The proof purposes this package signs and verifies. */
export type ProofPurposeName = 'assertionMethod' | 'authentication';

/** What a proof must satisfy beyond its signature. */
export interface PurposeRules {
  readonly term: ProofPurposeName;
  /** The controller the verification method must have (issuer or holder), when known. */
  readonly controller?: string | undefined;
  /** Authentication: the challenge the proof must carry. */
  readonly challenge?: string | undefined;
  /** Authentication: the domain the proof must carry. */
  readonly domain?: string | undefined;
  /** Authentication without an expected domain: the proof must carry none. */
  readonly noDomain?: boolean | undefined;
  /** The time against which `expires` is checked. */
  readonly now: Date;
}

const ProofPurpose = jsigs.purposes.ProofPurpose;

/**
 * A jsonld-signatures proof purpose that checks our rules. The verification method it receives
 * was resolved through the DID resolver for the very purpose named in the proof, so being
 * listed under that relationship is already established; no second document fetch is needed.
 */
export class RealDidProofPurpose extends ProofPurpose {
  readonly rules: PurposeRules;

  constructor(rules: PurposeRules) {
    super({ term: rules.term, date: rules.now });
    this.rules = rules;
  }

  override async validate(
    proof: Record<string, unknown>,
    options: Record<string, unknown>,
  ): Promise<{ valid: boolean; error?: unknown }> {
    try {
      const base = await super.validate(proof, options);
      if (!base.valid) return base;
      const vm = options.verificationMethod as ResolvedVerificationMethod | undefined;
      const { rules } = this;
      if (vm === undefined)
        throw vcError('ERR_VC_VERIFICATION_METHOD', 'no verification method was resolved');
      if (rules.controller !== undefined && vm.controller !== rules.controller) {
        throw rules.term === 'assertionMethod'
          ? vcError('ERR_VC_ISSUER_MISMATCH', 'the signing key is not controlled by the credential issuer')
          : vcError('ERR_VC_HOLDER_MISMATCH', 'the signing key is not controlled by the presentation holder');
      }
      if (proof.expires !== undefined) {
        const t = typeof proof.expires === 'string' ? Date.parse(proof.expires) : Number.NaN;
        if (!Number.isFinite(t)) throw vcError('ERR_VC_PROOF_INVALID', 'proof.expires is not a date');
        if (t < rules.now.getTime()) throw vcError('ERR_VC_PROOF_EXPIRED', 'the proof has expired');
      }
      if (rules.term === 'authentication') {
        if (rules.challenge !== undefined && proof.challenge !== rules.challenge) {
          throw vcError('ERR_VC_CHALLENGE', 'the presentation proof does not carry the expected challenge');
        }
        if (rules.domain !== undefined && !valuesOf(proof.domain).includes(rules.domain)) {
          throw vcError('ERR_VC_DOMAIN', 'the presentation proof does not carry the expected domain');
        }
        if (rules.noDomain === true && proof.domain !== undefined) {
          throw vcError(
            'ERR_VC_DOMAIN',
            'the presentation proof is bound to a domain and no domain was expected (pass the domain)',
          );
        }
      }
      return { valid: true };
    } catch (error) {
      return { valid: false, error };
    }
  }

  override async update(
    proof: Record<string, unknown>,
    options: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const p = await super.update(proof, options);
    if (this.rules.term === 'authentication') {
      if (this.rules.challenge !== undefined) p.challenge = this.rules.challenge;
      if (this.rules.domain !== undefined) p.domain = this.rules.domain;
    }
    return p;
  }
}
