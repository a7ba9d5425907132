import {
  createLedgerStatusFetcher,
  createStatusListKeyResolver,
  createTokenStatusResolver,
} from '@realdid/status';
import { algorithmsOption } from '../internal/algorithms.js';
import { didYouMean, optionalString, requireInteger, requireString } from '../internal/args.js';
import type { Command } from '../internal/command.js';
import { serializeDidKeys } from '../internal/didKeys.js';
import { cliError } from '../internal/errors.js';
import { replaceSecretFileAfter } from '../internal/files.js';
import {
  didResolver,
  type Issuer,
  loadIssuer,
  openStatusList,
  publishStatusList,
  statusListOwner,
  statusListUri,
  statusState,
} from '../internal/issuer.js';

/** The options that name a list and its issuer's keys, for the issuer's subcommands. */
const LIST_ISSUER_OPTIONS = {
  'issuer-keys': { type: 'string', description: 'keys file of `did create` of the list issuer' },
  'key-id': { type: 'string', description: 'the issuer key id (default: its first assertionMethod key)' },
  list: { type: 'string', description: 'status list id (the URI is <issuer DID>/status/<id>) or URI' },
} as const;

/**
 * Refuses a list the keys file does not record (`ERR_CLI_USAGE`, with the nearest known list): a
 * mistyped `--list` must not create a new, empty list and report success.
 */
function knownList(issuer: Issuer, uri: string, given: string): void {
  if (issuer.keys === undefined) return; // openStatusList explains that a keys file is needed
  const lists = Object.keys(issuer.keys.statusLists);
  if (lists.includes(uri)) return;
  const ids = lists.map((u) => (u.startsWith(`${issuer.did}/status/`) ? u.slice(issuer.did.length + 8) : u));
  throw cliError(
    'ERR_CLI_USAGE',
    `unknown status list "${given}"${didYouMean(given, ids, (c) => JSON.stringify(c))}: ${
      lists.length === 0
        ? 'this keys file records no status list (lists are created by `vc issue --status-list`)'
        : `known lists: ${ids.join(', ')}`
    }`,
  );
}

/** The largest `--index` accepted. */
const MAX_INDEX = 2 ** 31 - 2;

/** `realdid status revoke`. */
export const statusRevoke: Command = {
  path: ['status', 'revoke'],
  locks: 'issuer-keys',
  usage:
    'realdid status revoke --issuer-keys <keys.json> --list <id|uri> --index <n> [--suspend | --reinstate]',
  summary:
    'Revokes, suspends or reinstates a status list entry. Revocation is final; the newly signed Token Status List is published on the ledger.',
  options: {
    ...LIST_ISSUER_OPTIONS,
    index: { type: 'string', description: 'the entry (the idx in the credential)' },
    suspend: { type: 'boolean', description: 'suspend instead of revoking' },
    reinstate: { type: 'boolean', description: 'lift a suspension' },
  },
  async run(ctx) {
    const issuerPath = requireString(ctx.values, 'issuer-keys');
    const issuer = loadIssuer(ctx.io.cwd, issuerPath, optionalString(ctx.values, 'key-id'));
    const uri = statusListUri(requireString(ctx.values, 'list'), issuer.did);
    const index = requireInteger(ctx.values, 'index', 0, MAX_INDEX);
    if (ctx.values.suspend === true && ctx.values.reinstate === true)
      throw cliError('ERR_CLI_USAGE', '--suspend and --reinstate exclude each other');
    knownList(issuer, uri, requireString(ctx.values, 'list'));
    const ledger = await ctx.ledger();
    const { issuer: list } = await openStatusList(ledger, issuer, uri);
    if (index >= list.list.size)
      throw cliError('ERR_CLI_USAGE', `--index ${index} is outside the list (size ${list.list.size})`);
    // Only an index handed out to a credential: a typo must not "revoke" nothing and report success.
    if (!list.allocator.isUsed(index))
      throw cliError('ERR_CLI_USAGE', `--index ${index} was never allocated in ${uri}: no credential has it`);
    const action =
      ctx.values.suspend === true ? 'suspended' : ctx.values.reinstate === true ? 'reinstated' : 'revoked';
    try {
      if (action === 'suspended') list.suspend(index);
      else if (action === 'reinstated') list.reinstate(index);
      else list.revoke(index);
    } catch (err) {
      if (err instanceof RangeError) throw cliError('ERR_CLI_USAGE', err.message, err);
      throw err;
    }
    // keep the used-index record in step (a list created here has one)
    const keys = issuer.keys!;
    const next = { ...keys, statusLists: { ...keys.statusLists, [uri]: statusState(list) } };
    const { result: position } = await replaceSecretFileAfter(
      ctx.io.cwd,
      issuerPath,
      serializeDidKeys(next),
      () => publishStatusList(list, ledger),
    );
    ctx.print(
      { list: uri, index, status: action === 'reinstated' ? 'valid' : action, ledgerPosition: position },
      `${action} index ${index} of ${uri}; the signed list is published on the ledger`,
    );
    return 0;
  },
};

