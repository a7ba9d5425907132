import { TOPIC_PATTERN } from '@realdid/ledger';
import {
  type Address,
  decodeAbiParameters,
  getAbiItem,
  type Hex,
  hexToBigInt,
  keccak256,
  stringToBytes,
  toEventSelector,
} from 'viem';
import { REGISTRY_ABI } from './registryArtifact.js';

const ENTRY_EVENT = getAbiItem({ abi: REGISTRY_ABI, name: 'Entry' });
const BATCH_EVENT = getAbiItem({ abi: REGISTRY_ABI, name: 'Batch' });
/** topic0 of `Entry`. */
export const ENTRY_SIG: Hex = toEventSelector(ENTRY_EVENT);
/** topic0 of `Batch`. */
export const BATCH_SIG: Hex = toEventSelector(BATCH_EVENT);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A log as `eth_getLogs` / a receipt returns it (JSON-RPC shape, hex quantities). */
export interface RawLog {
  address: string;
  topics: readonly string[];
  data: string;
  blockNumber: string | bigint | null;
  blockHash: string | null;
  transactionHash: string | null;
  logIndex: string | number | null;
  removed?: boolean;
}

interface Placed {
  blockNumber: bigint;
  blockHash: Hex;
  txHash: Hex;
  logIndex: number;
}

/** A decoded `Entry` log whose topic is a valid ledger topic. */
export interface EntryLogData extends Placed {
  kind: 'entry';
  topicHash: Hex;
  position: bigint;
  contentHash: Hex;
  prevBlock: bigint;
  topic: string;
  payload: Uint8Array;
}

/** A decoded `Batch` log. */
export interface BatchLogData extends Placed {
  kind: 'batch';
  root: Hex;
  batchNumber: bigint;
  submitter: Address;
  key: Hex;
  count: bigint;
  size: bigint;
  /** The file id, or undefined when its bytes are not UTF-8 (such a batch can never verify). */
  uri: string | undefined;
  topicHashes: Hex[];
}

const HEX32 = /^0x[0-9a-fA-F]{64}$/;

function placed(l: RawLog): Placed | undefined {
  if (l.removed === true) return undefined;
  if (l.blockHash === null || l.transactionHash === null || l.blockNumber === null || l.logIndex === null)
    return undefined;
  if (!HEX32.test(l.blockHash) || !HEX32.test(l.transactionHash)) return undefined;
  const blockNumber = typeof l.blockNumber === 'bigint' ? l.blockNumber : hexToBigInt(l.blockNumber as Hex);
  const logIndex = typeof l.logIndex === 'number' ? l.logIndex : Number(hexToBigInt(l.logIndex as Hex));
  return {
    blockNumber,
    blockHash: l.blockHash.toLowerCase() as Hex,
    txHash: l.transactionHash.toLowerCase() as Hex,
    logIndex,
  };
}

/**
 * Decodes one registry log. The topic string is decoded strictly: a topic whose bytes are not
 * UTF-8, not a valid ledger topic, or do not hash to the indexed topic hash makes the log
 * unusable (undefined) — another writer's garbage is skipped, never thrown on.
 *
 * @returns the decoded entry or batch, or undefined for anything else
 */
export function decodeRegistryLog(l: RawLog): EntryLogData | BatchLogData | undefined {
  try {
    if (typeof l !== 'object' || l === null || !Array.isArray(l.topics) || typeof l.data !== 'string')
      return undefined;
    const p = placed(l);
    if (!p || l.topics.length !== 4) return undefined;
    const [sig, t1, t2, t3] = l.topics.map((t) => String(t).toLowerCase()) as [Hex, Hex, Hex, Hex];
    if (sig === ENTRY_SIG) {
      const [prevBlock, topicBytes, payload] = decodeAbiParameters(
        [{ type: 'uint64' }, { type: 'bytes' }, { type: 'bytes' }],
        l.data as Hex,
      );
      const tb = hexBytes(topicBytes);
      let topic: string;
      try {
        topic = utf8.decode(tb);
      } catch {
        return undefined;
      }
      if (!TOPIC_PATTERN.test(topic)) return undefined;
      // The bytes must be exactly the UTF-8 of the decoded topic (a BOM or any other prefix that
      // the decoder drops would otherwise smuggle an entry into another topic).
      if (keccak256(tb) !== t1 || keccak256(stringToBytes(topic)) !== t1) return undefined;
      return {
        kind: 'entry',
        ...p,
        topicHash: t1,
        position: hexToBigInt(t2),
        contentHash: t3,
        prevBlock,
        topic,
        payload: hexBytes(payload),
      };
    }
    if (sig === BATCH_SIG) {
      const [key, count, size, uriBytes, topicHashes] = decodeAbiParameters(
        [
          { type: 'bytes32' },
          { type: 'uint64' },
          { type: 'uint64' },
          { type: 'bytes' },
          { type: 'bytes32[]' },
        ],
        l.data as Hex,
      );
      let uri: string | undefined;
      try {
        uri = utf8.decode(hexBytes(uriBytes));
      } catch {
        uri = undefined;
      }
      return {
        kind: 'batch',
        ...p,
        root: t1,
        batchNumber: hexToBigInt(t2),
        submitter: `0x${t3.slice(26)}` as Address,
        key: key.toLowerCase() as Hex,
        count,
        size,
        uri,
        topicHashes: topicHashes.map((h) => h.toLowerCase() as Hex),
      };
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function hexBytes(h: Hex): Uint8Array {
  const s = h.slice(2);
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Orders logs by (block, log index). */
export function sortLogs<T extends { blockNumber: bigint; logIndex: number }>(logs: readonly T[]): T[] {
  return logs
    .slice()
    .sort((a, b) =>
      a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
    );
}

/**
 * Whether an `eth_getLogs` failure says the answer was too large (providers cap the number of
 * logs or the response size per call): the range is then split and asked again.
 */
export function isTooManyLogs(err: unknown): boolean {
  const text = collectText(err);
  return /more than \d+ results|too many (results|logs)|query returned more|response size|limit exceeded|exceed(s|ed)? .*limit|block range|-32005/i.test(
    text,
  );
}

function collectText(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let i = 0; i < 8 && e !== undefined && e !== null; i++) {
    const o = e as { message?: unknown; details?: unknown; code?: unknown; cause?: unknown };
    if (typeof o.message === 'string') parts.push(o.message);
    if (typeof o.details === 'string') parts.push(o.details);
    if (o.code !== undefined) parts.push(String(o.code));
    e = o.cause;
  }
  return parts.join(' ');
}
