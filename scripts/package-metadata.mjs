// The metadata every published @realdid package carries, in one place: used by
// scripts/new-package.mjs for a new package and checked by scripts/check-packages.mjs.
export const REPOSITORY_URL = 'git+https://github.com/realdid/realdid-sdk.git';
export const HOMEPAGE = 'https://github.com/realdid/realdid-sdk';
export const AUTHOR = 'RealDID contributors';

/** Keywords every package carries; each package adds its own. */
export const COMMON_KEYWORDS = ['realdid', 'did', 'decentralized-identity', 'verifiable-credentials'];

/** The fields that must be exactly these for packages/<name>. */
export function expectedMetadata(name) {
  return {
    repository: { type: 'git', url: REPOSITORY_URL, directory: `packages/${name}` },
    homepage: `${HOMEPAGE}/tree/main/packages/${name}#readme`,
    bugs: { url: `${HOMEPAGE}/issues` },
    author: AUTHOR,
    publishConfig: { access: 'public' },
  };
}
