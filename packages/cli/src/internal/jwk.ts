import { isRealDidError, jwkToKeyPair, jwkToPublicKey, type KeyPair } from '@realdid/crypto';
import { cliError } from './errors.js';
import { readJsonFile } from './files.js';

/**
 * Reads a private JWK file as a key pair; `ERR_CLI_FILE_READ` (naming `label`, the path by default)
 * when it cannot be read or is not a private JWK.
 */
export function readPrivateJwk(cwd: string, path: string, label: string = path): KeyPair {
  try {
    return jwkToKeyPair(readJsonFile(cwd, path));
  } catch (err) {
    if (isRealDidError(err, 'ERR_CLI_FILE_READ')) throw err;
    throw cliError('ERR_CLI_FILE_READ', `${label} is not a private JWK`, err);
  }
}

/** Reads a public or private JWK file and keeps only the public part. */
export function readPublicJwk(cwd: string, path: string): { type: KeyPair['type']; publicKey: Uint8Array } {
  try {
    return jwkToPublicKey(readJsonFile(cwd, path));
  } catch (err) {
    if (isRealDidError(err, 'ERR_CLI_FILE_READ')) throw err;
    throw cliError('ERR_CLI_FILE_READ', `${path} is not a JWK`, err);
  }
}
