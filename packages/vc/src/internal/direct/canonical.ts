import type { DocumentLoader } from '../../createDocumentLoader.js';
import { initialContext } from './activeContext.js';
import { canonicalNQuads } from './rdfc.js';
import { toQuads } from './toQuads.js';

/**
 * The RDFC-1.0 canonical N-Quads of a JSON-LD document (its `@context` from pinned documents of
 * `loader`), computed without jsonld or rdf-canonize; undefined whenever the document leaves the
 * direct subset (then only full processing answers). When it answers, the document is also
 * exactly the compacted form of its expansion (the signed-form rule).
 */
export function directNQuads(doc: Record<string, unknown>, loader: DocumentLoader): string | undefined {
  const quads = toQuads(doc, initialContext(loader));
  return quads === undefined ? undefined : canonicalNQuads(quads);
}
