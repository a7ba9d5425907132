export type { RealDidErrorOptions } from './RealDidError.js';
export { isRealDidError, RealDidError } from './RealDidError.js';
