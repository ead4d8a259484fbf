import { main } from '../../cli/main.js';

/**
 * Runs one `brandflow` command line in this process, as the bin does, with `env` as the
 * user's shell environment, capturing its output.
 *
 * @example
 * ```ts
 * const { code, stdout } = await runCli(['show', 'p-1', '--json'], { BRANDFLOW_ENDPOINT: endpoint });
 * ```
 */
export async function runCli(argv: string[], env: Record<string, string | undefined>) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
  });
  return { code, stdout, stderr };
}
