import type { DocumentLoader } from '../../createDocumentLoader.js';
import { pinnedDocument } from '../../createDocumentLoader.js';
import { isObject } from '../plain.js';

/*
 * JSON-LD 1.1 context processing for the subset the direct path understands: pinned context
 * documents (served by a loader made by `createDocumentLoader`, never fetched), `@protected`,
 * `@vocab` as an absolute IRI, `@version` 1.1, and term definitions that map a term without a
 * colon to an absolute IRI (or `id` / `type` to `@id` / `@type`) with an optional `@type` (`@id`,
 * `@vocab`, `@json` or an absolute datatype IRI), `@container` `@set` or `@graph`, and a scoped
 * `@context`. Anything else (a compact IRI, `@import`, `@base`, `@language`, `@propagate`, a
 * reverse or null term, another container, a protected term redefined, an inline context, a
 * context not pinned, …) makes the result `undefined`: the caller falls back to full JSON-LD
 * processing, which gives the exact answer (or the exact error).
 */

/** A term definition of the subset. */
export interface TermDef {
  /** An absolute IRI, or `@id` / `@type` for the aliases `id` / `type`. */
  readonly id: string;
  readonly type: string | undefined;
  readonly container: '@set' | '@graph' | undefined;
  /** Whether the definition carries a scoped `@context` (which may be null). */
  readonly hasScoped: boolean;
  readonly scoped: unknown;
  readonly protected: boolean;
}

/** An active context of the subset (immutable; processed results are cached). */
export interface ActiveContext {
  readonly terms: ReadonlyMap<string, TermDef>;
  readonly vocab: string | undefined;
  /** The context to revert to when entering a node object (set by a type-scoped context). */
  readonly previous: ActiveContext | undefined;
  readonly loader: DocumentLoader;
}

/** A scheme, a colon, and none of the characters N-Quads would escape or JSON-LD reads as space. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: N-Quads escapes exactly these characters
const ABSOLUTE_IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|^`\\\u0000-\u001f\u007f]*$/;

/** Whether `s` is an absolute IRI of the subset. */
export function isAbsoluteIri(s: string): boolean {
  return ABSOLUTE_IRI.test(s);
}

/** Terms are plain names: no colon (no compact IRI), no keyword form, nothing N-Quads escapes. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: N-Quads escapes exactly these characters
const TERM = /^[^@:\s<>"{}|^`\\\u0000-\u001f\u007f][^:\s<>"{}|^`\\\u0000-\u001f\u007f]*$/;

/** Whether `s` can be a term (or a vocabulary-relative name) of the subset. */
export function isPlainTerm(s: string): boolean {
  return TERM.test(s);
}

const XSD = 'http://www.w3.org/2001/XMLSchema#';
/** Datatypes whose literals the signed-form profile reads as JSON booleans and numbers. */
export const NUMERIC_OR_BOOLEAN = new Set([`${XSD}boolean`, `${XSD}integer`, `${XSD}double`]);

const initialByLoader = new WeakMap<DocumentLoader, ActiveContext>();

/** The initial (empty) active context of a loader. */
export function initialContext(loader: DocumentLoader): ActiveContext {
  let c = initialByLoader.get(loader);
  if (c === undefined) {
    c = { terms: new Map(), vocab: undefined, previous: undefined, loader };
    initialByLoader.set(loader, c);
  }
  return c;
}

/** Contexts jsonld-signatures serves from its own copies, whatever the loader serves. */
const SIGNATURE_LIBRARY_CONTEXTS = new Set(['https://w3id.org/security/v1', 'https://w3id.org/security/v2']);

type Cache = WeakMap<object, Map<string, ActiveContext | null>>;
/** Processed results: per active context, per local context (its URL, or its pinned object). */
const processed: Cache = new WeakMap();
const localIds = new WeakMap<object, string>();
let nextLocalId = 0;

function keyOf(local: unknown, propagate: boolean, override: boolean): string | undefined {
  let k: string;
  if (local === null) k = 'null';
  else if (typeof local === 'string') k = `u${local}`;
  else if (typeof local === 'object' && Object.isFrozen(local)) {
    // only frozen (pinned) objects are stable enough to cache on
    let id = localIds.get(local);
    if (id === undefined) {
      id = `o${nextLocalId++}`;
      localIds.set(local, id);
    }
    k = id;
  } else return undefined;
  return `${propagate ? 'p' : 'n'}${override ? 'o' : 'k'}${k}`;
}

/**
 * The active context after processing `local` (a context value: URL, object, array or null), or
 * undefined when it leaves the subset. `propagate: false` is a type-scoped context; `override`
 * a property-scoped one (which may redefine protected terms).
 */
