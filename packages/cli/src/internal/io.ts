/** Where the CLI writes, and what it knows of its environment. Tests supply their own. */
export interface CliIo {
  /** Results: the human text, or JSON with `--json`. */
  stdout(text: string): void;
  /** Errors, each as `code: message` (JSON with `--json`). */
  stderr(text: string): void;
  /** Progress lines for long operations; written to stderr so stdout stays machine-readable. */
  progress(text: string): void;
  /** The folder relative paths (files, `sqlite:` ledgers) are resolved against. */
  cwd: string;
  /** The environment: `REALDID_LEDGER` (default ledger URI), `REALDID_EVM_PRIVATE_KEY`. */
  env: Readonly<Record<string, string | undefined>>;
}
