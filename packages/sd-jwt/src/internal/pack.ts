import {
  base64urlEncode,
  base64urlEncodeRange,
  base64urlEncodeText,
  hash,
  randomBytes,
} from '@realdid/crypto';
import type { DisclosureFrame, SdHashAlgorithm } from '../types.js';
import { digestOf } from './disclosure.js';
import { isPlainObject, setOwn } from './encoding.js';

/**
 * Salts come from one process-wide pool of CSPRNG output, refilled 4 KiB at a time, so an
 * issuance does not pay a random-number call of its own: each salt is still `size` fresh random
 * bytes, used once.
 */
const SALT_POOL_BYTES = 4096;
let saltPool: Uint8Array = new Uint8Array(0);
let saltPos = 0;

function nextSalt(size: number): string {
  if (saltPos + size > saltPool.length) {
    saltPool = randomBytes(SALT_POOL_BYTES);
    saltPos = 0;
  }
  const s = base64urlEncodeRange(saltPool, saltPos, saltPos + size);
  saltPool.fill(0, saltPos, saltPos + size);
  saltPos += size;
  return s;
}

/**
 * The JSON text of a disclosure, `[salt, name, value]` (or `[salt, value]` for an array element),
 * exactly as `JSON.stringify` of that array writes it, without building the array: the salt is
 * base64url (nothing to escape) and a value with no JSON form is written `null`, as in an array.
 */
export function disclosureJson(salt: string, name: string | undefined, value: unknown): string {
  const v = JSON.stringify(value) ?? 'null';
  return name === undefined ? `["${salt}",${v}]` : `["${salt}",${JSON.stringify(name)},${v}]`;
}

/** The path of a value, for error messages only: `$`, then `.name` and `[index]` segments. */
function pathText(segments: readonly (string | number)[]): string {
  let s = '$';
  for (const k of segments) s += typeof k === 'number' ? `[${k}]` : `.${k}`;
  return s;
}

export class Packer {
  readonly disclosures: string[] = [];
  /** Where the packing is; formatted only when an error is thrown. */
  private readonly at: (string | number)[] = [];
  constructor(
    private readonly sdAlg: SdHashAlgorithm,
    private readonly saltBytes: number,
  ) {}

  private disclose(name: string | undefined, value: unknown): string {
    const encoded = base64urlEncodeText(disclosureJson(nextSalt(this.saltBytes), name, value));
    this.disclosures.push(encoded);
    return digestOf(encoded, this.sdAlg);
  }

  private decoy(): string {
    return base64urlEncode(hash(this.sdAlg, randomBytes(16)));
  }

  pack(value: unknown, frame: DisclosureFrame | undefined): unknown {
    if (frame === undefined) {
      checkReserved(value, this.at, 0);
      return value;
    }
    if (!isPlainObject(frame))
      throw new TypeError(`disclosure frame at ${pathText(this.at)} must be an object`);
    const sd = frame._sd === undefined ? [] : frame._sd;
    if (!Array.isArray(sd))
      throw new TypeError(`disclosure frame _sd at ${pathText(this.at)} must be an array`);
    const decoys = frame._sd_decoy === undefined ? 0 : frame._sd_decoy;
    if (!Number.isInteger(decoys) || decoys < 0 || decoys > 1000) {
      throw new RangeError(`_sd_decoy at ${pathText(this.at)} must be an integer in [0, 1000]`);
    }
    if (Array.isArray(value)) return this.packArray(value, frame, sd, decoys);
    if (isPlainObject(value)) return this.packObject(value, frame, sd, decoys);
    throw new TypeError(
      `disclosure frame at ${pathText(this.at)} applies to a value that is neither an object nor an array`,
    );
  }

  private packObject(
    o: Record<string, unknown>,
    frame: DisclosureFrame,
    sd: ReadonlyArray<string | number>,
    decoys: number,
  ): Record<string, unknown> {
    for (const k of sd) {
      if (typeof k !== 'string')
        throw new TypeError(`_sd at ${pathText(this.at)} must name properties (strings)`);
      if (!Object.hasOwn(o, k))
        throw new TypeError(
          `_sd at ${pathText(this.at)} names ${JSON.stringify(k)}, which is not in the payload`,
        );
    }
    // A short list is searched as it is; a long one through a set.
    const names = sd as readonly string[];
    const sdSet = names.length > 16 ? new Set(names) : undefined;
    for (const k in frame) {
      if (k !== '_sd' && k !== '_sd_decoy' && !Object.hasOwn(o, k)) {
        throw new TypeError(
          `disclosure frame at ${pathText(this.at)} has ${JSON.stringify(k)}, which is not in the payload`,
        );
      }
    }
    const out: Record<string, unknown> = {};
    const digests: string[] = [];
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      if (k === '_sd' || k === '...')
        throw new TypeError(`claim name ${JSON.stringify(k)} is reserved (at ${pathText(this.at)})`);
      const sub = Object.hasOwn(frame, k) ? (frame[k] as DisclosureFrame) : undefined;
      this.at.push(k);
      const v = this.pack(o[k], sub);
      this.at.pop();
      if (sdSet === undefined ? names.includes(k) : sdSet.has(k)) digests.push(this.disclose(k, v));
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
  ): unknown[] {
    const sdSet = new Set<number>();
    for (const k of sd) {
      const i = typeof k === 'number' ? k : Number(k);
      if (!Number.isInteger(i) || i < 0 || i >= a.length)
        throw new TypeError(`_sd at ${pathText(this.at)} has index ${String(k)} out of range`);
      sdSet.add(i);
    }
    for (const k in frame) {
      if (k === '_sd' || k === '_sd_decoy') continue;
      const i = Number(k);
      if (!Number.isInteger(i) || i < 0 || i >= a.length)
        throw new TypeError(`disclosure frame at ${pathText(this.at)} has index ${k} out of range`);
    }
    const out: unknown[] = [];
    for (let i = 0; i < a.length; i++) {
      const sub = Object.hasOwn(frame, String(i)) ? (frame[String(i)] as DisclosureFrame) : undefined;
      this.at.push(i);
      const v = this.pack(a[i], sub);
      this.at.pop();
      out.push(sdSet.has(i) ? { '...': this.disclose(undefined, v) } : v);
    }
    for (let i = 0; i < decoys; i++) {
      const at = randomBytes(1)[0]! % (out.length + 1);
      out.splice(at, 0, { '...': this.decoy() });
    }
    return out;
  }
}

function checkReserved(v: unknown, path: readonly (string | number)[], depth: number): void {
  if (typeof v !== 'object' || v === null) return;
  if (depth > 64) throw new RangeError(`payload nested deeper than 64 at ${pathText(path)}`);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) checkReserved(v[i], path, depth + 1);
    return;
  }
  for (const k in v) {
    if (!Object.hasOwn(v, k)) continue;
    if (k === '_sd' || k === '...')
      throw new TypeError(`claim name ${JSON.stringify(k)} is reserved (under ${pathText(path)})`);
    checkReserved((v as Record<string, unknown>)[k], path, depth + 1);
  }
}
