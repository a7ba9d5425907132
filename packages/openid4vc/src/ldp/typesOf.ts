import { canonicalize, type DocumentLoader } from '@realdid/vc';

const RDF_TYPE = '<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>';

/**
 * A W3C credential's `type` values as written and expanded to IRIs under its own `@context`
 * (DCQL's `type_values` name expanded types; OpenID4VP 1.0 §6.4.2). The expansion canonicalizes
 * only the context and the types, with the offline document loader.
 */
export async function typesOf(
  credential: Record<string, unknown>,
  documentLoader: DocumentLoader | undefined,
): Promise<string[]> {
  const written = (Array.isArray(credential.type) ? credential.type : [credential.type]).filter(
    (t): t is string => typeof t === 'string',
  );
  const nquads = await canonicalize(
    { '@context': credential['@context'], type: written },
    documentLoader === undefined ? {} : { documentLoader },
  );
  const expanded: string[] = [];
  for (const line of nquads.split('\n')) {
    const parts = line.split(' ');
    if (parts[1] === RDF_TYPE && parts[2]?.startsWith('<') && parts[2].endsWith('>'))
      expanded.push(parts[2].slice(1, -1));
  }
  return [...new Set([...written, ...expanded])];
}