export function processContext(
  active: ActiveContext,
  local: unknown,
  propagate: boolean,
  override: boolean,
  depth = 0,
): ActiveContext | undefined {
  const key = keyOf(local, propagate, override);
  let byActive = processed.get(active);
  if (key !== undefined) {
    const hit = byActive?.get(key);
    if (hit !== undefined) return hit === null ? undefined : hit;
  }
  const result = processUncached(active, local, propagate, override, depth);
  if (key !== undefined) {
    if (byActive === undefined) {
      byActive = new Map();
      processed.set(active, byActive);
    }
    if (byActive.size < 256) byActive.set(key, result ?? null);
  }
  return result;
}

function processUncached(
  active: ActiveContext,
  local: unknown,
  propagate: boolean,
  override: boolean,
  depth: number,
): ActiveContext | undefined {
  if (depth > 8) return undefined;
  const list = Array.isArray(local) ? local : [local];
  let result: ActiveContext = active;
  for (const item of list) {
    let next: ActiveContext | undefined;
    if (item === null) {
      if (!override && [...result.terms.values()].some((d) => d.protected)) return undefined;
      next = initialContext(active.loader);
    } else if (typeof item === 'string') {
      if (SIGNATURE_LIBRARY_CONTEXTS.has(item)) return undefined;
      const doc = pinnedDocument(active.loader, item);
      if (!isObject(doc) || !('@context' in doc)) return undefined;
      // a remote context's own URLs and objects are processed as it is
      next = processContext(result, doc['@context'], true, override, depth + 1);
    } else if (isObject(item) && Object.isFrozen(item)) {
      next = processObject(result, item, override);
    } else return undefined;
    if (next === undefined) return undefined;
    result = next;
  }
  if (!propagate && result.previous === undefined && result !== active) {
    result = { ...result, previous: active };
  }
  return result;
}

const DEF_KEYS = new Set(['@id', '@type', '@container', '@context', '@protected']);

function processObject(
  active: ActiveContext,
  local: Record<string, unknown>,
  override: boolean,
): ActiveContext | undefined {
  let isProtected = false;
  let vocab = active.vocab;
  for (const k of Object.keys(local)) {
    if (!k.startsWith('@')) continue;
    const v = local[k];
    if (k === '@protected') {
      if (typeof v !== 'boolean') return undefined;
      isProtected = v;
    } else if (k === '@version') {
      if (v !== 1.1) return undefined;
    } else if (k === '@vocab') {
      if (v === null) vocab = undefined;
      else if (typeof v === 'string' && isAbsoluteIri(v)) vocab = v;
      else return undefined;
    } else return undefined;
  }
  const terms = new Map(active.terms);
  for (const term of Object.keys(local)) {
    if (term.startsWith('@')) continue;
    if (!isPlainTerm(term)) return undefined;
    const def = termDefinition(local[term], isProtected);
    if (def === undefined) return undefined;
    // the only keyword aliases of the subset: id and type
    if (def.id.startsWith('@') && `@${term}` !== def.id) return undefined;
    const before = active.terms.get(term);
    if (before?.protected === true && !override) {
      if (!sameDefinition(before, def)) return undefined;
      terms.set(term, { ...def, protected: true });
    } else terms.set(term, def);
  }
  return { terms, vocab, previous: active.previous, loader: active.loader };
}

function termDefinition(raw: unknown, protectedDefault: boolean): TermDef | undefined {
  if (typeof raw === 'string') {
    if (raw === '@id' || raw === '@type' || isAbsoluteIri(raw)) {
      return {
        id: raw,
        type: undefined,
        container: undefined,
        hasScoped: false,
        scoped: undefined,
        protected: protectedDefault,
      };
    }
    return undefined;
  }
  if (!isObject(raw)) return undefined;
  for (const k of Object.keys(raw)) if (!DEF_KEYS.has(k)) return undefined;
  const id = raw['@id'];
  if (typeof id !== 'string' || !isAbsoluteIri(id)) return undefined;
  const type = raw['@type'];
  if (
    type !== undefined &&
    !(
      type === '@id' ||
      type === '@vocab' ||
      type === '@json' ||
      (typeof type === 'string' && isAbsoluteIri(type))
    )
  ) {
    return undefined;
  }
  const container = raw['@container'];
  if (container !== undefined && container !== '@set' && container !== '@graph') return undefined;
  const p = raw['@protected'];
  if (p !== undefined && typeof p !== 'boolean') return undefined;
  const hasScoped = '@context' in raw;
  const scoped = raw['@context'];
  if (
    hasScoped &&
    scoped !== null &&
    !(isObject(scoped) && Object.isFrozen(scoped)) &&
    typeof scoped !== 'string'
  )
    return undefined;
  return {
    id,
    type: type as string | undefined,
    container: container as TermDef['container'],
    hasScoped,
    scoped,
    protected: p ?? protectedDefault,
  };
}

/** JSON-LD's comparison of a protected term's definitions (the protected flag aside). */
function sameDefinition(a: TermDef, b: TermDef): boolean {
  return (
    a.id === b.id &&
    a.type === b.type &&
    a.container === b.container &&
    a.hasScoped === b.hasScoped &&
    (a.scoped === b.scoped || JSON.stringify(a.scoped) === JSON.stringify(b.scoped))
  );
}
