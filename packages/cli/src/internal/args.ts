import { parseArgs } from 'node:util';
import { cliError } from './errors.js';

/** An option a subcommand accepts. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  description: string;
}

/** The options every subcommand accepts. */
export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  ledger: {
    type: 'string',
    description: 'ledger URI: sqlite:<path> (default ./.realdid/ledger.db), memory:, evm+http://…',
  },
  create: {
    type: 'boolean',
    description: 'create the sqlite: ledger file if it does not exist (never its folder)',
  },
  json: { type: 'boolean', description: 'print JSON on stdout' },
  help: { type: 'boolean', short: 'h', description: 'show help' },
};

/** Parsed command-line values. */
export type Values = Record<string, string | boolean | string[] | undefined>;

/** Parses the arguments of one subcommand, strictly: unknown options are usage errors. */
export function parse(
  argv: readonly string[],
  options: Record<string, OptionSpec>,
): { values: Values; positionals: string[] } {
  const all = { ...GLOBAL_OPTIONS, ...options };
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(all)) {
    config[name] = {
      type: spec.type,
      ...(spec.short ? { short: spec.short } : {}),
      ...(spec.multiple ? { multiple: true } : {}),
    };
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: config,
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Values, positionals };
  } catch (err) {
    throw cliError('ERR_CLI_USAGE', (err as Error).message, err);
  }
}

/** Reads a required string option. */
export function requireString(values: Values, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.length === 0) throw cliError('ERR_CLI_USAGE', `--${name} is required`);
  return v;
}

/** Reads an optional string option. */
export function optionalString(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/** Reads a repeatable string option as given, one entry per occurrence (commas kept). */
export function rawList(values: Values, name: string): string[] {
  const v = values[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

/** Reads a repeatable string option (also accepts comma-separated lists). */
export function stringList(values: Values, name: string): string[] {
  return rawList(values, name)
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Reads a positive integer option. */
export function integer(values: Values, name: string, fallback: number, min = 1, max = 1_000_000): number {
  const v = values[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !/^\d+$/.test(v))
    throw cliError('ERR_CLI_USAGE', `--${name} must be an integer`);
  const n = Number(v);
  if (n < min || n > max)
    throw cliError('ERR_CLI_USAGE', `--${name} must be between ${min} and ${max}, found ${n}`);
  return n;
}

/** Reads a required integer option between `min` and `max`. */
export function requireInteger(values: Values, name: string, min: number, max: number): number {
  if (values[name] === undefined) throw cliError('ERR_CLI_USAGE', `--${name} is required`);
  return integer(values, name, min, min, max);
}

/** Renders the option list of a subcommand for `--help`. */
export function helpText(usage: string, summary: string, options: Record<string, OptionSpec>): string {
  const lines = [`usage: ${usage}`, '', summary, '', 'options:'];
  for (const [name, spec] of Object.entries({ ...options, ...GLOBAL_OPTIONS })) {
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.type === 'string' ? ' <value>' : ''}`;
    lines.push(`  ${flag.padEnd(28)} ${spec.description}`);
  }
  return `${lines.join('\n')}\n`;
}
