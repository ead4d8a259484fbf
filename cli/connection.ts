import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createRunScope, type RunScope } from '../functions/aws/run-scope.js';
import { InvalidInputError, NotFoundError } from '../functions/domain/errors.js';
import type { Target } from './target.js';

/** Brandflow's read functions (functions/persistence), as the handlers use them. */
export type Records = typeof import('../functions/persistence/index.js') &
  Pick<typeof import('../functions/persistence/inbound-events.js'), 'findProcessedEvent'>;

/** The clients and names one CLI run works with. */
export interface Connection {
  target: Target;
  sfn: SFNClient;
  /** Puts events as an integrator (on the twin: its `/integrator` path, so events are marked so). */
  events: EventBridgeClient;
  /** The dead-letter queues (on the twin: its dead letters). */
  sqs: SQSClient;
  /** Hands a dead-lettered event back to its function, unchanged (`redrive`). */
  lambda: LambdaClient;
  /** The stack's table, found once. */
  tableName(): Promise<string>;
  /** The PostLifecycle state machine, found once. */
  stateMachineArn(): Promise<string>;
  /** Brandflow's own read functions, pointed at the target's table. */
  records(): Promise<Records>;
  /** The scope in which Brandflow's own modules read the target's table (what `records` runs in). */
  scope(): Promise<RunScope>;
  close(): void;
}

/** Any credentials work on the twin; these are used only when none are configured. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * Opens clients for a target. Brandflow's read functions run in a scope of their own
 * (functions/aws/run-scope.ts) holding the target's TABLE_NAME, AWS_REGION and DynamoDB
 * endpoint or profile, so nothing is set on `process.env`.
 *
 * @example
 * ```ts
 * const connection = connect(resolveTarget(args, process.env));
 * const post = await (await connection.records()).getPost('spring-launch');
 * connection.close();
 * ```
 */
export function connect(target: Target): Connection {
  const local = target.mode === 'local';
  const common = {
    region: target.region,
    ...(local ? { credentials: LOCAL_CREDENTIALS } : {}),
    ...(target.profile ? { profile: target.profile } : {}),
  };
  const sfn = new SFNClient({ ...common, ...(local ? { endpoint: target.endpoint } : {}) });
  const events = new EventBridgeClient({
    ...common,
    ...(local ? { endpoint: `${target.endpoint}/integrator` } : {}),
  });
  const sqs = new SQSClient({ ...common, ...(local ? { endpoint: target.endpoint } : {}) });
  const lambda = new LambdaClient({ ...common, ...(local ? { endpoint: target.endpoint } : {}) });
  let tableName: Promise<string> | undefined;
  let stateMachineArn: Promise<string> | undefined;
  let records: Promise<Records> | undefined;
  let scope: Promise<RunScope> | undefined;

  const findTable = () => {
    tableName ??= target.tableName ? Promise.resolve(target.tableName) : onlyLocalTable(target);
    return tableName;
  };

  const openScope = () => {
    scope ??= findTable().then((table) =>
      createRunScope({
        TABLE_NAME: table,
        AWS_REGION: target.region,
        ...(local
          ? {
              AWS_ENDPOINT_URL_DYNAMODB: target.dynamoDbEndpoint,
              AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? LOCAL_CREDENTIALS.accessKeyId,
              AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? LOCAL_CREDENTIALS.secretAccessKey,
            }
          : { AWS_PROFILE: target.profile ?? process.env.AWS_PROFILE }),
      }),
    );
    return scope;
  };

  return {
    target,
    sfn,
    events,
    sqs,
    lambda,
    tableName: findTable,
    stateMachineArn: () => {
      stateMachineArn ??= target.stateMachineArn
        ? Promise.resolve(target.stateMachineArn)
        : findStateMachine(sfn);
      return stateMachineArn;
    },
    scope: openScope,
    records: () => {
      records ??= openScope().then(async (scope) => {
        const [index, inbound] = await Promise.all([
          import('../functions/persistence/index.js'),
          import('../functions/persistence/inbound-events.js'),
        ]);
        return scope.bind({ ...index, findProcessedEvent: inbound.findProcessedEvent });
      });
      return records;
    },
    close: () => {
      sfn.destroy();
      events.destroy();
      sqs.destroy();
      lambda.destroy();
    },
  };
}

async function onlyLocalTable(target: Target): Promise<string> {
  const client = new DynamoDBClient({
    region: target.region,
    endpoint: target.dynamoDbEndpoint,
    credentials: LOCAL_CREDENTIALS,
  });
  try {
    const { TableNames = [] } = await client.send(new ListTablesCommand({}));
    if (TableNames.length === 1) return TableNames[0] as string;
    throw new InvalidInputError([
      {
        field: '--table',
        rule: 'required',
        message: TableNames.length
          ? `the DynamoDB at ${target.dynamoDbEndpoint} holds ${TableNames.length} tables (${TableNames.join(', ')}): name one with --table`
          : `the DynamoDB at ${target.dynamoDbEndpoint} holds no table: is \`npm start\` running?`,
      },
    ]);
  } finally {
    client.destroy();
  }
}

async function findStateMachine(sfn: SFNClient): Promise<string> {
  const machines = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListStateMachinesCommand({ nextToken }));
    machines.push(...(page.stateMachines ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  const lifecycle = machines.filter((m) => /PostLifecycle/i.test(m.name ?? ''));
  const candidates = lifecycle.length ? lifecycle : machines;
  if (candidates.length === 1 && candidates[0]?.stateMachineArn) return candidates[0].stateMachineArn;
  if (candidates.length === 0) {
    throw new NotFoundError(
      'no state machine found: pass the stack output StateMachineArn as --state-machine-arn',
    );
  }
  throw new InvalidInputError([
    {
      field: '--state-machine-arn',
      rule: 'required',
      message: `${candidates.length} state machines match PostLifecycle: name the stack's with --state-machine-arn`,
    },
  ]);
}
