import type { BaseBinding } from './cryptosuite.js';
import { isUint8Array } from './isBytes.js';
import type { Bbs2023Feature } from './proofValue.js';

/** The `bbs-2023` issuing options of `issueCredential` and `addDataIntegrityProof`. */
export interface Bbs2023IssueOptions {
  readonly commitmentWithProof?: Uint8Array | undefined;
  readonly featureOption?: Bbs2023Feature | undefined;
  readonly signerNymEntropy?: Uint8Array | undefined;
}

const FEATURES: readonly string[] = [
  'baseline',
  'anonymous_holder_binding',
  'pseudonym',
  'holder_binding_pseudonym',
];

/**
 * Checks the `bbs-2023` feature options given for issuing (TypeError / RangeError on misuse) and
 * returns how the base proof binds the holder: nothing (`baseline`), a bare commitment
 * (`anonymous_holder_binding`, the feature a commitment alone means) or the pseudonym binding.
 */
export function bbsBindingOption(
  options: Bbs2023IssueOptions,
  suiteName: string,
): Uint8Array | BaseBinding | undefined {
  const { commitmentWithProof: commitment, featureOption, signerNymEntropy } = options;
  if (featureOption !== undefined && !FEATURES.includes(featureOption as string)) {
    throw new TypeError(`options.featureOption: expected one of ${FEATURES.join(', ')}`);
  }
  if ((featureOption !== undefined || commitment !== undefined) && suiteName !== 'bbs-2023') {
    throw new TypeError('options.commitmentWithProof, options.featureOption: for bbs-2023 only');
  }
  const feature = featureOption ?? (commitment === undefined ? 'baseline' : 'anonymous_holder_binding');
  if (feature === 'baseline') {
    if (commitment !== undefined) {
      throw new TypeError('options.commitmentWithProof: not for the baseline feature option');
    }
    if (signerNymEntropy !== undefined) {
      throw new TypeError('options.signerNymEntropy: for the pseudonym feature options only');
    }
    return undefined;
  }
  if (!isUint8Array(commitment)) {
    throw new TypeError(`options.commitmentWithProof: expected a Uint8Array (the ${feature} feature option)`);
  }
  if (feature === 'anonymous_holder_binding') {
    if (signerNymEntropy !== undefined) {
      throw new TypeError('options.signerNymEntropy: for the pseudonym feature options only');
    }
    return commitment.slice();
  }
  if (signerNymEntropy !== undefined) {
    if (!isUint8Array(signerNymEntropy)) {
      throw new TypeError('options.signerNymEntropy: expected a Uint8Array');
    }
    if (signerNymEntropy.length !== 32) throw new RangeError('options.signerNymEntropy: expected 32 bytes');
  }
  return {
    feature: feature as BaseBinding['feature'],
    commitmentWithProof: commitment.slice(),
    signerNymEntropy: signerNymEntropy?.slice(),
  };
}
