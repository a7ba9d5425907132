import { afterAll, beforeAll } from 'vitest';
import { type BackendName, getBackend, setBackend } from '../../src/index.js';

/** The backends every vector and property test runs on. */
export const BACKENDS: readonly BackendName[] = ['node', 'noble'];

/** Selects a backend for the enclosing describe block and restores 'auto' afterwards. */
export function useBackend(name: BackendName): void {
  beforeAll(() => {
    setBackend(name);
    if (getBackend() !== name) throw new Error(`backend ${name} not active`);
  });
  afterAll(() => setBackend('auto'));
}
