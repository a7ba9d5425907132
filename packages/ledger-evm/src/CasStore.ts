/**
 * A content-addressed store for batch files: `put` returns an id derived from the bytes alone,
 * `get` returns the bytes stored under an id (or `undefined`). Readers never trust a store: they
 * re-hash what `get` returns and compare it with the id (see {@link casId}).
 *
 * Ids are `'z' + base58btc(0x12 0x20 || sha256(bytes))` (a multibase sha2-256 multihash, the same
 * form as ledger entry ids). An IPFS adapter can instead return CIDv1 strings (`bafkrei…`, raw codec,
 * sha2-256); readers accept both.
 */
export interface CasStore {
  /** Stores bytes; returns their id. Storing the same bytes twice returns the same id. */
  put(bytes: Uint8Array): Promise<string>;
  /** @returns the bytes stored under `id`, or `undefined` when the store does not have them */
  get(id: string): Promise<Uint8Array | undefined>;
}
