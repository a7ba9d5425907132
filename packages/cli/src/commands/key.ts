import {
  generateKeyPair,
  publicKeyToDidKey,
  publicKeyToJwk,
  publicKeyToMultibase,
  secretKeyToJwk,
} from '@realdid/crypto';
import { optionalString } from '../internal/args.js';
import type { Command } from '../internal/command.js';
import { keyTypeOption } from '../internal/didKeys.js';
import { cliError } from '../internal/errors.js';
import { writeSecretFile } from '../internal/files.js';

/** `realdid key generate`: a new key pair; the secret goes only to a 0600 file. */
export const keyGenerate: Command = {
  path: ['key', 'generate'],
  usage: 'realdid key generate [--type Ed25519|P-256|secp256k1|SM2] --out <file> [--force]',
  summary:
    'Generates a key pair, writes the private JWK to --out (mode 0600) and prints the public key, its Multikey and its did:key.',
  options: {
    type: { type: 'string', description: 'key type: Ed25519 (default), P-256, secp256k1 or SM2' },
    out: {
      type: 'string',
      short: 'o',
      description: 'file for the private key (required unless --print-secret)',
    },
    force: { type: 'boolean', description: 'overwrite --out if it exists' },
    'print-secret': {
      type: 'boolean',
      description: 'also print the private JWK on stdout (you asked for it)',
    },
  },
  async run(ctx) {
    const type = keyTypeOption(optionalString(ctx.values, 'type'), 'Ed25519', '--type');
    const out = optionalString(ctx.values, 'out');
    const printSecret = ctx.values['print-secret'] === true;
    if (!out && !printSecret)
      throw cliError('ERR_CLI_USAGE', '--out <file> is required (secrets are only written to files)');
    const kp = generateKeyPair(type);
    const privateJwk = secretKeyToJwk(kp);
    let file: string | undefined;
    if (out)
      file = writeSecretFile(
        ctx.io.cwd,
        out,
        `${JSON.stringify(privateJwk, null, 2)}\n`,
        ctx.values.force === true,
      );
    const result = {
      type,
      publicKeyJwk: publicKeyToJwk(type, kp.publicKey),
      publicKeyMultibase: publicKeyToMultibase(type, kp.publicKey),
      didKey: publicKeyToDidKey(type, kp.publicKey),
      ...(file ? { secretFile: file } : {}),
      ...(printSecret ? { privateKeyJwk: privateJwk } : {}),
    };
    ctx.print(
      result,
      [
        `${type} key pair`,
        `  did:key             ${result.didKey}`,
        `  publicKeyMultibase  ${result.publicKeyMultibase}`,
        file ? `  private key written to ${file} (mode 0600)` : '',
        printSecret ? `  private JWK         ${JSON.stringify(privateJwk)}` : '',
      ]
        .filter(Boolean)
        .join('\n'),
    );
    return 0;
  },
};
