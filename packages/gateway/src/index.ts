export type { AppendAuth, AppendSigner, GatewayErrorCode } from '@realdid/ledger-http';
export { appendSigningInput, signAppend } from '@realdid/ledger-http';
export type { GatewayOptions } from './createGateway.js';
export { createGateway } from './createGateway.js';
export type { RegistrarOptions } from './internal/universalRegistrar.js';
export type { StartGatewayOptions } from './startGateway.js';
export { openLedger, parseWriterRules, startGateway } from './startGateway.js';
export type { WriterRule } from './WriterRule.js';
