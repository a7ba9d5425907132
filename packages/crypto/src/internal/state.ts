import type { Backend } from './backendTypes.js';
// In the built package, tsup rewrites this import to `#native`, which package.json `imports`
// resolves to the node:crypto backend under the `node` condition and to an empty module otherwise.
import { nativeBackend } from './native/node.js';
import { nobleBackend } from './nobleBackend.js';

/** The native backend of this runtime, if any. */
export const native: Backend | undefined = nativeBackend;

/** The active backend; every public function reads it at call time. Default: auto. */
export const state: { backend: Backend } = { backend: nativeBackend ?? nobleBackend };
