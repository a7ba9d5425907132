import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  base64urlDecode,
  base64urlEncode,
  generateKeyPair,
  isRealDidError,
  jwkToKeyPair,
  type KeyPair,
  publicKeyToMultibase,
  secretKeyToJwk,
  utf8Encode,
} from '@realdid/crypto';
import {
  type PartialDecryption,
  readTraceAudit,
  TraceCommittee,
  type TraceRequest,
  Trustee,
  type TrusteeShare,
} from '@realdid/realname';
import { optionalString, requireInteger, requireString, stringList } from '../internal/args.js';
import type { Command, CommandContext } from '../internal/command.js';
import { cliError } from '../internal/errors.js';
import { readJsonFile, readTrimmedFile, writePublicFile, writeSecretFile } from '../internal/files.js';
import { readPrivateJwk } from '../internal/jwk.js';

const SHARE_KIND = 'realdid-trustee-share';

/** The `--committee` option of every trace subcommand but `keygen`. */
const COMMITTEE_OPTION = {
  committee: { type: 'string', description: 'the public committee.json' },
} as const;

function loadCommittee(ctx: CommandContext): TraceCommittee {
  const path = requireString(ctx.values, 'committee');
  const json = readJsonFile(ctx.io.cwd, path);
  try {
    return TraceCommittee.fromJSON(json);
  } catch (err) {
    if (isRealDidError(err)) throw err;
    throw cliError('ERR_CLI_FILE_READ', `${path} is not a trace committee: ${(err as Error).message}`, err);
  }
}

function loadEd25519Key(ctx: CommandContext, option: string): KeyPair {
  const path = requireString(ctx.values, option);
  const kp = readPrivateJwk(ctx.io.cwd, path, `--${option} ${path}`);
  if (kp.type !== 'Ed25519') throw cliError('ERR_CLI_USAGE', `--${option} must be an Ed25519 key`);
  return kp;
}

function loadShare(ctx: CommandContext): { share: TrusteeShare; auditKey: KeyPair } {
  const path = requireString(ctx.values, 'share');
  const o = readJsonFile(ctx.io.cwd, path) as Record<string, unknown> | null;
  if (o === null || typeof o !== 'object' || o.kind !== SHARE_KIND)
    throw cliError('ERR_CLI_FILE_READ', `${path} is not a trustee share file of \`trace keygen\``);
  try {
    return {
      share: {
        committeeId: String(o.committeeId),
        index: Number(o.index),
        id: String(o.id),
        secret: base64urlDecode(String(o.secret)),
      },
      auditKey: jwkToKeyPair(o.auditKey),
    };
  } catch (err) {
    throw cliError(
      'ERR_CLI_FILE_READ',
      `${path} is not a trustee share file: ${(err as Error).message}`,
      err,
    );
  }
}

function loadRequest(ctx: CommandContext): TraceRequest {
  return readJsonFile(ctx.io.cwd, requireString(ctx.values, 'request')) as TraceRequest;
}

/** Writes a public JSON result to --out, or prints it. */
function emitJson(ctx: CommandContext, value: unknown, human: string): void {
  const out = optionalString(ctx.values, 'out');
  if (out === undefined) {
    ctx.io.stdout(`${JSON.stringify(value, null, 2)}\n`);
    return;
  }
  const file = writePublicFile(ctx.io.cwd, out, `${JSON.stringify(value, null, 2)}\n`);
  ctx.print({ file }, `${human}\nwritten to ${file}`);
}

