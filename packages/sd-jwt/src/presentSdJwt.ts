import { hashTextBase64url } from '@realdid/crypto';
import type { DecodedDisclosure } from './internal/disclosure.js';
import { isPlainObject } from './internal/encoding.js';
import { sdError } from './internal/errors.js';
import { holderView } from './internal/holder.js';
import { signCompactJws } from './internal/jws.js';
import { sdHashInput } from './internal/split.js';
import { toJsonSerialization } from './toJsonSerialization.js';
import type { JwsSigner, PresentationFrame, SdJwtFlattenedJson, SdJwtGeneralJson } from './types.js';

/** Options of {@link presentSdJwt}. */
export interface PresentSdJwtOptions {
  /** Adds a Key Binding JWT signed by the holder key named in `cnf`. */
  keyBinding?: {
    /** Signs the KB-JWT with the holder key. */
    signer: JwsSigner;
    /** The verifier (KB-JWT `aud`). */
    aud: string;
    /** The verifier's nonce for this transaction. */
    nonce: string;
    /** `iat` in seconds (default: now). */
    iat?: number;
  };
  /** Output serialization (default compact). */
  format?: 'compact' | 'flattened' | 'general';
}

type Frame = true | PresentationFrame;

function select(
  node: unknown,
  frame: Frame,
  map: ReadonlyMap<string, DecodedDisclosure>,
  out: Set<string>,
  depth: number,
): void {
  if (typeof node !== 'object' || node === null) return;
  if (depth > 64) throw sdError('ERR_SD_JWT_LIMIT', 'nesting deeper than 64');
  const sub = (k: string): Frame | undefined => {
    if (frame === true) return true;
    const f = Object.hasOwn(frame, k) ? frame[k] : undefined;
    return f === true || isPlainObject(f) ? (f as Frame) : undefined;
  };
  if (Array.isArray(node)) {
    // Indexes count the elements the holder can see: plain ones and those with a disclosure;
    // decoys and digests without a disclosure are skipped, as in `decodeSdJwt(...).claims`.
    let i = 0;
    for (const e of node) {
      if (isPlainObject(e) && typeof e['...'] === 'string' && Object.keys(e).length === 1) {
        const rec = map.get(e['...']);
        if (rec === undefined || rec.name !== undefined) continue;
        const f = sub(String(i++));
        if (f === undefined) continue;
        out.add(rec.digest);
        select(rec.value, f, map, out, depth + 1);
      } else {
        const f = sub(String(i++));
        if (f !== undefined) select(e, f, map, out, depth + 1);
      }
    }
    return;
  }
  const o = node as Record<string, unknown>;
  for (const k in o) {
    if (!Object.hasOwn(o, k) || k === '_sd') continue;
    const f = sub(k);
    if (f !== undefined) select(o[k], f, map, out, depth + 1);
  }
  const sd = o._sd;
  if (Array.isArray(sd)) {
    for (const d of sd) {
      if (typeof d !== 'string') continue;
      const rec = map.get(d);
      if (rec === undefined || rec.name === undefined) continue;
      const f = sub(rec.name);
      if (f === undefined) continue;
      out.add(rec.digest);
      select(rec.value, f, map, out, depth + 1);
    }
  }
}

