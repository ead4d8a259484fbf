import { type ParseArgsConfig, parseArgs } from 'node:util';
import { InvalidInputError } from '../functions/domain/errors.js';
import { UsageError } from './errors.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Options every command takes: output format and where the stack is. */
export const globalOptions = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  profile: { type: 'string' },
  aws: { type: 'boolean' },
  region: { type: 'string' },
  endpoint: { type: 'string' },
  'dynamodb-endpoint': { type: 'string' },
  table: { type: 'string' },
  bus: { type: 'string' },
  'state-machine-arn': { type: 'string' },
} as const satisfies OptionSpec;

export const globalOptionsHelp = `Where (default: the local twin of \`npm start\`):
  --endpoint <url>           Step Functions + EventBridge endpoint (BRANDFLOW_ENDPOINT; default http://127.0.0.1:4010)
  --dynamodb-endpoint <url>  DynamoDB endpoint (BRANDFLOW_DYNAMODB_ENDPOINT; default http://127.0.0.1:8000)
  --profile <name>           a deployed stack, with this AWS profile (BRANDFLOW_PROFILE)
  --aws                      a deployed stack, with the default AWS credentials (BRANDFLOW_TARGET=aws)
  --region <region>          AWS Region (AWS_REGION; local: us-east-1)
  --table <name>             stack output TableName (BRANDFLOW_TABLE_NAME; local: the only table)
  --bus <name>               stack output EventBusName (BRANDFLOW_EVENT_BUS_NAME; default brandflow)
  --state-machine-arn <arn>  stack output StateMachineArn (BRANDFLOW_STATE_MACHINE_ARN; default: the only PostLifecycle machine)
Output:
  --json                     machine-readable output on stdout, errors included (progress stays on stderr)`;

/**
 * Options that each take one string value, by name.
 *
 * @example
 * ```ts
 * stringOptions('alt', 'lang'); // { alt: { type: 'string' }, lang: { type: 'string' } }
 * ```
 */
export function stringOptions(...names: string[]): OptionSpec {
  return Object.fromEntries(names.map((name) => [name, { type: 'string' }]));
}

/** Parsed flags of one command line. */
export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * Parses a command's arguments with `node:util`'s parser; an unknown or malformed option
 * becomes a {@link UsageError} naming it.
 *
 * @example
 * ```ts
 * const { values, positionals } = parseCommandArgs(['p-1', '--json'], {});
 * ```
 */
export function parseCommandArgs(argv: string[], options: OptionSpec): ParsedArgs {
  try {
    const parsed = parseArgs({
      args: argv,
      options: { ...globalOptions, ...options },
      allowPositionals: true,
      strict: true,
    });
    return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/** A string flag's value, or undefined. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A string flag the command cannot do without. */
export function requiredFlag(args: ParsedArgs, name: string): string {
  const value = stringFlag(args, name);
  if (value === undefined || value.trim() === '') {
    throw new InvalidInputError([{ field: `--${name}`, rule: 'required', message: `--${name} is required` }]);
  }
  return value;
}

/** The positional argument at `index`, named `name` in the error when missing. */
export function requiredArg(args: ParsedArgs, index: number, name: string): string {
  const value = args.positionals[index];
  if (value === undefined || value.trim() === '') {
    throw new InvalidInputError([{ field: `<${name}>`, rule: 'required', message: `<${name}> is required` }]);
  }
  return value;
}

/** How long `--wait` waits unless `--timeout` says otherwise. */
const DEFAULT_WAIT_SECONDS = 120;

/** The options of a command that can wait until Brandflow has acted on what it put. */
export const waitOptions = {
  wait: { type: 'boolean' },
  timeout: { type: 'string' },
} as const satisfies OptionSpec;

/**
 * The `--wait` and `--timeout` help lines of a command with {@link waitOptions}.
 *
 * @example
 * ```ts
 * waitHelp('Brandflow has handled it'); // '  --wait   wait until Brandflow has handled it\n  --timeout …'
 * ```
 */
export function waitHelp(until: string): string {
  return `  --wait                 wait until ${until}
  --timeout <seconds>    how long --wait waits (default ${DEFAULT_WAIT_SECONDS})`;
}

/** How long `--wait` may wait, in milliseconds. */
export function waitTimeoutMs(args: ParsedArgs): number {
  return secondsFlag(args, 'timeout', DEFAULT_WAIT_SECONDS);
}

/** A positive whole number of seconds from a flag, in milliseconds. */
function secondsFlag(args: ParsedArgs, name: string, fallbackSeconds: number): number {
  const raw = stringFlag(args, name);
  if (raw === undefined) return fallbackSeconds * 1000;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new InvalidInputError([
      {
        field: `--${name}`,
        rule: 'positive-number',
        message: `--${name} must be a number of seconds above 0`,
      },
    ]);
  }
  return seconds * 1000;
}