/** `realdid trace keygen`. */
export const traceKeygen: Command = {
  path: ['trace', 'keygen'],
  usage:
    'realdid trace keygen --threshold <k> --trustees <n> --out-dir <dir> [--committee-id <id>] [--names a,b,…]',
  summary:
    'Deals a k-of-n trace committee. Trusted dealer with Feldman commitments: writes the public committee.json and, for each trustee, a share file (mode 0600) holding its secret share and a fresh Ed25519 audit key. The dealer keeps nothing.',
  options: {
    threshold: { type: 'string', short: 'k', description: 'k: trustees needed to open a token' },
    trustees: { type: 'string', short: 'n', description: 'n: number of trustees' },
    'out-dir': { type: 'string', description: 'folder for committee.json and trustee-<i>.json' },
    'committee-id': { type: 'string', description: 'committee name (default trace-committee)' },
    names: { type: 'string', description: 'trustee names, comma-separated (default trustee-1…)' },
  },
  async run(ctx) {
    const n = requireInteger(ctx.values, 'trustees', 1, 255);
    const k = requireInteger(ctx.values, 'threshold', 1, n);
    const dir = requireString(ctx.values, 'out-dir');
    const committeeId = optionalString(ctx.values, 'committee-id') ?? 'trace-committee';
    const names = ctx.values.names === undefined ? [] : stringList(ctx.values, 'names');
    if (names.length > 0 && names.length !== n)
      throw cliError('ERR_CLI_USAGE', `--names gives ${names.length} names for ${n} trustees`);
    const committeeFile = `${dir}/committee.json`;
    if (existsSync(resolve(ctx.io.cwd, committeeFile)))
      throw cliError('ERR_CLI_FILE_EXISTS', `${committeeFile} exists; use another --out-dir`);
    const auditKeys = Array.from({ length: n }, () => generateKeyPair('Ed25519'));
    const { committee, shares } = TraceCommittee.deal({
      committeeId,
      threshold: k,
      trustees: auditKeys.map((key, i) => ({
        id: names[i] ?? `trustee-${i + 1}`,
        auditPublicKey: key.publicKey,
      })),
    });
    const files: string[] = [];
    shares.forEach((share, i) => {
      const contents = {
        kind: SHARE_KIND,
        committeeId: share.committeeId,
        index: share.index,
        id: share.id,
        secret: base64urlEncode(share.secret),
        auditKey: secretKeyToJwk(auditKeys[i]!),
      };
      files.push(
        writeSecretFile(
          ctx.io.cwd,
          `${dir}/trustee-${share.index}.json`,
          `${JSON.stringify(contents, null, 2)}\n`,
        ),
      );
      share.secret.fill(0);
    });
    const file = writePublicFile(
      ctx.io.cwd,
      committeeFile,
      `${JSON.stringify(committee.toJSON(), null, 2)}\n`,
    );
    ctx.print(
      {
        committeeId,
        threshold: k,
        trustees: n,
        publicKey: base64urlEncode(committee.publicKey),
        committeeFile: file,
        shareFiles: files,
      },
      [
        `trace committee ${committeeId}: ${k} of ${n}`,
        `  public parameters  ${file}`,
        ...files.map((f, i) => `  trustee ${i + 1} share   ${f} (mode 0600: hand it to that trustee only)`),
      ].join('\n'),
    );
    return 0;
  },
};

/** The bytes of a hex string, or undefined when it is not (non-empty, even-length) hex. */
function fromHex(text: string): Uint8Array | undefined {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(text)) return undefined;
  return Uint8Array.from(text.match(/../g)!, (b) => Number.parseInt(b, 16));
}

