import { readFileSync } from 'node:fs';
import { isRealDidError } from '@realdid/crypto';
import { expect } from 'vitest';

/** Reads a file from /work/shared/vectors (relative to the repo). */
export function vector(path: string): string {
  return readFileSync(new URL(`../../../../shared/vectors/${path}`, import.meta.url), 'utf8');
}

/** Asserts a promise rejects with a RealDidError of the given code. */
export async function expectCode(p: Promise<unknown> | (() => unknown), code: string): Promise<void> {
  let err: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    err = e;
  }
  expect(err, `expected ${code}`).toBeDefined();
  if (!isRealDidError(err, code)) {
    throw new Error(
      `expected ${code}, got ${String((err as { code?: unknown })?.code)}: ${String((err as Error)?.message)}`,
    );
  }
}
