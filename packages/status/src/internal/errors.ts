import { RealDidError } from '@realdid/crypto';
import type { StatusErrorCode } from '../StatusErrorCode.js';

/** Makes a coded error of this package. */
export function statusError(
  code: StatusErrorCode,
  message: string,
  cause?: unknown,
): RealDidError<StatusErrorCode> {
  return new RealDidError(code, message, cause === undefined ? undefined : { cause });
}

/** Describes a value for a message without echoing it in full. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return `a Uint8Array of ${value.length} bytes`;
  if (typeof value === 'string')
    return value.length > 40 ? `a string of ${value.length} chars` : JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** Checks an integer argument supplied by the caller (misuse is a TypeError/RangeError). */
export function checkInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`${name}: expected an integer, found ${describe(value)}`);
  }
  if (value < min || value > max) throw new RangeError(`${name}: expected ${min}..${max}, found ${value}`);
  return value;
}

/** Checks that the caller passed bytes. */
export function checkBytes(name: string, value: unknown): Uint8Array {
  if (!(value instanceof Uint8Array))
    throw new TypeError(`${name}: expected a Uint8Array, found ${describe(value)}`);
  return value;
}

/** Checks that the caller passed a non-empty string. */
export function checkString(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`${name}: expected a non-empty string, found ${describe(value)}`);
  }
  return value;
}

/** Checks that the caller passed a function. */
export function checkFunction<F>(name: string, value: unknown): F {
  if (typeof value !== 'function')
    throw new TypeError(`${name}: expected a function, found ${describe(value)}`);
  return value as F;
}
