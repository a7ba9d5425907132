import type { Command, CommandContext } from '../internal/command.js';

async function printInfo(ctx: CommandContext): Promise<number> {
  const ledger = await ctx.ledger();
  const info = await ledger.info();
  ctx.print(
    info,
    Object.entries(info)
      .map(([k, v]) => `${k.padEnd(14)} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join('\n'),
  );
  return 0;
}

/** `realdid ledger init`: creates the ledger file (not its folder) unless it exists. */
export const ledgerInit: Command = {
  path: ['ledger', 'init'],
  usage: 'realdid ledger init [--ledger <uri>]',
  summary:
    'Creates the SQLite ledger file if it does not exist (its folder must exist, except the default ./.realdid) and shows it, as ledger info does.',
  options: {},
  createsLedger: true,
  run: printInfo,
};

/** `realdid ledger info`: what the ledger is and holds. */
export const ledgerInfo: Command = {
  path: ['ledger', 'info'],
  usage: 'realdid ledger info [--ledger <uri>]',
  summary: 'Shows the kind, location, limits and counts of a ledger.',
  options: {},
  run: printInfo,
};
