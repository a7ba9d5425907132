import jsonld from 'jsonld';
import type { DocumentLoader } from '../createDocumentLoader.js';
import type { VerificationIssue } from '../VerificationResult.js';
import type { VerifyContext } from './context.js';
import { toIssue } from './errors.js';
import type { ExpandedCache } from './expandedCache.js';
import { CANON_EXPAND_BASE } from './expandedCache.js';
import { VC_V1_CONTEXT, VC_V2_CONTEXT } from './model.js';
import { DEFAULT_LIMITS, isObject, valuesOf } from './plain.js';
import { instantiate, record, templateOf } from './proofTemplates.js';

/*
 * The signed-form profile. A Data Integrity proof signs the canonical RDF of a document, while
 * applications (and this package's own checks) read its JSON. Many JSON documents give the same
 * RDF: a member under its full IRI or an alias, a value object instead of a plain value, a node
 * split in two, a value hidden under `@nest` / `@included` / `@reverse`, an inline context that
 * swaps two terms. A verified document must therefore be *the* JSON of what was signed: its
 * contexts the pinned ones the verifier expects, and its JSON exactly the compacted form of its
 * own expansion under those contexts, with one JSON form per RDF literal. Budgets bound the work
 * before any JSON-LD processing.
 */

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const XSD_BOOLEAN = `${XSD}boolean`;
const XSD_INTEGER = `${XSD}integer`;
const XSD_DOUBLE = `${XSD}double`;

const fail = (code: VerificationIssue['code'], message: string): VerificationIssue[] => [{ code, message }];

/** Where `@context` may appear: the document, each proof, each credential of a presentation. */
type Role = 'document' | 'proof' | 'embedded';

/** Checks one `@context` value against the verifier's context policy. */
function checkContextValue(
  ctxValue: unknown,
  requireBase: boolean,
  ctx: SignedFormContext,
  where: string,
): VerificationIssue[] {
  const list = valuesOf(ctxValue);
  const seen = new Set<string>();
  let order = -1;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (typeof c !== 'string') {
      if (ctx.allowInlineContexts && isObject(c)) continue;
      return fail(
        'ERR_VC_CONTEXT',
        `${where}@context[${i}] is an inline context; only context URLs are accepted (allowInlineContexts is off)`,
      );
    }
    if (seen.has(c)) return fail('ERR_VC_CONTEXT', `${where}@context names ${c.slice(0, 200)} twice`);
    seen.add(c);
    if (ctx.contexts !== undefined) {
      const at = ctx.contexts.indexOf(c);
      if (at < 0)
        return fail('ERR_VC_CONTEXT', `${where}@context ${c.slice(0, 200)} is not one this verifier expects`);
      if (at < order)
        return fail('ERR_VC_CONTEXT', `${where}@context lists ${c.slice(0, 200)} out of the expected order`);
      order = at;
    }
  }
  if (requireBase) {
    const first = list[0];
    if (first !== VC_V2_CONTEXT && first !== VC_V1_CONTEXT) {
      return fail('ERR_VC_CONTEXT', `${where}the first @context must be the data model's base context`);
    }
  }
  return [];
}

/** Every key of an inline context, scoped contexts and term definitions included. */
function countKeys(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + countKeys(x), 0);
  if (!isObject(v)) return 0;
  let n = 0;
  for (const k of Object.keys(v)) n += 1 + countKeys(v[k]);
  return n;
}

export interface Walk {
  contexts: number;
  terms: number;
  blankNodes: number;
  issues: VerificationIssue[];
  /** ids of node objects that carry more than their id, per graph. */
  described: Map<string, string>;
}

const VALUE_KEYS = new Set(['@value', '@language', '@direction']);

/**
 * Walks the JSON once: the context policy, the budgets, the keyword rule (no keyword but
 * `@context` where allowed and language value objects), and nodes described twice.
 */
