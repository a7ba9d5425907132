import { sha256, utf8Encode } from '@realdid/crypto';
import type { Quad } from './toQuads.js';

/*
 * RDFC-1.0 for datasets whose blank nodes all have distinct first-degree hashes (§4.4 step 5:
 * each gets its canonical identifier in the code-point order of its hash, and the N-degree
 * steps never run). A dataset where two blank nodes share a first-degree hash returns
 * undefined: the caller falls back to rdf-canonize. Hashing and ordering follow rdf-canonize
 * byte for byte (N-Quads with `_:a` / `_:z`, JavaScript's string sort, SHA-256 in hex).
 */

function line(s: string, p: string, o: string, g: string): string {
  return g === '' ? `${s} ${p} ${o} .\n` : `${s} ${p} ${o} ${g} .\n`;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
function toHex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += HEX[x];
  return s;
}

const isBlank = (t: string): boolean => t.startsWith('_:');

/** The canonical N-Quads of `quads`, or undefined when first-degree hashes collide. */
export function canonicalNQuads(quads: readonly Quad[]): string | undefined {
  const byBlank = new Map<string, Quad[]>();
  const note = (t: string, q: Quad): void => {
    if (!isBlank(t)) return;
    let list = byBlank.get(t);
    if (list === undefined) {
      list = [];
      byBlank.set(t, list);
    }
    // a quad naming the same blank node twice is listed once, as rdf-canonize does
    if (list[list.length - 1] !== q) list.push(q);
  };
  for (const q of quads) {
    note(q.s, q);
    note(q.o, q);
    note(q.g, q);
  }
  const canonical = new Map<string, string>();
  if (byBlank.size > 0) {
    const hashes: Array<[string, string]> = [];
    const seen = new Set<string>();
    for (const [id, list] of byBlank) {
      const rel = (t: string): string => (isBlank(t) ? (t === id ? '_:a' : '_:z') : t);
      const lines = list.map((q) => line(rel(q.s), q.p, rel(q.o), rel(q.g))).sort();
      const hex = toHex(sha256(utf8Encode(lines.join(''))));
      if (seen.has(hex)) return undefined;
      seen.add(hex);
      hashes.push([hex, id]);
    }
    hashes.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    hashes.forEach(([, id], i) => {
      canonical.set(id, `_:c14n${i}`);
    });
  }
  const c = (t: string): string => (isBlank(t) ? (canonical.get(t) as string) : t);
  const out = quads.map((q) => line(c(q.s), q.p, c(q.o), c(q.g))).sort();
  return out.join('');
}
