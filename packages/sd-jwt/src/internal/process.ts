import type { ClaimPath } from '../types.js';
import type { DecodedDisclosure } from './disclosure.js';
import { isPlainObject, setOwn } from './encoding.js';
import { sdError } from './errors.js';

/** What processing an Issuer-signed JWT payload with disclosures yields. */
export interface Processed {
  claims: Record<string, unknown>;
  disclosed: ClaimPath[];
}

class Processor {
  readonly seen = new Set<string>();
  /** How many digests named a disclosure (each at most once: `seen` refuses a repeated digest). */
  used = 0;
  readonly disclosed: ClaimPath[] = [];
  constructor(
    readonly map: ReadonlyMap<string, DecodedDisclosure>,
    readonly maxDepth: number,
  ) {}

  digest(d: unknown): DecodedDisclosure | undefined {
    if (typeof d !== 'string') throw sdError('ERR_SD_JWT_SD_MISPLACED', 'a digest must be a string');
    if (this.seen.has(d)) throw sdError('ERR_SD_JWT_DUPLICATE_DIGEST', 'a digest appears more than once');
    this.seen.add(d);
    const rec = this.map.get(d);
    if (rec !== undefined) this.used++;
    return rec;
  }

  value(v: unknown, path: (string | number)[], depth: number): unknown {
    if (typeof v !== 'object' || v === null) return v;
    if (depth >= this.maxDepth) throw sdError('ERR_SD_JWT_LIMIT', `nesting deeper than ${this.maxDepth}`);
    return Array.isArray(v)
      ? this.array(v, path, depth + 1)
      : this.object(v as Record<string, unknown>, path, depth + 1);
  }

  /**
   * Processes an object. Subtrees without digests are returned as they are (no copy); an object
   * is copied only from its first change on.
   */
  object(o: Record<string, unknown>, path: (string | number)[], depth: number): Record<string, unknown> {
    let out: Record<string, unknown> | undefined;
    let sd: unknown;
    let hasSd = false;
    // The payload itself (depth 1) loses its `_sd_alg` here, rather than by a later `delete`
    // (which would turn the claims object into a slow dictionary-mode object).
    const root = depth === 1;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      if (k === '_sd' || (root && k === '_sd_alg')) {
        if (k === '_sd') {
          sd = o[k];
          hasSd = true;
        }
        if (out === undefined) out = copyBefore(o, k, root);
        continue;
      }
      if (k === '...')
        throw sdError('ERR_SD_JWT_SD_MISPLACED', '"..." may only appear as the one key of an array element');
      // RFC 9901 §4.1.1: _sd_alg "MUST NOT be used in any object nested within the payload".
      if (k === '_sd_alg')
        throw sdError('ERR_SD_JWT_SD_MISPLACED', '_sd_alg may only appear at the top level of the payload');
      const v = o[k];
      let pv = v;
      if (typeof v === 'object' && v !== null) {
        path.push(k);
        pv = this.value(v, path, depth);
        path.pop();
      }
      if (out !== undefined) setOwn(out, k, pv);
      else if (pv !== v) {
        out = copyBefore(o, k, root);
        setOwn(out, k, pv);
      }
    }
    if (!hasSd) return out ?? o;
    const res = out as Record<string, unknown>;
    if (!Array.isArray(sd)) throw sdError('ERR_SD_JWT_SD_MISPLACED', '_sd must be an array of digests');
    for (const d of sd) {
      const rec = this.digest(d);
      if (rec === undefined) continue;
      const name = rec.name;
      if (name === undefined) {
        throw sdError(
          'ERR_SD_JWT_DISCLOSURE_MALFORMED',
          'an array-element disclosure is referenced from _sd',
        );
      }
      // At the top, `_sd_alg` is the payload's (dropped from the claims): a disclosed `_sd_alg`
      // clashes with it, and is itself dropped from the claims when there is none.
      const topSdAlg = root && name === '_sd_alg';
      if (name === '_sd_alg' && !root)
        throw sdError('ERR_SD_JWT_SD_MISPLACED', '_sd_alg may only appear at the top level of the payload');
      if (Object.hasOwn(res, name) || (topSdAlg && Object.hasOwn(o, '_sd_alg'))) {
        throw sdError('ERR_SD_JWT_CLAIM_EXISTS', `disclosed claim ${JSON.stringify(name)} already exists`);
      }
      path.push(name);
      this.disclosed.push(path.slice());
      const value = this.value(rec.value, path, depth);
      if (!topSdAlg) setOwn(res, name, value);
      path.pop();
    }
    return res;
  }

  array(a: unknown[], path: (string | number)[], depth: number): unknown[] {
    let out: unknown[] | undefined;
    for (let i = 0; i < a.length; i++) {
      const e = a[i];
      if (isPlainObject(e) && Object.hasOwn(e, '...')) {
        for (const k in e) {
          if (k !== '...' && Object.hasOwn(e, k)) {
            throw sdError('ERR_SD_JWT_SD_MISPLACED', 'an array element with "..." must have no other key');
          }
        }
        if (out === undefined) out = a.slice(0, i);
        const rec = this.digest(e['...']);
        if (rec === undefined) continue;
        if (rec.name !== undefined) {
          throw sdError(
            'ERR_SD_JWT_DISCLOSURE_MALFORMED',
            'an object-property disclosure is referenced from an array',
          );
        }
        path.push(out.length);
        this.disclosed.push(path.slice());
        out.push(this.value(rec.value, path, depth));
        path.pop();
      } else {
        let pv = e;
        if (typeof e === 'object' && e !== null) {
          path.push(out === undefined ? i : out.length);
          pv = this.value(e, path, depth);
          path.pop();
        }
        if (out !== undefined) out.push(pv);
        else if (pv !== e) {
          out = a.slice(0, i);
          out.push(pv);
        }
      }
    }
    return out ?? a;
  }
}

/**
 * A fresh object with the own properties of `o` that come before key `stop`, less `_sd` (and
 * `_sd_alg` for the payload itself).
 */
function copyBefore(o: Record<string, unknown>, stop: string, root: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in o) {
    if (k === stop) break;
    if (Object.hasOwn(o, k) && k !== '_sd' && !(root && k === '_sd_alg')) setOwn(out, k, o[k]);
  }
  return out;
}

/**
 * RFC 9901 §7.1 step 3–5: replaces digests by disclosed values, drops undisclosed ones and
 * decoys, rejects duplicates, misplaced `_sd`/`...`, clashes and unreferenced disclosures.
 * Never mutates `payload`.
 */
export function processPayload(
  payload: Record<string, unknown>,
  map: ReadonlyMap<string, DecodedDisclosure>,
  maxDepth: number,
): Processed {
  const p = new Processor(map, maxDepth);
  const claims = p.object(payload, [], 1);
  if (p.used !== map.size) {
    throw sdError('ERR_SD_JWT_DISCLOSURE_UNREFERENCED', 'a disclosure is not referenced by any digest');
  }
  return { claims, disclosed: p.disclosed };
}