export function walk(
  doc: Record<string, unknown>,
  ctx: SignedFormContext,
  kind: 'credential' | 'presentation' | 'document',
): Walk {
  const w: Walk = { contexts: 0, terms: 0, blankNodes: 0, issues: [], described: new Map() };
  const L = ctx.limits;
  const visit = (v: unknown, path: string, role: Role | undefined, graph: string): void => {
    if (w.issues.length > 0) return;
    if (Array.isArray(v)) {
      if (v.length > L.maxArrayLength) {
        w.issues.push(
          ...fail('ERR_VC_LIMIT', `${path} holds ${v.length} values, more than ${L.maxArrayLength}`),
        );
        return;
      }
      v.forEach((x, i) => {
        visit(x, `${path}[${i}]`, role, graph);
      });
      return;
    }
    if (!isObject(v)) return;
    if ('@value' in v) {
      for (const k of Object.keys(v)) {
        if (!VALUE_KEYS.has(k)) {
          w.issues.push(
            ...fail(
              'ERR_VC_NOT_SIGNED_FORM',
              `${path} is a value object with "${k}"; only {"@value": string, "@language", "@direction"?} is accepted`,
            ),
          );
          return;
        }
      }
      const dir = v['@direction'];
      if (
        typeof v['@value'] !== 'string' ||
        typeof v['@language'] !== 'string' ||
        (dir !== undefined && dir !== 'ltr' && dir !== 'rtl')
      ) {
        w.issues.push(
          ...fail('ERR_VC_NOT_SIGNED_FORM', `${path} is a value object that is not a language-tagged string`),
        );
      }
      return;
    }
    if (!('id' in v)) {
      w.blankNodes++;
      if (w.blankNodes > L.maxBlankNodes) {
        w.issues.push(...fail('ERR_VC_LIMIT', `the document has more than ${L.maxBlankNodes} blank nodes`));
        return;
      }
    } else if (typeof v.id === 'string' && Object.keys(v).some((k) => k !== 'id')) {
      const key = `${graph} ${v.id}`;
      const before = w.described.get(key);
      if (before !== undefined) {
        w.issues.push(
          ...fail(
            'ERR_VC_NOT_SIGNED_FORM',
            `${path} describes the node ${v.id.slice(0, 200)} already described at ${before}`,
          ),
        );
        return;
      }
      w.described.set(key, path);
    }
    for (const k of Object.keys(v)) {
      const x = v[k];
      if (k === '@context') {
        if (role === undefined && !ctx.allowInlineContexts) {
          w.issues.push(
            ...fail('ERR_VC_CONTEXT', `${path}.@context: a context below the document's top is not accepted`),
          );
          return;
        }
        const list = valuesOf(x);
        w.contexts += list.length;
        if (w.contexts > L.maxContexts) {
          w.issues.push(...fail('ERR_VC_LIMIT', `the document names more than ${L.maxContexts} contexts`));
          return;
        }
        for (const c of list) if (isObject(c)) w.terms += countKeys(c);
        if (w.terms > L.maxContextTerms) {
          w.issues.push(
            ...fail('ERR_VC_LIMIT', `inline contexts define more than ${L.maxContextTerms} terms`),
          );
          return;
        }
        if (role !== undefined) {
          const requireBase = role === 'embedded' || (role === 'document' && kind !== 'document');
          const bad = checkContextValue(x, requireBase, ctx, path === '' ? '' : `${path}.`);
          if (bad.length > 0) {
            w.issues.push(...bad);
            return;
          }
        }
        continue;
      }
      if (k.startsWith('@')) {
        w.issues.push(
          ...fail(
            'ERR_VC_NOT_SIGNED_FORM',
            `${path === '' ? '' : `${path}.`}${k}: a keyword other than @context is not accepted`,
          ),
        );
        return;
      }
      const at = path === '' ? k : `${path}.${k}`;
      if (role !== undefined && role !== 'proof' && k === 'proof') {
        valuesOf(x).forEach((p, i) => {
          visit(p, `${at}[${i}]`, 'proof', `${graph}/${at}[${i}]`);
        });
      } else if (role === 'document' && kind === 'presentation' && k === 'verifiableCredential') {
        valuesOf(x).forEach((c, i) => {
          visit(c, `${at}[${i}]`, 'embedded', `${graph}/${at}[${i}]`);
        });
      } else {
        visit(x, at, undefined, graph);
      }
      if (w.issues.length > 0) return;
    }
  };
  visit(doc, '', 'document', '');
  return w;
}

