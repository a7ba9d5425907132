export type { AppendAlgorithm, AppendAuth, AppendSigner } from './appendEnvelope.js';
export { APPEND_ENVELOPE_TYPE, appendSigningInput, signAppend } from './appendEnvelope.js';
export type { GatewayErrorCode } from './GatewayErrorCode.js';
export type { HttpLedgerErrorCode, HttpLedgerOptions } from './HttpLedger.js';
export { HttpLedger } from './HttpLedger.js';
