import type { Backend } from './backendTypes.js';
import type { NativeCodec } from './codecTypes.js';
// In the built package, tsup rewrites this import to `#native`, which package.json `imports`
// resolves to the node:crypto backend under the `node` condition and to an empty module otherwise.
import { nativeBackend, nativeCodec } from './native/node.js';
import { nobleBackend } from './nobleBackend.js';

/** The native backend of this runtime, if any. */
export const native: Backend | undefined = nativeBackend;

/** The active backend; every public function reads it at call time. Default: auto. */
export const state: { backend: Backend } = { backend: nativeBackend ?? nobleBackend };

/** The native codec while the native backend is active (so `setBackend('noble')` is fully portable), else undefined. */
export function activeCodec(): NativeCodec | undefined {
  return state.backend === nativeBackend ? nativeCodec : undefined;
}
