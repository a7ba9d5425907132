import { describe, expect, it } from 'vitest';
import { isRealDidError, RealDidError } from '../src/index.js';

describe('RealDidError', () => {
  it('carries a stable code and chains its cause', () => {
    const cause = new Error('inner');
    const err = new RealDidError('ERR_EXAMPLE', 'expected a, found b', { cause });
    expect(err.code).toBe('ERR_EXAMPLE');
    expect(err.name).toBe('RealDidError');
    expect(err.cause).toBe(cause);
    expect(err).toBeInstanceOf(Error);
  });

  it('is recognised by shape, with or without a code', () => {
    const err = new RealDidError('ERR_EXAMPLE', 'm');
    expect(isRealDidError(err)).toBe(true);
    expect(isRealDidError(err, 'ERR_EXAMPLE')).toBe(true);
    expect(isRealDidError(err, 'ERR_OTHER')).toBe(false);
    expect(isRealDidError(new Error('x'))).toBe(false);
    expect(isRealDidError({ name: 'RealDidError', code: 'ERR_EXAMPLE' })).toBe(false);
    expect(isRealDidError(undefined)).toBe(false);
  });
});
