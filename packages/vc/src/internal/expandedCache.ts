import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import type { DocumentLoader } from '../createDocumentLoader.js';
import { pinnedDocument } from '../createDocumentLoader.js';
import type { VerifyContext } from './context.js';
import { getDefaultLoader } from './context.js';
import { VC_V2_CONTEXT } from './model.js';
import { valuesOf } from './plain.js';
import { eddsaRdfcVerifyingSuite } from './suites.js';

/*
 * One JSON-LD expansion serves two purposes. The signed-form check expands the document and
 * each proof configuration; RDFC-1.0 canonicalization (what the signature covers) expands them
 * again. When the check expanded exactly the JSON the cryptosuite is about to canonicalize, with
 * the options canonicalization uses and through the same document loader, the second expansion
 * gives the same result and is skipped: the cryptosuite's own `canonize` runs on the kept
 * expansion (`skipExpansion`), so `jsonld.toRDF`'s remaining steps and RDFC-1.0 are unchanged.
 * The cache is per verification call, keyed by the exact JSON text of the input; any other input
 * (a document changed on the way, a proof chain, another suite) is canonicalized in full.
 */

/** Expansions kept by one verification, by the JSON text of the expanded input. */
export type ExpandedCache = Map<string, unknown>;

/** The expansion options of RDFC canonicalization (base IRI null, JSON-LD safe mode). */
export const CANON_EXPAND_BASE = null;

/** Contexts jsonld-signatures serves from its own copies, whatever our loader serves. */
const SIGNATURE_LIBRARY_CONTEXTS = new Set(['https://w3id.org/security/v1', 'https://w3id.org/security/v2']);

let enabled = true;

/** Turns the reuse off or on (tests compare both paths). Returns the previous setting. */
export function setExpansionReuse(on: boolean): boolean {
  const before = enabled;
  enabled = on;
  return before;
}

/**
 * A new cache for one verification, or undefined when the reuse does not apply: the document
 * must list the VC 2.0 context first (so the Data Integrity suite adds no context of its own to a
 * proof configuration), pinned by the loader (made by `createDocumentLoader`) to the bundled
 * document (what the profile's reasoning about `proofValue` rests on), and no context that the signature library serves
 * itself.
 */
export function expandedCacheFor(
  doc: Record<string, unknown>,
  documentLoader: DocumentLoader,
): ExpandedCache | undefined {
  if (!enabled) return undefined;
  const list = valuesOf(doc['@context']);
  if (list[0] !== VC_V2_CONTEXT) return undefined;
  for (const c of list) if (typeof c === 'string' && SIGNATURE_LIBRARY_CONTEXTS.has(c)) return undefined;
  const served = pinnedDocument(documentLoader, VC_V2_CONTEXT);
  if (served === undefined || served !== pinnedDocument(getDefaultLoader(), VC_V2_CONTEXT)) return undefined;
  return new Map();
}

/**
 * A copy of JSON-LD data made by jsonld (plain objects, arrays and primitives): faster than
 * `structuredClone` on such small trees. jsonld's RDF conversion may rewrite `@type` values in
 * place, so a kept expansion is handed over as a copy.
 */
export function copyJson<T>(v: T): T {
  if (Array.isArray(v)) return v.map(copyJson) as T;
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const x = copyJson((v as Record<string, unknown>)[k]);
    if (k === '__proto__')
      Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
    else out[k] = x;
  }
  return out as T;
}

type Canonize = (input: unknown, options?: Record<string, unknown>) => Promise<string>;
const canonize = eddsaRdfc2022.canonize as Canonize;

/**
 * The eddsa-rdfc-2022 `canonize` over a kept expansion when one matches the input exactly, else
 * the full one.
 */
export function canonizeWith(cache: ExpandedCache): Canonize {
  return async (input, options) => {
    const expanded = cache.size === 0 ? undefined : cache.get(JSON.stringify(input));
    if (expanded === undefined || options?.base !== CANON_EXPAND_BASE || options.safe !== true) {
      return canonize(input, options);
    }
    return canonize(copyJson(expanded), { ...options, skipExpansion: true });
  };
}

/** The verify context's suites, eddsa-rdfc-2022 canonicalizing over the kept expansions. */
export function suitesKeeping(
  ctx: Pick<VerifyContext, 'suites' | 'resolve'>,
  keep: ExpandedCache | undefined,
) {
  if (keep === undefined || keep.size === 0) return ctx.suites;
  const canonizeKept = canonizeWith(keep);
  return ctx.suites.map((s) =>
    (s as unknown as { cryptosuite?: unknown }).cryptosuite === 'eddsa-rdfc-2022'
      ? eddsaRdfcVerifyingSuite(ctx.resolve, canonizeKept)
      : s,
  );
}
