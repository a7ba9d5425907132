/** Where the CLI writes, and what it knows of its environment. Tests supply their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Progress lines for long operations; written to stderr so stdout stays machine-readable. */
  progress(text: string): void;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}
