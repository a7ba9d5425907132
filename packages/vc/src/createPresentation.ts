import { vcError } from './internal/errors.js';
import { checkPresentation, VC_V2_CONTEXT } from './internal/model.js';
import { toPlainJson } from './internal/plain.js';

/** Options of {@link createPresentation}. */
export interface CreatePresentationOptions {
  /** The credentials to present (each a credential object). */
  readonly verifiableCredential?: readonly unknown[];
  /** The holder (a DID); required to present self-asserted credentials. */
  readonly holder?: string;
  /** The presentation id (a URL). */
  readonly id?: string;
}

/**
 * Builds an unsigned VC 2.0 presentation and checks it against the data model.
 *
 * @param options - credentials, holder, id
 * @returns the presentation, ready for {@link signPresentation}
 * @throws RealDidError (`ERR_VC_PRESENTATION`, `ERR_VC_ID`, a credential's own code) when it does not
 *   conform; TypeError on misuse
 * @example
 * ```ts
 * import { createPresentation } from '@realdid/vc';
 * const vp = createPresentation({ verifiableCredential: [vc], holder: 'did:key:z6Mk…' });
 * ```
 */
export function createPresentation(options: CreatePresentationOptions = {}): Record<string, unknown> {
  if (typeof options !== 'object' || options === null) throw new TypeError('options: expected an object');
  if (options.verifiableCredential !== undefined && !Array.isArray(options.verifiableCredential)) {
    throw new TypeError('options.verifiableCredential: expected an array');
  }
  if (options.holder !== undefined && typeof options.holder !== 'string') {
    throw new TypeError('options.holder: expected a string');
  }
  if (options.id !== undefined && typeof options.id !== 'string')
    throw new TypeError('options.id: expected a string');
  const vp: Record<string, unknown> = { '@context': [VC_V2_CONTEXT], type: ['VerifiablePresentation'] };
  if (options.id !== undefined) vp.id = options.id;
  if (options.holder !== undefined) vp.holder = options.holder;
  if (options.verifiableCredential !== undefined) vp.verifiableCredential = [...options.verifiableCredential];
  const doc = toPlainJson(vp) as Record<string, unknown>;
  const first = checkPresentation(doc, { allowV1: false })[0];
  if (first !== undefined) throw vcError(first.code, first.message);
  return doc;
}
