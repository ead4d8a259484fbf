import { InvalidInputError } from '../functions/domain/errors.js';
import type { ParsedArgs } from './options.js';
import { stringFlag } from './options.js';

/** Where the CLI sends its calls: the local twin, or a deployed stack. */
export interface Target {
  mode: 'local' | 'aws';
  region: string;
  /** AWS profile of a deployed stack; the default credential chain when absent. */
  profile?: string;
  /** Step Functions and EventBridge endpoint (local only). */
  endpoint?: string;
  /** DynamoDB endpoint (local only). */
  dynamoDbEndpoint?: string;
  /** The stack's TableName output; looked up on the twin when absent. */
  tableName?: string;
  eventBusName: string;
  /** The stack's StateMachineArn output; looked up with ListStateMachines when absent. */
  stateMachineArn?: string;
}

/** The twin's region and the stack's default bus name. */
export const LOCAL_REGION = 'us-east-1';
export const DEFAULT_BUS = 'brandflow';

/**
 * Resolves the target from flags first, then environment variables, then the defaults of
 * `npm start` (the ports it reads from BRANDFLOW_AWS_PORT and BRANDFLOW_DYNAMODB_PORT too).
 * `--profile` or `--aws` selects a deployed stack.
 *
 * @example
 * ```ts
 * const target = resolveTarget(parseCommandArgs(['--profile', 'prod'], {}), process.env);
 * ```
 */
export function resolveTarget(args: ParsedArgs, env: Readonly<Record<string, string | undefined>>): Target {
  const flag = (name: string, variable: string) => stringFlag(args, name) ?? nonEmpty(env[variable]);
  const profile = flag('profile', 'BRANDFLOW_PROFILE');
  const aws = profile !== undefined || args.values.aws === true || env.BRANDFLOW_TARGET === 'aws';
  const shared = {
    tableName: flag('table', 'BRANDFLOW_TABLE_NAME'),
    eventBusName: flag('bus', 'BRANDFLOW_EVENT_BUS_NAME') ?? DEFAULT_BUS,
    stateMachineArn: flag('state-machine-arn', 'BRANDFLOW_STATE_MACHINE_ARN'),
  };
  if (aws) {
    const region = stringFlag(args, 'region') ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION);
    if (!region) {
      throw new InvalidInputError([
        { field: '--region', rule: 'required', message: 'a deployed stack needs --region (or AWS_REGION)' },
      ]);
    }
    if (!shared.tableName) {
      throw new InvalidInputError([
        {
          field: '--table',
          rule: 'required',
          message: 'a deployed stack needs its TableName output as --table (or BRANDFLOW_TABLE_NAME)',
        },
      ]);
    }
    return { mode: 'aws', region, profile, ...shared };
  }
  const endpoint =
    flag('endpoint', 'BRANDFLOW_ENDPOINT') ?? `http://127.0.0.1:${env.BRANDFLOW_AWS_PORT ?? 4010}`;
  const dynamoDbEndpoint =
    flag('dynamodb-endpoint', 'BRANDFLOW_DYNAMODB_ENDPOINT') ??
    `http://127.0.0.1:${env.BRANDFLOW_DYNAMODB_PORT ?? 8000}`;
  for (const [field, url] of [
    ['--endpoint', endpoint],
    ['--dynamodb-endpoint', dynamoDbEndpoint],
  ] as const) {
    if (!URL.canParse(url)) {
      throw new InvalidInputError([
        { field, rule: 'url', message: `${field} must be a URL such as http://127.0.0.1:4010` },
      ]);
    }
  }
  return {
    mode: 'local',
    region: stringFlag(args, 'region') ?? LOCAL_REGION,
    endpoint: endpoint.replace(/\/+$/, ''),
    dynamoDbEndpoint: dynamoDbEndpoint.replace(/\/+$/, ''),
    ...shared,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
