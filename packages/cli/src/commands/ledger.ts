import type { Command } from '../internal/command.js';

/** `realdid ledger info`: what the ledger is and holds. */
export const ledgerInfo: Command = {
  path: ['ledger', 'info'],
  usage: 'realdid ledger info [--ledger <uri>]',
  summary: 'Shows the kind, location, limits and counts of a ledger.',
  options: {},
  async run(ctx) {
    const ledger = await ctx.ledger();
    const info = await ledger.info();
    ctx.print(
      info,
      Object.entries(info)
        .map(([k, v]) => `${k.padEnd(14)} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
        .join('\n'),
    );
    return 0;
  },
};
