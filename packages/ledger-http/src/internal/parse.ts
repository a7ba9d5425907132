import { base64urlDecode, RealDidError } from '@realdid/crypto';
import type { AppendReceipt, LedgerEntry, LedgerInfo } from '@realdid/ledger';
import type { GatewayErrorCode } from '../GatewayErrorCode.js';

// Answers from the gateway are untrusted input: each field is checked before use.

const ID = /^z[1-9A-HJ-NP-Za-km-z]{1,60}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function fail(message: string): never {
  throw new RealDidError<GatewayErrorCode>('ERR_GATEWAY_PROTOCOL', message);
}

function obj(v: unknown, what: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(`${what} must be a JSON object`);
  return v as Record<string, unknown>;
}

function nat(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    fail(`${what} must be a non-negative integer`);
  return v;
}

function str(v: unknown, re: RegExp, what: string): string {
  if (typeof v !== 'string' || !re.test(v)) fail(`${what} is malformed`);
  return v;
}

export function parseReceipt(v: unknown, topic: string): AppendReceipt {
  const o = obj(v, 'a receipt');
  if (o.topic !== topic) fail('the receipt names another topic');
  if (typeof o.duplicate !== 'boolean') fail('receipt.duplicate must be a boolean');
  return {
    topic,
    position: nat(o.position, 'receipt.position'),
    id: str(o.id, ID, 'receipt.id'),
    time: str(o.time, TIME, 'receipt.time'),
    duplicate: o.duplicate,
  };
}

export function parseEntries(
  v: unknown,
  topic: string,
  from: number,
): { entries: LedgerEntry[]; next: number | null } {
  const o = obj(v, 'a page');
  if (!Array.isArray(o.entries)) fail('page.entries must be an array');
  const next = o.next === null ? null : nat(o.next, 'page.next');
  const entries = o.entries.map((x, i): LedgerEntry => {
    const e = obj(x, 'an entry');
    const position = nat(e.position, 'entry.position');
    if (position !== from + i) fail('entries must have consecutive positions from the one asked for');
    if (typeof e.payload !== 'string') fail('entry.payload must be base64url');
    let payload: Uint8Array;
    try {
      payload = base64urlDecode(e.payload);
    } catch {
      fail('entry.payload must be base64url');
    }
    const entry: LedgerEntry = {
      topic,
      position,
      id: str(e.id, ID, 'entry.id'),
      time: str(e.time, TIME, 'entry.time'),
      payload,
    };
    if (e.anchor !== undefined && e.anchor !== null) entry.anchor = obj(e.anchor, 'entry.anchor');
    return entry;
  });
  if (next !== null && next !== from + entries.length) fail('page.next must follow the last entry');
  return { entries, next };
}

export function parseSize(v: unknown): number {
  return nat(obj(v, 'a size answer').size, 'size');
}

export function parseInfo(v: unknown): LedgerInfo {
  const o = obj(v, 'an info answer');
  if (typeof o.kind !== 'string') fail('info.kind must be a string');
  if (typeof o.location !== 'string') fail('info.location must be a string');
  return {
    ...o,
    kind: o.kind,
    location: o.location,
    maxEntryBytes: nat(o.maxEntryBytes, 'info.maxEntryBytes'),
    topics: nat(o.topics, 'info.topics'),
    entries: nat(o.entries, 'info.entries'),
  };
}
