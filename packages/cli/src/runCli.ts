import { isRealDidError } from '@realdid/crypto';
import type { LedgerClient } from '@realdid/ledger';
import { COMMANDS } from './commands/index.js';
import { didYouMean, helpText, optionalString, parse } from './internal/args.js';
import type { Command, CommandContext } from './internal/command.js';
import { withFileLock } from './internal/files.js';
import type { CliIo } from './internal/io.js';
import { DEFAULT_LEDGER_URI, openLedger } from './openLedger.js';

export type { CliIo } from './internal/io.js';

/** The version printed by `realdid --version`. */
export const CLI_VERSION = '0.1.0';

function usage(group?: string): string {
  const lines = [
    group === undefined
      ? 'usage: realdid <command> [options]'
      : `usage: realdid ${group} <subcommand> [options]`,
    '',
    group === undefined ? 'commands:' : 'subcommands:',
  ];
  for (const c of COMMANDS) {
    if (group !== undefined && c.path[0] !== group) continue;
    lines.push(`  ${c.path.join(' ').padEnd(22)} ${c.summary.split('. ')[0]?.replace(/\.$/, '')}`);
  }
  lines.push(
    '',
    group === undefined
      ? 'Every command takes --ledger <uri> (--create to start a new ledger file), --json and --help.'
      : `Run realdid ${group} <subcommand> --help for its options.`,
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
    const groups = [...new Set(COMMANDS.map((c) => c.path[0]!))];
    const group = argv[0]!;
    if (groups.includes(group)) {
      // `realdid did --help`, or a bare `realdid vc`: the group's subcommands.
      const sub = argv[1];
      if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
        io.stdout(usage(group));
        return sub === undefined ? 2 : 0;
      }
      const subs = COMMANDS.filter((c) => c.path[0] === group).map((c) => c.path.slice(1).join(' '));
      io.stderr(
        `ERR_CLI_USAGE: unknown subcommand "${group} ${sub}"${didYouMean(sub, subs, (c) => `"${group} ${c}"`)}\n\n${usage(group)}`,
      );
      return 2;
    }
    io.stderr(
      `ERR_CLI_USAGE: unknown command "${group}"${didYouMean(group, groups, (c) => `"${c}"`)}\n\n${usage()}`,
    );
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
    const locked = command.locks === undefined ? undefined : optionalString(values, command.locks);
    return locked === undefined
      ? await command.run(ctx)
      : await withFileLock(io.cwd, locked, () => command.run(ctx));
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
