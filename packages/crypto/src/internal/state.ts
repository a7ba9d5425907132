import type { Backend } from './backendTypes.js';
import { nobleBackend } from './nobleBackend.js';

/** The active backend; every public function reads it at call time. */
export const state: { backend: Backend } = { backend: nobleBackend };
