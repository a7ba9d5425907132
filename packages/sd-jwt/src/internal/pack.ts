import { base64urlEncode, hash, randomBytes } from '@realdid/crypto';
import type { DisclosureFrame, SdHashAlgorithm } from '../types.js';
import { digestOf } from './disclosure.js';
import { isPlainObject, setOwn } from './encoding.js';
import { fastB64uEncode, fastTextB64u } from './native.js';

/** Draws salts from a CSPRNG pool (one randomBytes call per 16 salts). */
class SaltSource {
  private pool: Uint8Array = new Uint8Array(0);
  private pos = 0;
  constructor(private readonly size: number) {}
  next(): string {
    if (this.pos + this.size > this.pool.length) {
      this.pool = randomBytes(this.size * 16);
      this.pos = 0;
    }
    const s = fastB64uEncode(this.pool.subarray(this.pos, this.pos + this.size));
    this.pos += this.size;
    return s;
  }
}

/** Packs a payload following a disclosure frame: builds new objects, never mutates the input. */
export class Packer {
  readonly disclosures: string[] = [];
  private readonly salts: SaltSource;
  constructor(
    private readonly sdAlg: SdHashAlgorithm,
    saltBytes: number,
  ) {
    this.salts = new SaltSource(saltBytes);
  }

  private disclose(arr: unknown[]): string {
    const encoded = fastTextB64u(JSON.stringify(arr));
    this.disclosures.push(encoded);
    return digestOf(encoded, this.sdAlg);
  }

  private decoy(): string {
    return base64urlEncode(hash(this.sdAlg, randomBytes(16)));
  }

  pack(value: unknown, frame: DisclosureFrame | undefined, path: string): unknown {
    if (frame === undefined) {
      checkReserved(value, path, 0);
      return value;
    }
    if (!isPlainObject(frame)) throw new TypeError(`disclosure frame at ${path} must be an object`);
    const sd = frame._sd === undefined ? [] : frame._sd;
    if (!Array.isArray(sd)) throw new TypeError(`disclosure frame _sd at ${path} must be an array`);
    const decoys = frame._sd_decoy === undefined ? 0 : frame._sd_decoy;
    if (!Number.isInteger(decoys) || decoys < 0 || decoys > 1000) {
      throw new RangeError(`_sd_decoy at ${path} must be an integer in [0, 1000]`);
    }
    if (Array.isArray(value)) return this.packArray(value, frame, sd, decoys, path);
    if (isPlainObject(value)) return this.packObject(value, frame, sd, decoys, path);
    throw new TypeError(
      `disclosure frame at ${path} applies to a value that is neither an object nor an array`,
    );
  }

  private packObject(
    o: Record<string, unknown>,
    frame: DisclosureFrame,
    sd: ReadonlyArray<string | number>,
    decoys: number,
    path: string,
  ): Record<string, unknown> {
    const sdSet = new Set<string>();
    for (const k of sd) {
      if (typeof k !== 'string') throw new TypeError(`_sd at ${path} must name properties (strings)`);
      if (!Object.hasOwn(o, k))
        throw new TypeError(`_sd at ${path} names ${JSON.stringify(k)}, which is not in the payload`);
      sdSet.add(k);
    }
    for (const k in frame) {
      if (k !== '_sd' && k !== '_sd_decoy' && !Object.hasOwn(o, k)) {
        throw new TypeError(
          `disclosure frame at ${path} has ${JSON.stringify(k)}, which is not in the payload`,
        );
      }
    }
    const out: Record<string, unknown> = {};
    const digests: string[] = [];
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      if (k === '_sd' || k === '...')
        throw new TypeError(`claim name ${JSON.stringify(k)} is reserved (at ${path})`);
      const sub = Object.hasOwn(frame, k) ? (frame[k] as DisclosureFrame) : undefined;
      const v = this.pack(o[k], sub, `${path}.${k}`);
      if (sdSet.has(k)) digests.push(this.disclose([this.salts.next(), k, v]));
      else setOwn(out, k, v);
    }
    for (let i = 0; i < decoys; i++) digests.push(this.decoy());
    if (digests.length > 0) out._sd = digests.sort();
    return out;
  }

  private packArray(
    a: readonly unknown[],
    frame: DisclosureFrame,
    sd: ReadonlyArray<string | number>,
    decoys: number,
    path: string,
  ): unknown[] {
    const sdSet = new Set<number>();
    for (const k of sd) {
      const i = typeof k === 'number' ? k : Number(k);
      if (!Number.isInteger(i) || i < 0 || i >= a.length)
        throw new TypeError(`_sd at ${path} has index ${String(k)} out of range`);
      sdSet.add(i);
    }
    for (const k in frame) {
      if (k === '_sd' || k === '_sd_decoy') continue;
      const i = Number(k);
      if (!Number.isInteger(i) || i < 0 || i >= a.length)
        throw new TypeError(`disclosure frame at ${path} has index ${k} out of range`);
    }
    const out: unknown[] = [];
    for (let i = 0; i < a.length; i++) {
      const sub = Object.hasOwn(frame, String(i)) ? (frame[String(i)] as DisclosureFrame) : undefined;
      const v = this.pack(a[i], sub, `${path}[${i}]`);
      out.push(sdSet.has(i) ? { '...': this.disclose([this.salts.next(), v]) } : v);
    }
    for (let i = 0; i < decoys; i++) {
      const at = randomBytes(1)[0]! % (out.length + 1);
      out.splice(at, 0, { '...': this.decoy() });
    }
    return out;
  }
}

function checkReserved(v: unknown, path: string, depth: number): void {
  if (typeof v !== 'object' || v === null) return;
  if (depth > 64) throw new RangeError(`payload nested deeper than 64 at ${path}`);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) checkReserved(v[i], path, depth + 1);
    return;
  }
  for (const k in v) {
    if (!Object.hasOwn(v, k)) continue;
    if (k === '_sd' || k === '...')
      throw new TypeError(`claim name ${JSON.stringify(k)} is reserved (under ${path})`);
    checkReserved((v as Record<string, unknown>)[k], path, depth + 1);
  }
}
