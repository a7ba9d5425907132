import type { DocumentLoader } from './createDocumentLoader.js';
import { getDefaultLoader } from './internal/context.js';
import { toVcError } from './internal/errors.js';
import { isObject, isPlainObject, toPlainJson } from './internal/plain.js';
import { canonizeRdfc } from './internal/suites.js';

/** Options of {@link canonicalize}. */
export interface CanonicalizeOptions {
  /** The JSON-LD document loader (default: the offline loader). */
  readonly documentLoader?: DocumentLoader;
}

/**
 * Canonicalizes a JSON-LD document to RDFC-1.0 N-Quads exactly as the `*-rdfc-*` cryptosuites do
 * (JSON-LD safe mode, no base IRI, the offline loader). Useful to inspect what a proof signs.
 *
 * @param document - a JSON-LD document (a `proof` in it is canonicalized too: remove it first to
 *   get what a proof covers)
 * @param options - the document loader
 * @returns the canonical N-Quads
 * @throws RealDidError `ERR_VC_JSONLD` / `ERR_VC_CONTEXT_NOT_ALLOWED`; TypeError on misuse
 * @example
 * ```ts
 * import { canonicalize } from '@realdid/vc';
 * const nquads = await canonicalize({ '@context': { name: 'https://schema.org/name' }, name: 'x' });
 * ```
 */
export async function canonicalize(document: unknown, options: CanonicalizeOptions = {}): Promise<string> {
  if (!isPlainObject(document)) throw new TypeError('document: expected a JSON object');
  if (!isObject(options)) throw new TypeError('options: expected an object');
  const doc = toPlainJson(document);
  try {
    return await canonizeRdfc(doc, { documentLoader: options.documentLoader ?? getDefaultLoader() });
  } catch (e) {
    throw toVcError(e, 'ERR_VC_JSONLD');
  }
}
