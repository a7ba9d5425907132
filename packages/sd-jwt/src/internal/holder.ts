import type { SdJwtFlattenedJson, SdJwtGeneralJson } from '../types.js';
import { DEFAULT_SD_JWT_LIMITS } from '../types.js';
import { type DecodedDisclosure, decodeDisclosures, SD_ALGS, sdAlgOf } from './disclosure.js';
import { type ParsedJws, parseCompactJws } from './jws.js';
import { type SplitSdJwt, splitAny } from './split.js';

/** An SD-JWT as the holder sees it: parsed, digests computed, nothing verified. */
export interface HolderView {
  split: SplitSdJwt;
  jws: ParsedJws;
  sdAlg: (typeof SD_ALGS)[number];
  map: Map<string, DecodedDisclosure>;
}

export function holderView(input: string | SdJwtFlattenedJson | SdJwtGeneralJson): HolderView {
  const split = splitAny(input, DEFAULT_SD_JWT_LIMITS);
  const jws = parseCompactJws(split.jwt, 'Issuer-signed JWT');
  const sdAlg = sdAlgOf(jws.payload, SD_ALGS);
  const map = decodeDisclosures(split.disclosures, sdAlg);
  return { split, jws, sdAlg, map };
}
