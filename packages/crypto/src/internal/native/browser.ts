import type { Backend } from '../backendTypes.js';
import type { NativeCodec } from '../codecTypes.js';

/**
 * Outside Node.js there is no native backend; the package resolves `#native` to this module
 * through the `default` condition of its `imports` map, so browser bundles never see `node:crypto`.
 */
export const nativeBackend: Backend | undefined = undefined;

/** Nor a native codec: the portable one runs. */
export const nativeCodec: NativeCodec | undefined = undefined;
