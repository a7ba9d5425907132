import { copyData } from '../internal/copyData.js';
import type { Account } from '../roles/RelyingParty.js';

/**
 * Where a {@link RelyingParty} keeps its accounts (pairwise DID → account). The default is a
 * {@link MemoryAccountStore}; several servers share one store (a database table keyed by the DID).
 * It holds no personal data beyond the claims the RP asked for.
 */
export interface AccountStore {
  /** @returns the account of a pairwise DID, or undefined */
  get(did: string): Promise<Account | undefined>;
  /** Stores (or replaces) an account. */
  put(account: Account): Promise<void>;
  /** @returns every account */
  list(): Promise<Account[]>;
}

/**
 * An {@link AccountStore} in memory (tests, demos, one process).
 *
 * @example
 * ```ts
 * const site = await RelyingParty.create({ ledger, registryDid, accounts: new MemoryAccountStore() });
 * ```
 */
export class MemoryAccountStore implements AccountStore {
  /** Private deep copies: what a caller passes in or gets back never shares state with them. */
  readonly #accounts = new Map<string, Account>();

  /** @inheritDoc */
  async get(did: string): Promise<Account | undefined> {
    const a = this.#accounts.get(did);
    return a === undefined ? undefined : copyData(a);
  }

  /** @inheritDoc */
  async put(account: Account): Promise<void> {
    this.#accounts.set(account.did, copyData(account));
  }

  /** @inheritDoc */
  async list(): Promise<Account[]> {
    return [...this.#accounts.values()].map((a) => copyData(a));
  }
}
