import { integer, optionalString } from '../internal/args.js';
import type { Command } from '../internal/command.js';
import { cliError } from '../internal/errors.js';
import { readTextFile } from '../internal/files.js';
import { loadGateway } from '../internal/loadGateway.js';

/** Resolves on the first SIGINT or SIGTERM, and stops listening for the other. */
function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** `realdid gateway`: serves a ledger over HTTP with `@realdid/gateway` until SIGINT or SIGTERM. */
export const gateway: Command = {
  path: ['gateway'],
  usage:
    'realdid gateway --ledger <uri> [--port 8080] [--host 127.0.0.1] [--network main] [--writers <file>]',
  summary:
    'Serves the ledger over HTTP (ledger API, Universal Resolver driver, /health, /metrics) with the optional package @realdid/gateway, until SIGINT or SIGTERM. Logs are JSON lines on stdout.',
  options: {
    port: { type: 'string', description: 'port to listen on (default 8080; 0 for any free port)' },
    host: { type: 'string', description: 'address to bind (default 127.0.0.1; 0.0.0.0 in a container)' },
    network: { type: 'string', description: 'the did:realdid network this ledger serves (default main)' },
    writers: {
      type: 'string',
      description:
        'JSON file of who may append to non-DID topics: [{"topic":"status:*","writers":["did:…"]}]',
    },
  },
  async run(ctx) {
    const port = integer(ctx.values, 'port', 8080, 0, 65_535);
    const host = optionalString(ctx.values, 'host') ?? '127.0.0.1';
    const network = optionalString(ctx.values, 'network');
    const writersFile = optionalString(ctx.values, 'writers');
    const { startGateway, parseWriterRules } = await loadGateway();
    let writers: ReturnType<typeof parseWriterRules> | undefined;
    if (writersFile !== undefined) {
      const text = readTextFile(ctx.io.cwd, writersFile);
      try {
        writers = parseWriterRules(text);
      } catch (err) {
        throw cliError(
          'ERR_CLI_FILE_READ',
          `${writersFile} is not a writers file: ${(err as Error).message}`,
          err,
        );
      }
    }
    const ledger = await ctx.ledger();
    const { app, url } = await startGateway({
      ledger,
      host,
      port,
      ...(network === undefined ? {} : { network }),
      ...(writers === undefined ? {} : { writers }),
    });
    const stopped = untilStopped();
    ctx.print({ url, network: network ?? 'main' }, `realdid gateway listening at ${url}`);
    await stopped;
    await app.close();
    return 0;
  },
};
