import { randomUUID } from 'node:crypto';
import { main } from '../../cli/commands/main.js';
import { type LocalBrandflow, startLocalBrandflow } from '../../local/runtime.js';
import { actAsClientOf } from './run-client.js';

/**
 * A local twin for a CLI test file, on the global setup's DynamoDB Local with a table of its
 * own (named after `name`), which the file acts as the client of.
 *
 * @example
 * ```ts
 * beforeAll(async () => ({ runtime, tableName } = await startCliTwin('clock')));
 * ```
 */
export async function startCliTwin(name: string): Promise<{ runtime: LocalBrandflow; tableName: string }> {
  const tableName = `brandflow-${name}-${randomUUID()}`;
  const runtime = actAsClientOf(
    await startLocalBrandflow({ dynamoDbEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB, tableName }),
  );
  return { runtime, tableName };
}

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

/**
 * A `brandflow` command line pointed at a twin and its table, as a user's shell would set it.
 *
 * @example
 * ```ts
 * const brandflow = twinCli(() => ({ runtime, tableName }));
 * const { stdout } = await brandflow('clock', '--json');
 * ```
 */
export function twinCli(twin: () => { runtime: LocalBrandflow; tableName: string }) {
  return (...argv: string[]) => {
    const { runtime, tableName } = twin();
    return runCli(argv, {
      BRANDFLOW_ENDPOINT: runtime.awsEndpoint,
      BRANDFLOW_DYNAMODB_ENDPOINT: runtime.env.AWS_ENDPOINT_URL_DYNAMODB,
      BRANDFLOW_TABLE_NAME: tableName,
    });
  };
}

/**
 * What a user's shell would hold to point the CLI at a local twin and its table, with the
 * token `brandflow login` stores kept in `tokenFile`.
 *
 * @example
 * ```ts
 * await runCli(['assets', 'list', 'acme'], twinCliEnv(runtime, tableName, join(folder, 'token')));
 * ```
 */
export function twinCliEnv(runtime: LocalBrandflow, tableName: string, tokenFile: string) {
  return {
    BRANDFLOW_ENDPOINT: runtime.awsEndpoint,
    BRANDFLOW_DYNAMODB_ENDPOINT: runtime.env.AWS_ENDPOINT_URL_DYNAMODB,
    BRANDFLOW_TABLE_NAME: tableName,
    BRANDFLOW_API_URL: runtime.apiEndpoint,
    BRANDFLOW_ISSUER_URL: runtime.issuer.issuer,
    BRANDFLOW_TOKEN_FILE: tokenFile,
  };
}