/**
 * JSON with object keys sorted, a one-element array read as its element, and a node reference
 * `{"id": x}` read as `x` (where the context makes a term an `@id`, both are the same data; where
 * it does not, the compacted form keeps the object and so does the input).
 */
function normal(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 1 ? normal(v[0]) : v.map(normal);
  if (!isObject(v)) return v;
  const keys = Object.keys(v);
  if (keys.length === 1 && keys[0] === 'id' && typeof v.id === 'string') return v.id;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) out[k] = normal(v[k]);
  return out;
}

/** One JSON form per literal: a string never stands for a boolean or a number, a number has its own type. */
/**
 * Whether the RDF literal jsonld makes of a JSON number names that number: jsonld writes a number
 * with no "." in its JavaScript spelling and below 1e21 as an xsd:integer with `toFixed(0)`, so a
 * fraction spelled in exponent form (5e-7) would become "0" and sign the same bytes as 0.
 */
function rdfKeepsNumber(value: number, type: unknown): boolean {
  const double = type === XSD_DOUBLE || String(value).includes('.') || Math.abs(value) >= 1e21;
  return double || Number.isInteger(value);
}

function checkLiterals(expanded: unknown): VerificationIssue[] {
  const stack: unknown[] = [expanded];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      stack.push(...v);
      continue;
    }
    if (!isObject(v)) continue;
    if ('@value' in v) {
      const value = v['@value'];
      const type = v['@type'];
      const ok =
        typeof value === 'string'
          ? type !== XSD_BOOLEAN && type !== XSD_INTEGER && type !== XSD_DOUBLE
          : typeof value === 'boolean'
            ? type === undefined || type === XSD_BOOLEAN
            : typeof value === 'number'
              ? (type === undefined ||
                  type === XSD_DOUBLE ||
                  (Number.isInteger(value) && type === XSD_INTEGER)) &&
                rdfKeepsNumber(value, type)
              : true;
      if (!ok) {
        return fail(
          'ERR_VC_NOT_SIGNED_FORM',
          `a ${typeof value} value typed ${String(type).slice(0, 100)}: booleans and numbers must be written as JSON booleans and numbers, other types as strings`,
        );
      }
      continue;
    }
    for (const k of Object.keys(v)) stack.push(v[k]);
  }
  return [];
}

/** What {@link checkSignedForm} needs when issuing: the default budgets, inline contexts allowed. */
export function signedFormContext(documentLoader: DocumentLoader): SignedFormContext {
  return { documentLoader, limits: DEFAULT_LIMITS, contexts: undefined, allowInlineContexts: true };
}

/** The part of the verify context the profile reads. */
export type SignedFormContext = Pick<
  VerifyContext,
  'documentLoader' | 'limits' | 'contexts' | 'allowInlineContexts'
>;

/**
 * Checks that a document is in the signed-form profile: contexts, budgets, keywords, and its JSON
 * equal to the compacted form of its expansion. A presentation is checked without its
 * credentials (each is checked on its own as a credential).
 */
export async function checkSignedForm(
  doc: Record<string, unknown>,
  ctx: SignedFormContext,
  kind: 'credential' | 'presentation' | 'document',
  keep?: ExpandedCache,
): Promise<VerificationIssue[]> {
  const w = walk(doc, ctx, kind);
  if (w.issues.length > 0) return w.issues;
  // The document's signed data is the document without its proofs; each Data Integrity proof's
  // configuration is signed on its own, under the document's contexts. Other proofs are never
  // verified nor read.
  const { proof: proofs, ...unsecured } = doc;
  if (kind === 'presentation') delete unsecured.verifiableCredential;
  const parts: Record<string, unknown>[] = [unsecured];
  for (const p of valuesOf(proofs)) {
    if (isObject(p) && p.type === 'DataIntegrityProof') parts.push({ '@context': doc['@context'], ...p });
  }
  const options = { documentLoader: ctx.documentLoader, safe: true };
  for (const part of parts) {
    try {
      const issues =
        keep === undefined
          ? await checkPart(part, part !== unsecured, options)
          : part === unsecured
            ? await checkDocumentKept(part, kind !== 'presentation', options, keep)
            : await checkProofKept(part, doc['@context'], options, keep);
      if (issues.length > 0) return issues;
    } catch (e) {
      return [toIssue(e, 'ERR_VC_JSONLD')];
    }
  }
  return [];
}

