import type { Command } from '../internal/command.js';
import { demo } from './demo.js';
import { DID_COMMANDS } from './did.js';
import { gateway } from './gateway.js';
import { keyGenerate } from './key.js';
import { ledgerInfo, ledgerInit } from './ledger.js';
import { STATUS_COMMANDS } from './status.js';
import { TRACE_COMMANDS } from './trace.js';
import { VC_COMMANDS } from './vc.js';

/** Every subcommand, in the order `realdid --help` lists them. */
export const COMMANDS: readonly Command[] = [
  keyGenerate,
  ledgerInit,
  ledgerInfo,
  ...DID_COMMANDS,
  ...VC_COMMANDS,
  ...STATUS_COMMANDS,
  ...TRACE_COMMANDS,
  gateway,
  demo,
];
