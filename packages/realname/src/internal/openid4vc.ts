import type * as OpenId4Vc from '@realdid/openid4vc';
import { fail } from './errors.js';

let loaded: Promise<typeof OpenId4Vc> | undefined;

/**
 * `@realdid/openid4vc`, loaded when an OpenID4VC method is first called: it is an optional peer, so
 * a deployment that speaks only the native messages installs no OpenID4VC code.
 *
 * @throws RealDidError `ERR_PACKAGE_MISSING` when it is not installed
 */
export function openid4vc(): Promise<typeof OpenId4Vc> {
  loaded ??= import('@realdid/openid4vc').catch((cause: unknown) => {
    loaded = undefined;
    throw fail(
      'ERR_PACKAGE_MISSING',
      'realname over OpenID4VC needs the package @realdid/openid4vc: npm install @realdid/openid4vc',
      undefined,
      cause,
    );
  });
  return loaded;
}
