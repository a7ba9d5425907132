import type { RealNameErrorCode } from './RealNameErrorCode.js';

/**
 * A ledger entry a topic reader skipped. Anyone may append to a ledger topic, so
 * {@link readRegistry} and {@link readTraceAudit} never trust an entry for its content: one that
 * does not verify (not JSON, bad signature, signed by another key, wrong registry or committee,
 * unknown type) or that repeats an earlier entry is not applied, and is reported here instead.
 */
export interface RejectedLedgerEntry {
  /** Its position on the topic. */
  position: number;
  /** Why: `ERR_REGISTRY_INVALID` / `ERR_REGISTRY_REPLAYED` or `ERR_TRACE_AUDIT_INVALID` / `ERR_TRACE_AUDIT_REPLAYED`. */
  code: RealNameErrorCode;
  /** A short description (no entry content). */
  reason: string;
}

/** Options of the topic readers {@link readRegistry} and {@link readTraceAudit}. */
export interface ReadTopicOptions {
  /** Called once per skipped entry, in ledger order (for logs and alerts). */
  onRejected?: (rejected: RejectedLedgerEntry) => void;
}
