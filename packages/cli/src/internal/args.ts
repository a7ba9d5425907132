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

/** Edit distance (Levenshtein), for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * ` (did you mean "x"?)` for the closest candidate within a few edits of `word`, or `''`.
 *
 * @param word - what was given
 * @param candidates - what would have been accepted
 * @param render - how to show a candidate (default as is)
 */
export function didYouMean(
  word: string,
  candidates: Iterable<string>,
  render: (c: string) => string = (c) => c,
): string {
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  const max = Math.max(2, Math.floor(word.length / 3));
  return best !== undefined && bestD <= max ? ` (did you mean ${render(best)}?)` : '';
}

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
    const message = (err as Error).message;
    const unknown = /Unknown option '(-{1,2})([^']+)'/.exec(message);
    const hint =
      unknown === null ? '' : didYouMean(unknown[2]!, Object.keys(all), (c) => JSON.stringify(`--${c}`));
    throw cliError('ERR_CLI_USAGE', `${message.split('. ')[0]}${hint}`, err);
  }
}

/**
 * Reads an option whose value must be one of `allowed`, with a suggestion for a near miss.
 *
 * @returns the value, or `fallback` when the option is absent
 */
export function oneOf<T extends string>(values: Values, name: string, allowed: readonly T[], fallback: T): T {
  const v = values[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw cliError(
      'ERR_CLI_USAGE',
      `--${name} must be ${allowed.join(' or ')}, found ${String(v)}${typeof v === 'string' ? didYouMean(v, allowed, (c) => JSON.stringify(c)) : ''}`,
    );
  }
  return v as T;
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