/**
 * Makes a presentation from an SD-JWT the holder received (RFC 9901 §7.2): keeps the disclosures
 * of the claims named in `frame`, plus those of every selectively disclosable parent a named
 * claim needs, drops all others, and optionally appends a Key Binding JWT (typ `kb+jwt`, `iat`,
 * `aud`, `nonce`, `sd_hash`). A name the SD-JWT does not hold reveals nothing (it is not an error).
 * The SD-JWT is parsed but not verified: verify it with
 * `verifySdJwt` when you receive it.
 *
 * @param sdJwt - the SD-JWT as issued (compact or JSON serialization; not an SD-JWT+KB)
 * @param frame - what to reveal (see {@link PresentationFrame}); `{}` reveals nothing
 * @param options - key binding and output serialization
 * @returns the presentation (compact string, or JSON serialization object)
 * @throws RealDidError (`ERR_SD_JWT_FORMAT`, …) when the SD-JWT is malformed or already has a KB-JWT
 * @throws TypeError on misuse
 * @example
 * ```ts
 * import { createSigner, generateKeyPair } from '@realdid/crypto';
 * import { issueSdJwt, presentSdJwt } from '@realdid/sd-jwt';
 * const sdJwt = await issueSdJwt({
 *   signer: createSigner(generateKeyPair('Ed25519')),
 *   payload: { given_name: 'Ada', address: { region: 'R', country: 'C' } },
 *   disclosureFrame: { _sd: ['given_name', 'address'], address: { _sd: ['region', 'country'] } },
 * });
 * const vp = await presentSdJwt(sdJwt, { address: { country: true } }); // address + country disclosures
 * ```
 */
export async function presentSdJwt(
  sdJwt: string | SdJwtFlattenedJson | SdJwtGeneralJson,
  frame: PresentationFrame,
  options?: PresentSdJwtOptions & { format?: 'compact' },
): Promise<string>;
export async function presentSdJwt(
  sdJwt: string | SdJwtFlattenedJson | SdJwtGeneralJson,
  frame: PresentationFrame,
  options: PresentSdJwtOptions & { format: 'flattened' | 'general' },
): Promise<SdJwtFlattenedJson | SdJwtGeneralJson>;
export async function presentSdJwt(
  sdJwt: string | SdJwtFlattenedJson | SdJwtGeneralJson,
  frame: PresentationFrame,
  options: PresentSdJwtOptions = {},
): Promise<string | SdJwtFlattenedJson | SdJwtGeneralJson> {
  const frameOk: boolean = isPlainObject(frame);
  const optionsOk: boolean = isPlainObject(options);
  if (!frameOk) throw new TypeError('frame must be an object');
  if (!optionsOk) throw new TypeError('options must be an object');
  const format = options.format ?? 'compact';
  if (format !== 'compact' && format !== 'flattened' && format !== 'general')
    throw new TypeError('unknown format');
  const kbo = options.keyBinding;
  if (kbo !== undefined) {
    const plain: boolean = isPlainObject(kbo);
    if (!plain) throw new TypeError('keyBinding must be an object');
    if (typeof kbo.signer?.sign !== 'function' || typeof kbo.signer.alg !== 'string')
      throw new TypeError('keyBinding.signer must be { alg, sign }');
    if (typeof kbo.aud !== 'string' || typeof kbo.nonce !== 'string')
      throw new TypeError('keyBinding.aud and nonce must be strings');
    if (kbo.iat !== undefined && (typeof kbo.iat !== 'number' || !Number.isFinite(kbo.iat)))
      throw new TypeError('keyBinding.iat must be a number');
  }
  if (typeof sdJwt !== 'string' && !isPlainObject(sdJwt))
    throw new TypeError('sdJwt must be a string or a JSON serialization');
  const v = holderView(sdJwt);
  if (v.split.kbJwt !== undefined)
    throw sdError('ERR_SD_JWT_FORMAT', 'a holder must not receive an SD-JWT+KB');
  const chosen = new Set<string>();
  select(v.jws.payload, frame, v.map, chosen, 0);
  const chosenEncoded = new Set<string>();
  for (const d of chosen) chosenEncoded.add(v.map.get(d)!.encoded);
  const disclosures = v.split.disclosures.filter((d) => chosenEncoded.has(d));
  let out = sdHashInput(v.split.jwt, disclosures);
  if (kbo !== undefined) {
    const sdHash = hashTextBase64url(v.sdAlg, out);
    const payload = {
      iat: kbo.iat ?? Math.floor(Date.now() / 1000),
      aud: kbo.aud,
      nonce: kbo.nonce,
      sd_hash: sdHash,
    };
    out += await signCompactJws({ alg: kbo.signer.alg, typ: 'kb+jwt' }, payload, kbo.signer);
  }
  return format === 'compact' ? out : toJsonSerialization(out, format);
}