type JsonLdOptions = { documentLoader: DocumentLoader; safe: boolean; base?: null };

/** The signed-form check of one part: its JSON is the compacted form of its expansion. */
async function checkPart(
  part: Record<string, unknown>,
  ofProof: boolean,
  options: JsonLdOptions,
  expanded?: unknown,
): Promise<VerificationIssue[]> {
  const exp = expanded ?? (await jsonld.expand(part, options));
  const literal = checkLiterals(exp);
  if (literal.length > 0) return literal;
  // an expansion handed in is jsonld's own output, which compaction need not expand again
  const compacted = await jsonld.compact(exp, part['@context'], {
    documentLoader: options.documentLoader,
    safe: true,
    ...(expanded === undefined ? {} : { skipExpansion: true }),
  });
  if (JSON.stringify(normal(compacted)) !== JSON.stringify(normal(part))) {
    return fail(
      'ERR_VC_NOT_SIGNED_FORM',
      `the JSON${ofProof ? ' of a proof' : ''} is not the compacted form of the data it signs (a member under a full IRI or an alias, a value written in another form, a node split in two)`,
    );
  }
  return [];
}

const SEC_PROOF_VALUE = 'https://w3id.org/security#proofValue';

/**
 * {@link checkPart} of the document without its proofs, expanded with the options of
 * canonicalization (base IRI null); the expansion is kept when it is what the proof signs (a
 * credential's, not a presentation's, whose signed data holds its credentials too).
 */
async function checkDocumentKept(
  part: Record<string, unknown>,
  signed: boolean,
  options: JsonLdOptions,
  keep: ExpandedCache,
): Promise<VerificationIssue[]> {
  const expanded = await jsonld.expand(part, { ...options, base: CANON_EXPAND_BASE });
  const issues = await checkPart(part, false, options, expanded);
  if (issues.length === 0 && signed) keep.set(JSON.stringify(part), expanded);
  return issues;
}

/**
 * {@link checkPart} of a proof that keeps the expansion of its configuration, which is the proof
 * without `proofValue` under the document's contexts, expanded as the cryptosuite canonicalizes
 * it. Under the VC 2.0 context (first, which {@link expandedCacheFor} requires) the term
 * `DataIntegrityProof` is protected and its scoped context maps `proofValue` to `sec:proofValue`
 * with the multibase type, so a string `proofValue` is in compacted form and the rest of the
 * proof is checked as before. A proof with its own `@context`, a `proofValue` that is not a
 * string, or another member that expands to `sec:proofValue`, is checked in full as before and
 * nothing is kept.
 */
async function checkProofKept(
  part: Record<string, unknown>,
  docContext: unknown,
  options: JsonLdOptions,
  keep: ExpandedCache,
): Promise<VerificationIssue[]> {
  const { proofValue, ...config } = part;
  if (typeof proofValue !== 'string' || part['@context'] !== docContext)
    return checkPart(part, true, options);
  const known = instantiate(options.documentLoader, config);
  if (known !== undefined) {
    keep.set(JSON.stringify(config), known);
    return [];
  }
  const expanded = await jsonld.expand(config, { ...options, base: CANON_EXPAND_BASE });
  const node = Array.isArray(expanded) && expanded.length === 1 ? expanded[0] : undefined;
  if (!isObject(node) || SEC_PROOF_VALUE in node) return checkPart(part, true, options);
  const issues = await checkPart(config, true, options, expanded);
  if (issues.length > 0) return issues;
  keep.set(JSON.stringify(config), expanded);
  // the template of this configuration, checked in full on its own before it is recorded
  const template = templateOf(config);
  const t = await jsonld.expand(template, { ...options, base: CANON_EXPAND_BASE });
  const tNode = Array.isArray(t) && t.length === 1 ? t[0] : undefined;
  if (
    isObject(tNode) &&
    !(SEC_PROOF_VALUE in tNode) &&
    (await checkPart(template, true, options, t)).length === 0
  ) {
    record(options.documentLoader, template, t);
  }
  return issues;
}
