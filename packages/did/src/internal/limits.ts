/** Longest DID (short or long form) accepted, in characters. */
export const MAX_DID_LENGTH = 12_000;
/** Longest DID URL accepted (DID + query + fragment). */
export const MAX_DID_URL_LENGTH = 14_000;
/** Largest decoded long-form payload. */
export const MAX_LONG_FORM_BYTES = 8_192;
/** Largest operation, in bytes of its JCS form. */
export const MAX_OPERATION_BYTES = 32_768;
/** Most keys, most services, most patches. */
export const MAX_KEYS = 64;
export const MAX_SERVICES = 64;
export const MAX_PATCHES = 64;
/** Deepest JSON nesting of an operation. */
export const MAX_OPERATION_DEPTH = 12;
/** Deepest nesting of an object service endpoint. */
export const MAX_ENDPOINT_DEPTH = 4;
export const MAX_URI_LENGTH = 2_048;
export const MAX_SERVICE_TYPE_LENGTH = 100;
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const NETWORK_PATTERN = /^[a-z0-9]{1,32}$/;
export const SUFFIX_PATTERN = /^zQm[1-9A-HJ-NP-Za-km-z]{44}$/;
/** Default budget of one resolution: ledger entries examined. */
export const DEFAULT_MAX_LEDGER_ENTRIES = 200_000;
/** Default budget of one resolution: bytes of the ledger entries examined (256 MiB). */
export const DEFAULT_MAX_LEDGER_BYTES = 268_435_456;

/**
 * Checks a budget option: a positive safe integer or `Infinity`; `undefined` gives the default.
 *
 * @throws TypeError when not a number; RangeError when not a positive integer or `Infinity`
 */
export function checkBudget(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw new TypeError(`${name}: expected a number, found a ${typeof value}`);
  if (value !== Number.POSITIVE_INFINITY && !(Number.isSafeInteger(value) && value >= 1))
    throw new RangeError(`${name}: expected a positive integer or Infinity, found ${value}`);
  return value;
}
