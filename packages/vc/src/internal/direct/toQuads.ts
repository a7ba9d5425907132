import { isObject } from '../plain.js';
import type { ActiveContext, TermDef } from './activeContext.js';
import { isAbsoluteIri, isPlainTerm, NUMERIC_OR_BOOLEAN, processContext } from './activeContext.js';

/*
 * JSON straight to RDF quads (JSON-LD 1.1 expansion, node map and RDF serialization in one
 * walk) for the JSON the direct path understands, and the signed-form verdict with it: when this
 * returns quads, the JSON is exactly the compacted form of its expansion under its contexts.
 * Understood: node objects whose members are `id`, `type` (the aliases of the pinned contexts),
 * `@context` (pinned URLs), terms and vocabulary-relative names; values that are strings, JSON
 * booleans, safe integers, node objects, and non-empty arrays of these; type-scoped and
 * property-scoped contexts; `@graph` containers holding node objects. Anything else returns
 * undefined (the caller falls back to full JSON-LD processing): a value object, a keyword, a
 * compact or absolute IRI where a term or name is expected, an empty array or object, null, a
 * double, a number or boolean under a coerced term, a term whose IRI another term shares, a
 * node value under a datatype-coerced term, an IRI under a context with a prefix term, a
 * duplicate quad, …
 */

const RDF_TYPE = '<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>';
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const RDF_LANGSTRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';
const XSD_BOOLEAN = '^^<http://www.w3.org/2001/XMLSchema#boolean>';
const XSD_INTEGER = '^^<http://www.w3.org/2001/XMLSchema#integer>';
const XSD_DOUBLE = '^^<http://www.w3.org/2001/XMLSchema#double>';
/** Language tags of the subset: BCP 47 shaped, already lower case. */
const LANGUAGE = /^[a-z]{1,8}(-[a-z0-9]{1,8})*$/;

/** One quad in N-Quads term syntax; blank nodes are `_:b<n>`, the default graph is ''. */
export interface Quad {
  readonly s: string;
  readonly p: string;
  readonly o: string;
  readonly g: string;
}

/** Thrown inside the walk when the JSON leaves the subset. */
const OUT = Symbol('out of the direct subset');