function readHandle(ctx: CommandContext): Uint8Array {
  const h = requireString(ctx.values, 'handle');
  const handle = fromHex(h) ?? fromHex(readTrimmedFile(ctx.io.cwd, h));
  if (handle === undefined) throw cliError('ERR_CLI_USAGE', '--handle: expected hex, or a file holding hex');
  return handle;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** `realdid trace encrypt`. */
export const traceEncrypt: Command = {
  path: ['trace', 'encrypt'],
  usage: 'realdid trace encrypt --committee <committee.json> --handle <hex|file> --context <string>',
  summary:
    'Encrypts a real-name handle into a trace token. The handle (16 to 1024 bytes, hex) is encrypted to the committee key, bound to a context such as the credential id.',
  options: {
    ...COMMITTEE_OPTION,
    handle: { type: 'string', description: 'the handle as hex, or a file holding it as hex' },
    context: { type: 'string', description: 'the context the token is bound to (UTF-8)' },
  },
  async run(ctx) {
    const committee = loadCommittee(ctx);
    const handle = readHandle(ctx);
    if (handle.length < 16 || handle.length > 1024)
      throw cliError('ERR_CLI_USAGE', `--handle: expected 16 to 1024 bytes, found ${handle.length}`);
    const token = committee.encrypt(handle, utf8Encode(requireString(ctx.values, 'context')));
    ctx.print({ committeeId: committee.committeeId, token }, token);
    return 0;
  },
};

/** `realdid trace request`. */
export const traceRequest: Command = {
  path: ['trace', 'request'],
  usage:
    'realdid trace request --committee <committee.json> --token <token> --context <string> --reason <text> --requester-key <jwk.json> [--out request.json]',
  summary:
    'Files a signed request to open a trace token. The request goes on the committee audit topic of the ledger (trustees answer only logged requests) and to --out.',
  options: {
    ...COMMITTEE_OPTION,
    token: { type: 'string', description: 'the trace token (base64url)' },
    context: { type: 'string', description: 'the context the token is bound to' },
    reason: { type: 'string', description: 'the lawful basis (a warrant reference)' },
    'requester-key': { type: 'string', description: 'the requester Ed25519 private JWK' },
    out: { type: 'string', short: 'o', description: 'write the request here (default stdout)' },
  },
  async run(ctx) {
    const committee = loadCommittee(ctx);
    const requester = loadEd25519Key(ctx, 'requester-key');
    const request = await committee.request({
      token: requireString(ctx.values, 'token'),
      context: utf8Encode(requireString(ctx.values, 'context')),
      reason: requireString(ctx.values, 'reason'),
      requester,
      ledger: await ctx.ledger(),
    });
    emitJson(ctx, request, `trace request logged on ${committee.auditTopic}`);
    return 0;
  },
};

/** `realdid trace partial`. */
export const tracePartial: Command = {
  path: ['trace', 'partial'],
  usage:
    'realdid trace partial --committee <committee.json> --share <trustee-i.json> --request <request.json> [--refuse] [--out partial.json]',
  summary:
    'Answers a logged request as one trustee. A partial decryption with its Chaum–Pedersen proof, signed and appended to the audit topic (or, with --refuse, a signed refusal).',
  options: {
    ...COMMITTEE_OPTION,
    share: { type: 'string', description: "this trustee's share file" },
    request: { type: 'string', description: 'the request file of `trace request`' },
    refuse: { type: 'boolean', description: 'refuse the request (logged, signed)' },
    out: { type: 'string', short: 'o', description: 'write the partial here (default stdout)' },
  },
  async run(ctx) {
    const committee = loadCommittee(ctx);
    const { share, auditKey } = loadShare(ctx);
    const request = loadRequest(ctx);
    const refuse = ctx.values.refuse === true;
    const trustee = new Trustee({
      share,
      committee,
      auditKey,
      ledger: await ctx.ledger(),
      approve: () => !refuse,
    });
    share.secret.fill(0);
    const partial = await trustee.partialDecrypt(request);
    emitJson(ctx, partial, `partial decryption of ${trustee.id} logged on ${committee.auditTopic}`);
    return 0;
  },
};

/** `realdid trace combine`. */
export const traceCombine: Command = {
  path: ['trace', 'combine'],
  usage:
    'realdid trace combine --committee <committee.json> --request <request.json> --partial <file>… --opener-key <jwk.json>',
  summary:
    'Opens a trace token from k partial decryptions and prints the handle. Every partial is verified (a bad one is named); a signed opening record goes on the audit topic.',
  options: {
    ...COMMITTEE_OPTION,
    request: { type: 'string', description: 'the request file' },
    partial: { type: 'string', multiple: true, description: 'a partial file (repeat, or comma-separate)' },
    'opener-key': { type: 'string', description: 'Ed25519 private JWK that signs the opening record' },
  },
  async run(ctx) {
    const committee = loadCommittee(ctx);
    const request = loadRequest(ctx);
    const opener = loadEd25519Key(ctx, 'opener-key');
    const partials = stringList(ctx.values, 'partial').map(
      (p) => readJsonFile(ctx.io.cwd, p) as PartialDecryption,
    );
    if (partials.length === 0) throw cliError('ERR_CLI_USAGE', '--partial is required');
    const opened = await committee.combine({ request, partials, opener, ledger: await ctx.ledger() });
    const handle = hex(opened.handle);
    ctx.print({ handle, record: opened.record }, handle);
    return 0;
  },
};

/** `realdid trace audit`. */
export const traceAudit: Command = {
  path: ['trace', 'audit'],
  usage: 'realdid trace audit --committee <committee.json>',
  summary:
    'Lists the verified audit log of a trace committee. Every request, partial, refusal and opening on the ledger, with who signed it.',
  options: { ...COMMITTEE_OPTION },
  async run(ctx) {
    const committee = loadCommittee(ctx);
    const entries = await readTraceAudit(await ctx.ledger(), committee);
    const rows = entries.map((e) => ({
      position: e.position,
      time: e.time,
      type: e.entry.type,
      ...('trustee' in e.entry ? { trustee: e.entry.trustee } : {}),
      ...('reason' in e.entry ? { reason: e.entry.reason } : {}),
      signer: publicKeyToMultibase('Ed25519', e.signer),
    }));
    ctx.print(
      { committeeId: committee.committeeId, entries: rows },
      rows
        .map(
          (r) =>
            `${String(r.position).padStart(4)}  ${r.time}  ${r.type}${'trustee' in r ? ` ${r.trustee}` : ''}${'reason' in r ? ` (${r.reason})` : ''}`,
        )
        .join('\n') || '(no entries)',
    );
    return 0;
  },
};

/** The `trace` subcommands. */
export const TRACE_COMMANDS: readonly Command[] = [
  traceKeygen,
  traceEncrypt,
  traceRequest,
  tracePartial,
  traceCombine,
  traceAudit,
];
