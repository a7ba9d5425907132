import { readFileSync } from 'node:fs';

/** Reads a file of test/vectors/ (each folder's SOURCE.md names its upstream). */
export function readVector(path: string): string {
  return readFileSync(new URL(`../vectors/${path}`, import.meta.url), 'utf8');
}

/** Parses a JSON file of test/vectors/. */
export function readJsonVector<T = unknown>(path: string): T {
  return JSON.parse(readVector(path)) as T;
}

/** Hex to bytes (test helper). */
export function hex(s: string): Uint8Array {
  if (s.length % 2 !== 0) throw new Error('odd hex');
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Bytes to hex (test helper). */
export function toHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