interface State {
  readonly quads: Quad[];
  readonly seen: Set<string>;
  blank: number;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: N-Quads escapes exactly these characters
const ESCAPE = /[\u0000-\u001f\u007f"\\]/g;
const ECHAR: Record<string, string> = {
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\f': '\\f',
  '\r': '\\r',
  '"': '\\"',
  '\\': '\\\\',
};

/** An N-Quads string literal, escaped as rdf-canonize escapes it. */
export function literal(s: string): string {
  ESCAPE.lastIndex = 0;
  if (!ESCAPE.test(s)) return `"${s}"`;
  return `"${s.replace(
    ESCAPE,
    (c) => ECHAR[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  )}"`;
}

/** Per active context: IRI → the terms mapping to it, and whether a term can be a prefix. */
interface Reverse {
  readonly byIri: Map<string, number>;
  readonly prefixes: boolean;
}
const reverseOf = new WeakMap<ActiveContext, Reverse>();
const GEN_DELIM = /[:/?#[\]@]$/;

function reverse(active: ActiveContext): Reverse {
  let r = reverseOf.get(active);
  if (r === undefined) {
    const byIri = new Map<string, number>();
    let prefixes = false;
    for (const d of active.terms.values()) {
      byIri.set(d.id, (byIri.get(d.id) ?? 0) + 1);
      if (GEN_DELIM.test(d.id)) prefixes = true;
    }
    r = { byIri, prefixes };
    reverseOf.set(active, r);
  }
  return r;
}

/** An IRI in a document-relative position (`id`, a value of an `@id` term), or OUT. */
function documentIri(v: string, active: ActiveContext): string {
  if (!isAbsoluteIri(v)) throw OUT;
  const colon = v.indexOf(':');
  // a compact IRI (or one compaction would write as such) is left to full processing
  if (reverse(active).prefixes || active.terms.has(v.slice(0, colon))) throw OUT;
  return v;
}

/** An IRI in a vocabulary-relative position (a type, a value of an `@vocab` term), or OUT. */
function vocabIri(v: string, active: ActiveContext): string {
  const def = active.terms.get(v);
  if (def !== undefined) {
    // compaction gives back the same term only when no other term maps to its IRI and the term
    // is one compaction selects for an IRI (no datatype, no container but @set)
    if (def.id.startsWith('@')) throw OUT;
    if (def.type !== undefined && def.type !== '@id' && def.type !== '@vocab') throw OUT;
    if (def.container !== undefined && def.container !== '@set') throw OUT;
    if (reverse(active).byIri.get(def.id) !== 1) throw OUT;
    return def.id;
  }
  if (active.vocab === undefined || !isPlainTerm(v)) throw OUT;
  const iri = active.vocab + v;
  if (reverse(active).byIri.has(iri)) throw OUT;
  return iri;
}

function blank(st: State): string {
  return `_:b${st.blank++}`;
}

function emit(st: State, s: string, p: string, o: string, g: string): void {
  const key = `${s} ${p} ${o} ${g}`;
  if (st.seen.has(key)) throw OUT;
  st.seen.add(key);
  st.quads.push({ s, p, o, g });
}

/** Whether a node object is only a reference: its one member expands to `@id`. */
function onlyId(obj: Record<string, unknown>, active: ActiveContext): boolean {
  const keys = Object.keys(obj);
  return keys.length === 1 && active.terms.get(keys[0]!)?.id === '@id';
}

/**
 * Expands a node object into quads of graph `g`; returns its subject. `outer` is, for a nested
 * node, the active context of the member holding it (before reverting a type-scoped context
 * and before the member's own scoped context): compaction writes the node's types against it.
 */
function node(
  obj: Record<string, unknown>,
  entered: ActiveContext,
  g: string,
  st: State,
  outer: ActiveContext | undefined,
): string {
  const top = outer === undefined;
  let active = entered;
  const keys = Object.keys(obj);
  // an empty node object is dropped (an error in safe mode), and so is a top-level bare id
  const members = keys.length - ('@context' in obj ? 1 : 0);
  if (members === 0 || (top && members === 1 && 'id' in obj)) throw OUT;
  if ('@context' in obj) {
    const next = processContext(active, obj['@context'], true, false);
    if (next === undefined) throw OUT;
    active = next;
  }
  let idKey: string | undefined;
  let typeKey: string | undefined;
  for (const k of keys) {
    // jsonld reads a `__proto__` member through its objects' prototypes (it drops it)
    if (k === '__proto__') throw OUT;
    const id = active.terms.get(k)?.id;
    if (id === '@id') {
      if (idKey !== undefined) throw OUT;
      idKey = k;
    } else if (id === '@type') {
      if (typeKey !== undefined) throw OUT;
      typeKey = k;
    } else if (k.startsWith('@') && k !== '@context') throw OUT;
  }
  // type-scoped contexts, in the lexicographic order of the types
  const typeBase = active;
  let types: string[] = [];
  if (typeKey !== undefined) {
    const t = obj[typeKey];
    types = Array.isArray(t) ? (t as string[]) : [t as string];
    if (types.length === 0) throw OUT;
    for (const x of types) if (typeof x !== 'string') throw OUT;
    for (const x of [...types].sort()) {
      const def = typeBase.terms.get(x);
      if (def?.hasScoped === true) {
        const next = processContext(active, def.scoped, false, false);
        if (next === undefined) throw OUT;
        active = next;
      }
    }
  }
  // the aliases must mean the same under the type-scoped contexts
  if (idKey !== undefined && active.terms.get(idKey)?.id !== '@id') throw OUT;
  if (typeKey !== undefined && active.terms.get(typeKey)?.id !== '@type') throw OUT;
  let s: string;
  if (idKey !== undefined) {
    const id = obj[idKey];
    if (typeof id !== 'string') throw OUT;
    s = `<${documentIri(id, active)}>`;
  } else s = blank(st);
  for (const x of types) {
    const iri = vocabIri(x, typeBase);
    // jsonld compacts the types of a nested node against the context outside it, where a term
    // of an enclosing type-scoped context may take the name (then the signed form is the full
    // IRI): the name must give the same IRI and the same type-scoped context there
    // (a node with its own context, a credential in a presentation, is checked as a document of
    // its own, compacted against that context)
    if (outer !== undefined && outer !== typeBase && !('@context' in obj)) {
      if (vocabIri(x, outer) !== iri) throw OUT;
      const a = outer.terms.get(x);
      const b = typeBase.terms.get(x);
      if ((a?.hasScoped ?? false) !== (b?.hasScoped ?? false) || a?.scoped !== b?.scoped) throw OUT;
    }
    emit(st, s, RDF_TYPE, `<${iri}>`, g);
  }
  for (const k of keys) {
    if (k === idKey || k === typeKey || k === '@context') continue;
    const def = active.terms.get(k);
    let p: string;
    if (def === undefined) {
      p = vocabIri(k, active);
    } else {
      if (def.id.startsWith('@') || reverse(active).byIri.get(def.id) !== 1) throw OUT;
      p = def.id;
    }
    const v = obj[k];
    const values = Array.isArray(v) ? v : [v];
    if (values.length === 0) throw OUT;
    for (const x of values) emit(st, s, `<${p}>`, value(x, def, active, g, st), g);
  }
  return s;
}

/** One value of a property (defined by `def`, or vocabulary-relative): its N-Quads object term. */
function value(x: unknown, def: TermDef | undefined, active: ActiveContext, g: string, st: State): string {
  const type = def?.type;
  if (typeof x === 'string') {
    if (def?.container === '@graph') throw OUT;
    if (type === undefined) return literal(x);
    if (type === '@id' || type === '@vocab') {
      // IRIs expand under the term's own scoped context (without leaving any type-scoped one)
      let termContext: ActiveContext | undefined = active;
      if (def?.hasScoped === true) termContext = processContext(active, def.scoped, true, true);
      if (termContext === undefined) throw OUT;
      return type === '@id' ? `<${documentIri(x, termContext)}>` : `<${vocabIri(x, termContext)}>`;
    }
    if (type === '@json' || type === RDF_LANGSTRING || NUMERIC_OR_BOOLEAN.has(type)) throw OUT;
    return type === XSD_STRING ? literal(x) : `${literal(x)}^^<${type}>`;
  }
  if (typeof x === 'boolean') {
    if (type !== undefined || def?.container === '@graph') throw OUT;
    return `"${x}"${XSD_BOOLEAN}`;
  }
  if (typeof x === 'number') {
    if (type !== undefined || def?.container === '@graph') throw OUT;
    // jsonld's RDF forms of a JSON number: xsd:double in canonical form for a number written
    // with a fraction or from 1e21, else xsd:integer
    if (String(x).includes('.') || Math.abs(x) >= 1e21)
      return `"${x.toExponential(15).replace(/(\d)0*e\+?/, '$1E')}"${XSD_DOUBLE}`;
    // a fraction spelled in exponent form (5e-7) would be "0": not in the signed form
    if (!Number.isInteger(x)) throw OUT;
    return `"${x.toFixed(0)}"${XSD_INTEGER}`;
  }
  if (!isObject(x)) throw OUT;
  if ('@value' in x) {
    // a language-tagged string in compacted form: lower-case tag (expansion lower-cases it), no
    // direction, under a term without coercion
    const keys = Object.keys(x);
    const v = x['@value'];
    const lang = x['@language'];
    if (
      keys.length !== 2 ||
      typeof v !== 'string' ||
      typeof lang !== 'string' ||
      !LANGUAGE.test(lang) ||
      type !== undefined ||
      def?.container !== undefined
    ) {
      throw OUT;
    }
    return `${literal(v)}@${lang}`;
  }
  // a node object: only under an untyped or `@id` term (or a name), where compaction keeps it
  if (type !== undefined && type !== '@id') throw OUT;
  // a type-scoped context does not reach into nested node objects (a bare reference aside)
  let inner = active.previous !== undefined && !onlyId(x, active) ? active.previous : active;
  if (def?.hasScoped === true) {
    const next = processContext(inner, def.scoped, true, true);
    if (next === undefined) throw OUT;
    inner = next;
  }
  if (def?.container === '@graph') {
    const name = blank(st);
    node(x, inner, name, st, active);
    return name;
  }
  return node(x, inner, g, st, active);
}

/**
 * The RDF quads of a JSON-LD document whose `@context` is processed from `initial`, or
 * undefined when the document leaves the direct subset (see above).
 */
export function toQuads(doc: Record<string, unknown>, initial: ActiveContext): Quad[] | undefined {
  const st: State = { quads: [], seen: new Set(), blank: 0 };
  try {
    node(doc, initial, '', st, undefined);
  } catch (e) {
    if (e === OUT) return undefined;
    throw e;
  }
  return st.quads;
}
