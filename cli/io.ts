/** Where a CLI run reads its environment and writes its output; the bin passes the process's own. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  /** Progress and errors: kept off stdout so `--json` output stays parseable. */
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
}

/** The process's streams and environment. */
export const processIo = (): CliIo => ({ stdout: process.stdout, stderr: process.stderr, env: process.env });
