import type { Account } from '../roles/RelyingParty.js';
import { parseAccount } from './parseAccount.js';

/** Options of {@link parseStoredAccount}. */
export interface ParseStoredAccountOptions {
  /** Largest stored account, in UTF-8 bytes. */
  readonly maxBytes: number;
  /** The DID the row was looked up by, if any: the row's key must be it. */
  readonly expectedDid?: string;
}

/**
 * Checks an account read back from a store that keeps it as JSON text under its DID (a database
 * row `did → account`): the key is a string (the one looked up), the text at most `maxBytes` UTF-8
 * bytes of JSON, the value a well-formed account ({@link parseAccount}) whose DID is the key. An
 * {@link AccountStore} maps the `TypeError` to its own "corrupt" code.
 *
 * @param key - the row's DID
 * @param json - the row's account text
 * @returns the account
 * @throws TypeError saying what is wrong (the message never holds the account's contents)
 *
 * @example
 * ```ts
 * const account = parseStoredAccount(row.did, row.account, { maxBytes: 65_536 });
 * ```
 */
export function parseStoredAccount(key: unknown, json: unknown, options: ParseStoredAccountOptions): Account {
  if (typeof key !== 'string' || (options.expectedDid !== undefined && key !== options.expectedDid))
    throw new TypeError('malformed key');
  if (typeof json !== 'string') throw new TypeError('the account is not text');
  if (json.length > options.maxBytes || new TextEncoder().encode(json).length > options.maxBytes)
    throw new TypeError(`larger than ${options.maxBytes} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new TypeError('the account is not JSON');
  }
  const account = parseAccount(value);
  if (account.did !== key) throw new TypeError('the account holds another DID than its key');
  return account;
}

/**
 * The JSON text a store keeps for an account: the account checked ({@link parseAccount}) and
 * serialized, at most `maxBytes` UTF-8 bytes. The inverse of {@link parseStoredAccount}.
 *
 * @param account - the account to store
 * @param maxBytes - largest stored account, in UTF-8 bytes
 * @returns the account's DID (the row's key) and its JSON text
 * @throws TypeError when `account` is not well-formed; RangeError when it is larger than `maxBytes`
 *
 * @example
 * ```ts
 * const { did, json } = storedAccountJson(account, 65_536);
 * ```
 */
export function storedAccountJson(account: Account, maxBytes: number): { did: string; json: string } {
  const checked = parseAccount(account);
  const json = JSON.stringify(checked);
  const bytes = new TextEncoder().encode(json).length;
  if (bytes > maxBytes) throw new RangeError(`account: ${bytes} bytes of JSON, at most ${maxBytes}`);
  return { did: checked.did, json };
}
