/**
 * The answer of a {@link StatusChecker}: the Token Status List status of the credential.
 * `'valid'` (0x00), `'revoked'` (0x01 INVALID) or `'suspended'` (0x02).
 */
export type SdJwtStatusAnswer = 'valid' | 'revoked' | 'suspended';

/**
 * @deprecated renamed {@link SdJwtStatusAnswer}: `@realdid/vc` exports a `StatusCheckResult` of
 * another shape (`{ status }`). Kept for one minor version.
 */
export type StatusCheckResult = SdJwtStatusAnswer;

/** The `status` claim of an SD-JWT VC referring to a Token Status List. */
export interface StatusListReference {
  status_list: { idx: number; uri: string };
  [k: string]: unknown;
}

/**
 * A hook that looks up the status of a credential (for instance `@realdid/status`'s Token Status
 * List reader). It is given the `status` claim of the verified credential and the processed
 * claims, and answers `'valid'`, `'revoked'` or `'suspended'`. Throwing, or any other answer,
 * makes verification fail with `ERR_SD_JWT_STATUS_CHECK`; `'revoked'` fails with
 * `ERR_SD_JWT_REVOKED`, `'suspended'` with `ERR_SD_JWT_SUSPENDED`.
 */
export type StatusChecker = (
  status: StatusListReference | Record<string, unknown>,
  claims: Readonly<Record<string, unknown>>,
) => Promise<SdJwtStatusAnswer>;