/** `realdid status publish`. */
export const statusPublish: Command = {
  path: ['status', 'publish'],
  locks: 'issuer-keys',
  usage: 'realdid status publish --issuer-keys <keys.json> --list <id|uri>',
  summary:
    'Re-signs a status list and publishes it on the ledger unchanged. Run it before the published list expires (24 hours after it was signed) and after rotating the issuer key.',
  options: {
    ...LIST_ISSUER_OPTIONS,
  },
  async run(ctx) {
    const issuer = loadIssuer(
      ctx.io.cwd,
      requireString(ctx.values, 'issuer-keys'),
      optionalString(ctx.values, 'key-id'),
    );
    const uri = statusListUri(requireString(ctx.values, 'list'), issuer.did);
    const ledger = await ctx.ledger();
    const { issuer: list, published } = await openStatusList(ledger, issuer, uri);
    // Re-signing needs a list: on the ledger, or at least recorded in the keys file.
    if (!published) knownList(issuer, uri, requireString(ctx.values, 'list'));
    const position = await publishStatusList(list, ledger);
    ctx.print(
      { list: uri, ledgerPosition: position, signedBy: issuer.kid },
      `published ${uri}, signed by ${issuer.kid}`,
    );
    return 0;
  },
};

/** `realdid status check`. */
export const statusCheck: Command = {
  path: ['status', 'check'],
  usage:
    'realdid status check (--list-uri <uri> | --list <id> --issuer <did>) --index <n> [--algorithms EdDSA,ES256,ES256K,SM2]',
  summary:
    'Prints the status of a list entry: valid, revoked or suspended. Reads the latest Token Status List from the ledger and checks it is signed by an assertionMethod key of its issuer DID.',
  options: {
    'list-uri': { type: 'string', description: 'the list URI (as in the credential status claim)' },
    list: { type: 'string', description: 'a list id of --issuer (or a URI)' },
    issuer: { type: 'string', description: 'the list issuer DID (default: the DID the URI starts with)' },
    index: { type: 'string', description: 'the entry' },
    algorithms: {
      type: 'string',
      multiple: true,
      description: 'JWS algorithms accepted for the list (default EdDSA,ES256,ES256K; SM2 only when listed)',
    },
  },
  async run(ctx) {
    const algorithms = algorithmsOption(ctx.values);
    const given = optionalString(ctx.values, 'list-uri') ?? optionalString(ctx.values, 'list');
    if (given === undefined) throw cliError('ERR_CLI_USAGE', '--list-uri or --list is required');
    const issuerOption = optionalString(ctx.values, 'issuer');
    const uri = statusListUri(given, issuerOption);
    const trusted = issuerOption ?? statusListOwner(uri);
    if (trusted === undefined)
      throw cliError('ERR_CLI_USAGE', `--issuer <did> is required: ${uri} does not name its issuer`);
    const index = requireInteger(ctx.values, 'index', 0, MAX_INDEX);
    const ledger = await ctx.ledger();
    const resolve = createTokenStatusResolver({
      fetch: createLedgerStatusFetcher(ledger),
      keyResolver: createStatusListKeyResolver(didResolver(ledger, trusted)),
      ...(algorithms === undefined ? {} : { algorithms }),
    });
    const r = await resolve({ status_list: { idx: index, uri } }, { iss: trusted });
    ctx.print(
      { list: uri, index, status: r.state, value: r.status, listIssuedAt: r.listIssuedAt },
      r.state === 'other' ? `status ${r.status}` : r.state,
    );
    return 0;
  },
};

/** The `status` subcommands. */
export const STATUS_COMMANDS: readonly Command[] = [statusRevoke, statusPublish, statusCheck];
