import { isRealDidError } from '@realdid/crypto';
import type { LedgerClient } from '@realdid/ledger';
import { COMMANDS } from './commands/index.js';
import { helpText, optionalString, parse } from './internal/args.js';
import type { Command, CommandContext } from './internal/command.js';
import type { CliIo } from './internal/io.js';
import { DEFAULT_LEDGER_URI, openLedger } from './openLedger.js';

export type { CliIo } from './internal/io.js';

/** The version printed by `realdid --version`. */
export const CLI_VERSION = '0.1.0';

function usage(): string {
  const lines = ['usage: realdid <command> [options]', '', 'commands:'];
  for (const c of COMMANDS)
    lines.push(`  ${c.path.join(' ').padEnd(22)} ${c.summary.split('. ')[0]?.replace(/\.$/, '')}`);
  lines.push(
    '',
    'Every command takes --ledger <uri> (--create to start a new ledger file), --json and --help.',
  );
  return `${lines.join('\n')}\n`;
}

function find(argv: readonly string[]): { command: Command; rest: string[] } | undefined {
  for (const c of COMMANDS) {
    if (c.path.every((w, i) => argv[i] === w)) return { command: c, rest: argv.slice(c.path.length) };
  }
  return undefined;
}

/**
 * Runs the `realdid` command line. Results go to stdout (JSON with `--json`), errors to stderr with
 * their code; the promise resolves to the process exit code (0 on success).
 *
 * @param argv - the arguments after the program name
 * @param io - where to write, the working folder and the environment
 * @returns the exit code
 * @throws TypeError when argv is not an array of strings or io is malformed (misuse)
 *
 * @example
 * ```ts
 * import { runCli } from '@realdid/cli';
 * let out = '';
 * const code = await runCli(['ledger', 'info', '--ledger', 'memory:', '--json'], {
 *   stdout: (s) => { out += s; }, stderr: () => {}, progress: () => {}, cwd: process.cwd(), env: {},
 * });
 * // code === 0, JSON.parse(out).kind === 'memory'
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  if (!Array.isArray(argv) || argv.some((a) => typeof a !== 'string'))
    throw new TypeError('argv: expected an array of strings');
  if (
    io === null ||
    typeof io !== 'object' ||
    typeof io.stdout !== 'function' ||
    typeof io.stderr !== 'function' ||
    typeof io.progress !== 'function' ||
    typeof io.cwd !== 'string' ||
    io.env === null ||
    typeof io.env !== 'object'
  )
    throw new TypeError('io: expected { stdout, stderr, progress, cwd, env }');
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout(usage());
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === '--version') {
    io.stdout(`${CLI_VERSION}\n`);
    return 0;
  }
  const found = find(argv);
  if (!found) {
    io.stderr(`ERR_CLI_USAGE: unknown command "${argv.slice(0, 2).join(' ')}"\n\n${usage()}`);
    return 2;
  }
  const { command, rest } = found;
  let ledger: LedgerClient | undefined;
  let json = false;
  const printError = (error: { code: string; message: string }) =>
    io.stderr(json ? `${JSON.stringify({ error })}\n` : `${error.code}: ${error.message}\n`);
  try {
    const { values, positionals } = parse(rest, command.options);
    json = values.json === true;
    if (values.help === true) {
      io.stdout(helpText(command.usage, command.summary, command.options));
      return 0;
    }
    const uri = optionalString(values, 'ledger') ?? io.env.REALDID_LEDGER ?? DEFAULT_LEDGER_URI;
    const ctx: CommandContext = {
      values,
      positionals,
      io,
      async ledger() {
        ledger ??= await openLedger(uri, io.cwd, io.env, {
          create: values.create === true || command.createsLedger === true,
        });
        return ledger;
      },
      print(result, human) {
        io.stdout(json ? `${JSON.stringify(result, null, 2)}\n` : `${human}\n`);
      },
      printError,
    };
    return await command.run(ctx);
  } catch (err) {
    if (isRealDidError(err)) {
      printError({ code: err.code, message: err.message });
      return err.code === 'ERR_CLI_USAGE' ? 2 : 1;
    }
    if (err instanceof TypeError || err instanceof RangeError) {
      io.stderr(`ERR_CLI_USAGE: ${err.message}\n`);
      return 2;
    }
    io.stderr(`ERR_CLI_INTERNAL: ${(err as Error)?.message ?? String(err)}\n`);
    return 1;
  } finally {
    await ledger?.close().catch(() => undefined);
  }
}
