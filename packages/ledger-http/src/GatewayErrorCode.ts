/**
 * The codes of errors the gateway answers with (besides the ledger's own `ERR_LEDGER_*` codes,
 * which it passes through unchanged). They travel in the JSON error body `{ "error": { "code",
 * "message" } }` and `HttpLedger` rethrows them as a `RealDidError` with the same `code`.
 *
 * - `ERR_GATEWAY_BAD_REQUEST` — the request is malformed (not JSON, a field of the wrong type,
 *   a payload that is not base64url, a query parameter out of range).
 * - `ERR_GATEWAY_BODY_TOO_LARGE` — the request body exceeds the gateway's `bodyLimit`.
 * - `ERR_GATEWAY_RATE_LIMITED` — too many requests from this client; retry after `Retry-After`.
 * - `ERR_GATEWAY_TIMEOUT` — the ledger did not answer within the gateway's `timeoutMs`.
 * - `ERR_GATEWAY_APPEND_UNAUTHORIZED` — an append needs a signed-append envelope and has none.
 * - `ERR_GATEWAY_APPEND_FORBIDDEN` — the append is refused: the envelope's signature or key is not
 *   valid for the topic, the topic has no writers, or a DID operation does not apply.
 * - `ERR_GATEWAY_NOT_FOUND` — no such route, entry or proof.
 * - `ERR_GATEWAY_INTERNAL` — an unexpected failure (details in the gateway's log, never in the answer).
 * - `ERR_GATEWAY_PROTOCOL` — the gateway's answer does not follow the protocol (client side).
 */
export type GatewayErrorCode =
  | 'ERR_GATEWAY_BAD_REQUEST'
  | 'ERR_GATEWAY_BODY_TOO_LARGE'
  | 'ERR_GATEWAY_RATE_LIMITED'
  | 'ERR_GATEWAY_TIMEOUT'
  | 'ERR_GATEWAY_APPEND_UNAUTHORIZED'
  | 'ERR_GATEWAY_APPEND_FORBIDDEN'
  | 'ERR_GATEWAY_NOT_FOUND'
  | 'ERR_GATEWAY_INTERNAL'
  | 'ERR_GATEWAY_PROTOCOL';
