import { isRealDidError, TIMED_OUT, withTimeout } from '@realdid/crypto';
import type { LedgerClient, LedgerEntry } from '@realdid/ledger';
import type { DIDDocumentMetadata, DIDResolutionResult } from 'did-resolver';
import type { ParsedRealDid } from '../parseRealDid.js';
import { buildDocument } from './document.js';
import { errorResult, okResult } from './result.js';
import {
  type DidState,
  type FoldBudget,
  foldHistory,
  parseCreate,
  stateFromCreate,
  type Version,
} from './state.js';

/** The budget of one resolution: the fold's limits and the `timeoutMs` it started with. */
export interface ResolutionBudget extends FoldBudget {
  timeoutMs: number;
}

export interface VersionQuery {
  versionId: string | undefined;
  /** Milliseconds since the epoch. */
  versionTime: number | undefined;
}

/** Resolves a parsed did:realdid DID against the ledger of its network (or offline for a long form). */
export async function resolveRealDid(
  parsed: ParsedRealDid,
  query: VersionQuery,
  networks: Readonly<Record<string, LedgerClient>> | undefined,
  contentType: string,
  budget: ResolutionBudget,
): Promise<DIDResolutionResult> {
  // 1. the long form must be a valid create operation hashing to the suffix, on the same network
  let offline: DidState | undefined;
  if (parsed.longFormPayload !== undefined) {
    const create = parseCreate(parsed.longFormPayload, parsed.suffix, parsed.network);
    if (create === undefined)
      return errorResult(
        'invalidDid',
        'the long-form payload is not a valid create operation hashing to the suffix',
      );
    offline = stateFromCreate(create, parsed.suffix);
  }

  // 2. the ledger of the network
  const networkName = parsed.network ?? 'main';
  const ledger =
    networks !== undefined && Object.hasOwn(networks, networkName) ? networks[networkName] : undefined;
  let entries: LedgerEntry[] = [];
  if (ledger === undefined) {
    if (offline === undefined)
      return errorResult('methodNotSupported', `no ledger is configured for network "${networkName}"`);
  } else {
    try {
      // A stuck node or a hostile client must not hang resolution: the read is bounded.
      const remaining =
        budget.deadline === Infinity ? Infinity : Math.max(1, Math.ceil(budget.deadline - performance.now()));
      const read = await withTimeout(ledger.read(parsed.suffix), remaining);
      if (read === TIMED_OUT) {
        return errorResult(
          'internalError',
          `the ledger of network "${networkName}" did not answer within ${budget.timeoutMs} ms`,
          'ERR_DID_RESOLUTION_LIMIT',
        );
      }
      entries = read;
    } catch {
      return errorResult('internalError', `the ledger of network "${networkName}" could not be read`);
    }
  }

  // 3. fold
  let versions: Version[];
  try {
    versions = foldHistory(parsed.suffix, parsed.network, entries, budget);
  } catch (e) {
    if (isRealDidError(e) && e.code === 'ERR_DID_RESOLUTION_LIMIT') {
      const why = e.message.endsWith('timeoutMs')
        ? `timeoutMs of ${budget.timeoutMs} ms exceeded`
        : e.message;
      return errorResult('internalError', why, 'ERR_DID_RESOLUTION_LIMIT');
    }
    throw e;
  }
  const published = versions.length > 0;
  let history: Version[];
  if (published) history = versions;
  else if (offline !== undefined) history = [{ id: parsed.suffix, time: undefined, state: offline }];
  else return errorResult('notFound', 'no valid create operation for this DID on the ledger');

  // 4. select the version
  let index = history.length - 1;
  if (query.versionId !== undefined) {
    index = history.findIndex((v) => v.id === query.versionId);
    if (index < 0) return errorResult('notFound', 'no version with this versionId');
  } else if (query.versionTime !== undefined && published) {
    index = -1;
    for (let i = 0; i < history.length; i++) {
      const t = Date.parse((history[i] as Version).time as string);
      if (t <= query.versionTime) index = i;
      else break;
    }
    if (index < 0) {
      // A long form existed before it was anchored, with exactly the content of its create
      // (spec §5.1 step 6): an anchoring, by anyone, does not erase what it answered before.
      if (offline === undefined) return errorResult('notFound', 'the DID did not exist at this versionTime');
      index = 0;
    }
  }
  const version = history[index] as Version;
  const next = history[index + 1];
  const state = version.state;

  // 5. document and metadata
  const meta: DIDDocumentMetadata = {};
  const first = history[0] as Version;
  if (first.time !== undefined) meta.created = first.time;
  if (index > 0 && version.time !== undefined) meta.updated = version.time;
  meta.versionId = version.id;
  if (next !== undefined) {
    meta.nextVersionId = next.id;
    if (next.time !== undefined) meta.nextUpdate = next.time;
  }
  if (state.deactivated) meta.deactivated = true;
  if (published) meta.canonicalId = parsed.shortForm;
  if (parsed.longFormPayload !== undefined) meta.equivalentId = [parsed.shortForm];
  meta.method = state.deactivated
    ? { published }
    : { published, updateCommitment: state.updateCommitment, recoveryCommitment: state.recoveryCommitment };
  return okResult(contentType, buildDocument(parsed.did, state), meta);
}
