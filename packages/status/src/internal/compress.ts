import { gzipSync, Inflate, zlibSync } from 'fflate';
import { statusError } from './errors.js';

/** Compressed input is fed to the inflater in slices this big, so that one step can expand to at most ~4 MiB. */
const SLICE = 4096;

/*
 * The memory level is fflate's default, chosen from the input's size. A fixed `mem: 12` set up its
 * largest tables for every list — `encodeStatusList` took 1.9 ms for a 4-entry list (0.13 ms now)
 * and 2.7 ms for 131,072 two-bit entries (1.3 ms now), so an authority's export or epoch over
 * 16,384 lists spent half a minute compressing — and compressed no better (sizes within 0.1 % on
 * sparse and dense inputs of 16 KiB to 2 MiB). `node benchmarks/run.mjs status`, "encode" rows.
 */

/** ZLIB (RFC 1950) around DEFLATE (RFC 1951) at the highest level, as the Token Status List asks. */
export function zlibCompress(data: Uint8Array): Uint8Array {
  return zlibSync(data, { level: 9 });
}

/** GZIP (RFC 1952), highest level, mtime 0 and no file name, so equal input gives equal output. */
export function gzipCompress(data: Uint8Array): Uint8Array {
  return gzipSync(data, { level: 9, mtime: 0 });
}

/**
 * Inflates raw DEFLATE data, stopping as soon as the output would exceed `maxOutput` bytes, so a
 * decompression bomb costs at most `maxOutput` plus one slice's expansion of memory.
 */
function inflateCapped(body: Uint8Array, maxOutput: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > maxOutput) {
      throw statusError('ERR_STATUS_LIST_TOO_LARGE', `decompressed status list exceeds ${maxOutput} bytes`);
    }
    chunks.push(chunk);
  });
  try {
    if (body.length === 0) throw new Error('empty DEFLATE stream');
    for (let at = 0; at < body.length; at += SLICE) {
      const end = Math.min(body.length, at + SLICE);
      inflater.push(body.subarray(at, end), end === body.length);
    }
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_STATUS_LIST_TOO_LARGE') throw err;
    throw statusError('ERR_STATUS_LIST_COMPRESSION', 'corrupt DEFLATE data', err);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; ) {
    const end = Math.min(data.length, i + 3800);
    for (; i < end; i++) {
      a += data[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

let crcTable: Uint32Array | undefined;
function crc32(data: Uint8Array): number {
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function corrupt(message: string): never {
  throw statusError('ERR_STATUS_LIST_COMPRESSION', message);
}

/**
 * Decompresses ZLIB data strictly: checks the header (DEFLATE, no preset dictionary), caps the
 * output, and checks the Adler-32 trailer.
 */
export function zlibDecompress(data: Uint8Array, maxOutput: number): Uint8Array {
  if (data.length < 7) corrupt('ZLIB data too short');
  const cmf = data[0]!;
  const flg = data[1]!;
  if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7)
    corrupt('ZLIB header: expected DEFLATE with a window of at most 32 KiB');
  if (((cmf << 8) | flg) % 31 !== 0) corrupt('ZLIB header check bits are wrong');
  if (flg & 0x20) corrupt('ZLIB preset dictionaries are not supported');
  const out = inflateCapped(data.subarray(2, data.length - 4), maxOutput);
  const n = data.length;
  const expected = ((data[n - 4]! << 24) | (data[n - 3]! << 16) | (data[n - 2]! << 8) | data[n - 1]!) >>> 0;
  if (adler32(out) !== expected) corrupt('ZLIB Adler-32 checksum mismatch');
  return out;
}

/**
 * Decompresses a single-member GZIP stream strictly: checks the header, caps the output, and
 * checks the CRC-32 and length trailer.
 */
export function gzipDecompress(data: Uint8Array, maxOutput: number): Uint8Array {
  const n = data.length;
  if (n < 18) corrupt('GZIP data too short');
  if (data[0] !== 0x1f || data[1] !== 0x8b || data[2] !== 8) corrupt('GZIP header: expected 1f 8b 08');
  const flags = data[3]!;
  if (flags & 0xe0) corrupt('GZIP header: reserved flags set');
  let at = 10;
  if (flags & 4) {
    if (at + 2 > n) corrupt('GZIP header truncated');
    at += 2 + (data[at]! | (data[at + 1]! << 8));
  }
  for (const bit of [8, 16]) {
    if (flags & bit) {
      while (at < n && data[at] !== 0) at++;
      at++;
    }
  }
  if (flags & 2) at += 2;
  if (at > n - 8) corrupt('GZIP header truncated');
  const out = inflateCapped(data.subarray(at, n - 8), maxOutput);
  const crc = (data[n - 8]! | (data[n - 7]! << 8) | (data[n - 6]! << 16) | (data[n - 5]! << 24)) >>> 0;
  const size = (data[n - 4]! | (data[n - 3]! << 8) | (data[n - 2]! << 16) | (data[n - 1]! << 24)) >>> 0;
  if (size !== out.length % 2 ** 32) corrupt('GZIP length trailer mismatch');
  if (crc32(out) !== crc) corrupt('GZIP CRC-32 mismatch');
  return out;
}
