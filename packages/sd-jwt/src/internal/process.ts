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
  readonly used = new Set<string>();
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
    if (rec !== undefined) this.used.add(d);
    return rec;
  }

  value(v: unknown, path: (string | number)[], depth: number): unknown {
    if (typeof v !== 'object' || v === null) return v;
    if (depth >= this.maxDepth) throw sdError('ERR_SD_JWT_LIMIT', `nesting deeper than ${this.maxDepth}`);
    return Array.isArray(v)
      ? this.array(v, path, depth + 1)
      : this.object(v as Record<string, unknown>, path, depth + 1);
  }

  object(o: Record<string, unknown>, path: (string | number)[], depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let sd: unknown;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      if (k === '_sd') {
        sd = o[k];
        continue;
      }
      if (k === '...')
        throw sdError('ERR_SD_JWT_SD_MISPLACED', '"..." may only appear as the one key of an array element');
      path.push(k);
      setOwn(out, k, this.value(o[k], path, depth));
      path.pop();
    }
    if (sd !== undefined) {
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
        if (Object.hasOwn(out, name)) {
          throw sdError('ERR_SD_JWT_CLAIM_EXISTS', `disclosed claim ${JSON.stringify(name)} already exists`);
        }
        path.push(name);
        this.disclosed.push(path.slice());
        setOwn(out, name, this.value(rec.value, path, depth));
        path.pop();
      }
    }
    return out;
  }

  array(a: unknown[], path: (string | number)[], depth: number): unknown[] {
    const out: unknown[] = [];
    for (const e of a) {
      if (isPlainObject(e) && Object.hasOwn(e, '...')) {
        for (const k in e) {
          if (k !== '...' && Object.hasOwn(e, k)) {
            throw sdError('ERR_SD_JWT_SD_MISPLACED', 'an array element with "..." must have no other key');
          }
        }
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
        path.push(out.length);
        out.push(this.value(e, path, depth));
        path.pop();
      }
    }
    return out;
  }
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
  delete claims._sd_alg;
  if (p.used.size !== map.size) {
    throw sdError('ERR_SD_JWT_DISCLOSURE_UNREFERENCED', 'a disclosure is not referenced by any digest');
  }
  return { claims, disclosed: p.disclosed };
}
