import type { LedgerClient } from '@realdid/ledger';
import type { OptionSpec, Values } from './args.js';
import type { CliIo } from './io.js';

/** What a subcommand gets to work with. */
export interface CommandContext {
  values: Values;
  positionals: string[];
  io: CliIo;
  /** Opens (once) and returns the ledger named by `--ledger`. */
  ledger(): Promise<LedgerClient>;
  /** Prints a result: JSON with `--json`, the human text otherwise. */
  print(result: unknown, human: string): void;
  /** Writes a coded error to stderr: `{"error":…}` with `--json`, `code: message` otherwise. */
  printError(error: { code: string; message: string }): void;
}

/** A subcommand such as `did create`. */
export interface Command {
  /** The words that select it, e.g. `['did', 'create']`. */
  path: readonly string[];
  usage: string;
  summary: string;
  options: Record<string, OptionSpec>;
  /**
   * The option naming a secret file this command reads, changes and writes back (a keys file):
   * the file is locked while the command runs, so two commands never change it at once.
   */
  locks?: string;
  /** Whether the command creates its ledger when missing, as `--create` does (`ledger init`). */
  createsLedger?: boolean;
  /** Runs it; resolves to the exit code. */
  run(ctx: CommandContext): Promise<number>;
}
