#!/usr/bin/env node
import { runCli } from './runCli.js';

const code = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  // Progress only for a person watching a terminal: never in a pipe, a log or a CI transcript.
  progress: (s) => {
    if (process.stderr.isTTY) process.stderr.write(`\r${s}\x1b[K`);
  },
  cwd: process.cwd(),
  env: process.env,
});
process.exitCode = code;
