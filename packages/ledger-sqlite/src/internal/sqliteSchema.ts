/** `PRAGMA application_id` of a RealDID ledger file: ASCII `RDLG`. */
export const APPLICATION_ID = 0x52444c47;

/** The schema version this code writes and reads (`PRAGMA user_version`). */
export const SCHEMA_VERSION = 1;

/**
 * Schema version 1.
 *
 * - `topic`: one row per topic; `size` is the next free position, so `size()` and the position of
 *   a new entry are one primary-key lookup.
 * - `entry`: the global sequence is the rowid (`seq`): entries are written in ledger order, so
 *   every insert lands at the right edge of the table b-tree (no page splits in the middle). The
 *   key of an entry in its topic is `(tid, position)` (unique index, the lookup `read` ranges over);
 *   idempotence is the unique `(tid, digest)` index. The id is stored as the raw 32-byte sha2-256
 *   digest (the 47-character multibase text is rebuilt on read).
 */
export const SCHEMA_V1 = `
CREATE TABLE topic (
  tid INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  size INTEGER NOT NULL
);
CREATE TABLE entry (
  seq INTEGER PRIMARY KEY,
  tid INTEGER NOT NULL,
  position INTEGER NOT NULL,
  digest BLOB NOT NULL,
  time INTEGER NOT NULL,
  payload BLOB NOT NULL
);
CREATE UNIQUE INDEX entry_position ON entry (tid, position);
CREATE UNIQUE INDEX entry_digest ON entry (tid, digest);
`;
