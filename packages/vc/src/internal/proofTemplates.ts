import type { DocumentLoader } from '../createDocumentLoader.js';
import { copyJson } from './expandedCache.js';
import { isObject } from './plain.js';

/*
 * Proof configurations of one issuer differ from one another only in a few free-text members:
 * `created`, `expires`, `challenge`, `domain`, `nonce`. When the active context makes such a member
 * a literal (its expansion is one value object holding the string), JSON-LD expansion and
 * compaction never read the string itself: the expansion of the configuration is the expansion of
 * its *template* (each such string replaced by a placeholder) with the placeholders put back, and
 * the signed-form verdict is the template's. So the signed-form check of a proof configuration
 * is made once per template and loader (a loader made by `createDocumentLoader` serves each URL
 * the same document for its lifetime), and its expansion instantiated for each configuration.
 * A template is recorded only when its own check passed, every placeholder sits in exactly one
 * value object and nowhere else, and the configuration it was made from passed the full check too.
 */

/** The members whose string values a template stands for. */
const FREE_TEXT = ['created', 'expires', 'challenge', 'domain', 'nonce'] as const;
const placeholder = (member: string): string => `\u0000realdid-template:${member}`;
const MAX_TEMPLATES = 256;

/** A recorded template: its expansion and, per free-text member, the property holding it. */
interface Template {
  readonly expanded: readonly Record<string, unknown>[];
  readonly slots: readonly { readonly member: string; readonly property: string }[];
}

const byLoader = new WeakMap<DocumentLoader, Map<string, Template>>();
let hits = 0;

/** How many checks a template answered (for tests). */
export function templateHits(): number {
  return hits;
}

/** The template of a proof configuration: each free-text string member replaced by its placeholder. */
export function templateOf(config: Record<string, unknown>): Record<string, unknown> {
  const t: Record<string, unknown> = {};
  for (const k of Object.keys(config)) {
    t[k] =
      (FREE_TEXT as readonly string[]).includes(k) && typeof config[k] === 'string'
        ? placeholder(k)
        : config[k];
  }
  return t;
}

/**
 * The expansion of `config` when a template of it is recorded for `loader`, else undefined
 * (then the configuration is checked in full).
 */
export function instantiate(loader: DocumentLoader, config: Record<string, unknown>): unknown[] | undefined {
  const t = byLoader.get(loader)?.get(JSON.stringify(templateOf(config)));
  if (t === undefined) return undefined;
  const expanded = copyJson(t.expanded) as Record<string, unknown>[];
  const node = expanded[0]!;
  for (const { member, property } of t.slots) {
    (node[property] as Array<Record<string, unknown>>)[0]!['@value'] = config[member];
  }
  hits++;
  return expanded;
}

/**
 * Records the template `template` (whose expansion is `expanded` and whose signed-form check
 * passed) for `loader`, when every placeholder sits in exactly one value object of the node.
 */
export function record(loader: DocumentLoader, template: Record<string, unknown>, expanded: unknown): void {
  if (!Array.isArray(expanded) || expanded.length !== 1 || !isObject(expanded[0])) return;
  const node = expanded[0];
  const text = JSON.stringify(expanded);
  const slots: { member: string; property: string }[] = [];
  for (const member of FREE_TEXT) {
    const ph = template[member];
    if (ph === undefined || ph !== placeholder(member)) continue;
    if (text.split(JSON.stringify(ph)).length !== 2) return;
    const property = Object.keys(node).find((p) => {
      const vs = node[p];
      return (
        Array.isArray(vs) &&
        vs.length === 1 &&
        isObject(vs[0]) &&
        vs[0]['@value'] === ph &&
        Object.keys(vs[0]).every((k) => k === '@value' || k === '@type' || k === '@language')
      );
    });
    if (property === undefined) return;
    slots.push({ member, property });
  }
  let templates = byLoader.get(loader);
  if (templates === undefined) {
    templates = new Map();
    byLoader.set(loader, templates);
  }
  if (templates.size >= MAX_TEMPLATES) templates.delete(templates.keys().next().value as string);
  templates.set(JSON.stringify(template), { expanded: copyJson(expanded), slots });
}
