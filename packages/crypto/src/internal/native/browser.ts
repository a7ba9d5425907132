import type { Backend } from '../backendTypes.js';

/**
 * Outside Node.js there is no native backend; the package resolves `#native` to this module
 * through the `default` condition of its `imports` map, so browser bundles never see `node:crypto`.
 */
export const nativeBackend: Backend | undefined = undefined;
