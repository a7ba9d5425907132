import type { KeyType } from '../KeyType.js';
import { cryptoError } from './errors.js';

/** Describes a value's type for an error message (never its content). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return `a Uint8Array of ${value.length} bytes`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * The getter of %TypedArray%.prototype[Symbol.toStringTag]: a typed array's element type from its
 * internal slot (undefined for anything else), whatever its constructor or prototype claim.
 */
const typedArrayName = Object.getOwnPropertyDescriptor(
  Object.getPrototypeOf(Uint8Array.prototype),
  Symbol.toStringTag,
)?.get as (this: unknown) => string | undefined;

/**
 * True for a Uint8Array, including one from another realm and Node's Buffer subclass; false for
 * any other typed array or DataView, even one whose constructor is named Uint8Array.
 */
export function isBytes(value: unknown): value is Uint8Array {
  return ArrayBuffer.isView(value) && typedArrayName.call(value) === 'Uint8Array';
}

/** Throws a TypeError unless `value` is a Uint8Array. */
export function assertBytes(value: unknown, name: string): asserts value is Uint8Array {
  if (!isBytes(value)) throw new TypeError(`${name}: expected a Uint8Array, found ${describe(value)}`);
}

/** Throws a TypeError unless `value` is a Uint8Array, and a RangeError unless it has `length` bytes. */
export function assertBytesLength(value: unknown, length: number, name: string): asserts value is Uint8Array {
  assertBytes(value, name);
  if (value.length !== length) {
    throw new RangeError(`${name}: expected ${length} bytes, found ${value.length}`);
  }
}

/** Throws a TypeError unless `value` is a string. */
export function assertString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string') throw new TypeError(`${name}: expected a string, found ${describe(value)}`);
}

/**
 * Checks a key type given by the caller: a non-string is a TypeError; a string that is not one of
 * the supported key types is a coded `ERR_KEY_TYPE_UNSUPPORTED` (key types often come from data).
 */
export function assertKeyType(value: unknown): asserts value is KeyType {
  if (value === 'Ed25519' || value === 'P-256' || value === 'secp256k1' || value === 'SM2') return;
  if (typeof value !== 'string') throw new TypeError(`key type: expected a string, found ${describe(value)}`);
  throw cryptoError(
    'ERR_KEY_TYPE_UNSUPPORTED',
    `key type: expected "Ed25519", "P-256", "secp256k1" or "SM2", found ${JSON.stringify(value.slice(0, 40))}`,
  );
}

/** Checks an options argument: undefined or a non-null object (not an array or a typed array). */
export function assertOptions(value: unknown, name: string): void {
  if (
    value !== undefined &&
    (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value))
  ) {
    throw new TypeError(`${name}: expected an options object, found ${describe(value)}`);
  }
}
