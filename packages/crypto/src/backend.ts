import { describe } from './internal/assert.js';
import { cryptoError } from './internal/errors.js';
import { nobleBackend } from './internal/nobleBackend.js';
import { native, state } from './internal/state.js';

/** The name of a cryptographic backend. */
export type BackendName = 'node' | 'noble';

/**
 * Chooses the cryptographic backend. `'auto'` (the default) picks `node` on Node.js and `noble`
 * elsewhere; `'node'` forces `node:crypto` (throws where it is absent); `'noble'` forces the
 * portable `@noble/*` implementation. Both give identical results. Signers and verifiers made
 * by {@link createSigner} / {@link createVerifier} keep the backend active when they were made.
 *
 * @param backend - `'auto'`, `'node'` or `'noble'`
 * @throws TypeError for another value; RealDidError `ERR_BACKEND_UNAVAILABLE` for `'node'` off Node.js
 * @example
 * ```ts
 * setBackend('noble');
 * getBackend(); // 'noble'
 * setBackend('auto');
 * ```
 */
export function setBackend(backend: 'auto' | BackendName): void {
  if (backend === 'noble') {
    state.backend = nobleBackend;
    return;
  }
  if (backend === 'auto') {
    state.backend = native ?? nobleBackend;
    return;
  }
  if (backend === 'node') {
    if (native === undefined) {
      throw cryptoError(
        'ERR_BACKEND_UNAVAILABLE',
        'backend: the native Node.js backend is not available in this runtime',
      );
    }
    state.backend = native;
    return;
  }
  throw new TypeError(`backend: expected "auto", "node" or "noble", found ${describe(backend)}`);
}

/**
 * Returns the name of the active backend.
 *
 * @returns `'node'` or `'noble'`
 * @example
 * ```ts
 * const name = getBackend();
 * ```
 */
export function getBackend(): BackendName {
  return state.backend.name;
}
