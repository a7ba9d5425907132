import { RealDidError } from '@realdid/crypto';
import type { DidErrorCode } from '../DidErrorCode.js';

export function didError(code: DidErrorCode, message: string, cause?: unknown): RealDidError<DidErrorCode> {
  return new RealDidError(code, message, cause === undefined ? undefined : { cause });
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Uint8Array) return `a Uint8Array of ${v.length} bytes`;
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}
