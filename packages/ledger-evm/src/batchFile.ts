import { RealDidError } from '@realdid/crypto';
import type { LedgerAppend, LedgerErrorCode } from '@realdid/ledger';
import { TOPIC_PATTERN } from '@realdid/ledger';

const MAGIC = [0x52, 0x44, 0x4c, 0x42]; // "RDLB"
const VERSION = 1;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Limits applied when decoding an untrusted batch file. */
export interface BatchFileLimits {
  /** Most entries in one batch (default 100,000). */
  maxEntries?: number;
  /** Largest payload of one entry (default 65,536). */
  maxEntryBytes?: number;
}

/**
 * Encodes a batch file: `"RDLB" | 0x01 | uint32be(count) | count × (uint16be(len) | topic |
 * uint32be(len) | payload)`. The file is stored in a content-addressed store; its id goes on chain
 * with the Merkle root.
 *
 * @param entries - the batch, in batch order (at least one)
 * @returns the file bytes
 * @throws TypeError / RangeError for malformed entries
 * @example
 * ```ts
 * const file = encodeBatchFile([{ topic: 'a', payload: new Uint8Array([1]) }]);
 * decodeBatchFile(file)[0].topic; // 'a'
 * ```
 */
export function encodeBatchFile(entries: readonly LedgerAppend[]): Uint8Array {
  if (!Array.isArray(entries)) throw new TypeError('entries must be an array');
  if (entries.length === 0) throw new RangeError('a batch needs at least one entry');
  const parts: Uint8Array[] = [];
  let size = 9;
  for (const e of entries) {
    if (typeof e?.topic !== 'string' || !(e.payload instanceof Uint8Array)) {
      throw new TypeError('each entry needs a string topic and a Uint8Array payload');
    }
    const t = encoder.encode(e.topic);
    if (t.length > 0xffff) throw new RangeError('topic too long');
    parts.push(t, e.payload);
    size += 6 + t.length + e.payload.length;
  }
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[4] = VERSION;
  dv.setUint32(5, entries.length);
  let o = 9;
  for (let i = 0; i < parts.length; i += 2) {
    const t = parts[i] as Uint8Array;
    const p = parts[i + 1] as Uint8Array;
    dv.setUint16(o, t.length);
    out.set(t, o + 2);
    o += 2 + t.length;
    dv.setUint32(o, p.length);
    out.set(p, o + 4);
    o += 4 + p.length;
  }
  return out;
}

/**
 * A limit must be a positive safe integer. Without this check a NaN limit disabled the bound it
 * stands for, and an array given as a limit was coerced by `>` and by the message template —
 * for a deeply nested array, a recursion that overflowed the stack.
 */
function checkLimit(value: unknown, name: string): number {
  if (typeof value !== 'number')
    throw new TypeError(`limits.${name} must be a number, found ${typeof value}`);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`limits.${name} must be a positive integer`);
  }
  return value;
}

function corrupt(msg: string): RealDidError<LedgerErrorCode> {
  return new RealDidError('ERR_LEDGER_CORRUPT', `batch file: ${msg}`);
}

/**
 * Decodes and checks an untrusted batch file.
 *
 * @param bytes - the file
 * @param limits - entry count and size limits
 * @returns the entries in batch order
 * @throws RealDidError `ERR_LEDGER_CORRUPT` for a truncated, oversized or malformed file; TypeError /
 *   RangeError when `bytes` is not a Uint8Array or a limit is not a positive integer
 */
export function decodeBatchFile(bytes: Uint8Array, limits: BatchFileLimits = {}): LedgerAppend[] {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes must be a Uint8Array');
  const maxEntries = checkLimit(limits.maxEntries ?? 100_000, 'maxEntries');
  const maxEntryBytes = checkLimit(limits.maxEntryBytes ?? 65_536, 'maxEntryBytes');
  if (bytes.length < 9) throw corrupt(`expected at least 9 bytes, found ${bytes.length}`);
  for (let i = 0; i < 4; i++) if (bytes[i] !== MAGIC[i]) throw corrupt('bad magic');
  if (bytes[4] !== VERSION) throw corrupt(`expected version ${VERSION}, found ${bytes[4]}`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = dv.getUint32(5);
  if (count === 0 || count > maxEntries) throw corrupt(`expected 1..${maxEntries} entries, found ${count}`);
  const out: LedgerAppend[] = [];
  let o = 9;
  for (let i = 0; i < count; i++) {
    if (o + 2 > bytes.length) throw corrupt('truncated');
    const tl = dv.getUint16(o);
    o += 2;
    if (o + tl + 4 > bytes.length) throw corrupt('truncated');
    let topic: string;
    try {
      topic = decoder.decode(bytes.subarray(o, o + tl));
    } catch {
      throw corrupt(`entry ${i}: topic is not UTF-8`);
    }
    if (!TOPIC_PATTERN.test(topic)) throw corrupt(`entry ${i}: invalid topic`);
    o += tl;
    const pl = dv.getUint32(o);
    o += 4;
    if (pl > maxEntryBytes) throw corrupt(`entry ${i}: payload of ${pl} bytes exceeds ${maxEntryBytes}`);
    if (o + pl > bytes.length) throw corrupt('truncated');
    out.push({ topic, payload: bytes.slice(o, o + pl) });
    o += pl;
  }
  if (o !== bytes.length) throw corrupt(`${bytes.length - o} trailing bytes`);
  return out;
}
