import type { NativeCodec } from './types.js';

/** Outside Node.js there is no native codec: `#native` resolves here; the portable code runs. */
export const nativeCodec: NativeCodec | undefined = undefined;
