/**
 * base64url(SHA-256(UTF-8(text))) for the `sd_hash` of a DID proof, on the hot path of every
 * registration. On Node.js with `@realdid/crypto`'s node backend it is one call of node:crypto's
 * one-shot `hash` (no Hash object, no UTF-8 copy in JavaScript, no base64url loop); anywhere else
 * (a browser, or `setBackend('noble')`) the portable functions of `@realdid/crypto`. Both give the
 * same string for every input, lone surrogates included (each is encoded as U+FFFD by both).
 */
import { base64urlEncode, getBackend, sha256 } from '@realdid/crypto';
import { utf8 } from './bytes.js';

type OneShotHash = (algorithm: string, data: string, outputEncoding: 'base64url') => string;

/**
 * node:crypto's one-shot `hash` when this runs on Node.js (found through
 * `process.getBuiltinModule`, so no bundler ever sees an import of node:crypto), else undefined.
 */
function findOneShotHash(): OneShotHash | undefined {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const mod = proc?.getBuiltinModule?.('node:crypto') as { hash?: unknown } | undefined;
    return typeof mod?.hash === 'function' ? (mod.hash as OneShotHash) : undefined;
  } catch {
    return undefined;
  }
}

const oneShot = findOneShotHash();

/**
 * @param text - any string (hashed as its UTF-8 encoding)
 * @param portable - use the portable path whatever the platform (for tests)
 * @returns base64url (no padding) of SHA-256 of the UTF-8 encoding of `text`
 */
export function sha256TextB64u(text: string, portable = false): string {
  if (!portable && oneShot !== undefined && getBackend() === 'node')
    return oneShot('sha256', text, 'base64url');
  return base64urlEncode(sha256(utf8(text)));
}
