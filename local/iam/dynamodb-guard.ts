import { AwsApiError } from '../../functions/domain/errors.js';
import { LocalAws } from '../core/template.js';
import { callingFunction } from './caller.js';
import type { LocalIamEnforcer } from './enforcer.js';
import { type GuardExchange, passThrough, readPayload, startGuardProxy } from './pass-through.js';
import type { AuthorizationRequest } from './policy.js';

const { partition, region, accountId } = LocalAws;
const tableArn = (table: string) => `arn:${partition}:dynamodb:${region}:${accountId}:table/${table}`;

/** DynamoDB's own AccessDeniedException type, as its JSON 1.0 protocol names it. */
const DYNAMODB_ACCESS_DENIED = {
  type: 'com.amazonaws.dynamodb.v20120810#AccessDeniedException',
  statusCode: 400,
};

/** A running guard in front of DynamoDB Local. */
export interface DynamoDbGuard {
  /** `http://127.0.0.1:<port>`: what the handlers' AWS_ENDPOINT_URL_DYNAMODB points at. */
  endpoint: string;
  close(): Promise<void>;
}

type Body = Record<string, unknown>;
const str = (value: unknown) => (typeof value === 'string' ? value : '');
const tablesOf = (items: unknown) => Object.keys((items as Record<string, unknown> | undefined) ?? {});

/**
 * A table's stream as the local run's policies name it (local/iam/principals.ts resolves
 * `StreamArn` to `<table ARN>/stream/local`). DynamoDB Local names its streams in its own region
 * (`ddblocal`) with a timestamp label; AWS would name the stream the template granted.
 */
const localStreamArn = (arn: string) => {
  const table = /:table\/([^/]+)\/stream\//.exec(arn)?.[1];
  return table ? `${tableArn(table)}/stream/local` : arn;
};

/** Each item of a transaction is authorized as the single-item action it performs. */
const TRANSACT_WRITE_ACTIONS: Record<string, string> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
};

/**
 * The IAM actions and resources one DynamoDB request needs, as the DynamoDB developer guide
 * lists them: a Query or Scan of an index is authorized on the index's ARN, BatchGetItem and
 * BatchWriteItem on each table they name, and each item of a transaction as its own action.
 *
 * @example
 * ```ts
 * dynamoDbAuthorizationRequests('Query', { TableName: 'brandflow', IndexName: 'calendar' });
 * // [{ action: 'dynamodb:Query', resource: 'arn:aws:dynamodb:us-east-1:000000000000:table/brandflow/index/calendar' }]
 * ```
 */
export function dynamoDbAuthorizationRequests(operation: string, body: Body): AuthorizationRequest[] {
  const context = { 'aws:SecureTransport': true, 'aws:RequestedRegion': region };
  const on = (action: string, resource: string): AuthorizationRequest => ({
    action: `dynamodb:${action}`,
    resource,
    context,
  });
  switch (operation) {
    case 'Query':
    case 'Scan': {
      const table = tableArn(str(body.TableName));
      return [on(operation, body.IndexName ? `${table}/index/${str(body.IndexName)}` : table)];
    }
    case 'BatchGetItem':
    case 'BatchWriteItem':
      return tablesOf(body.RequestItems).map((table) => on(operation, tableArn(table)));
    case 'TransactWriteItems':
      return ((body.TransactItems as Body[] | undefined) ?? []).flatMap((item) =>
        Object.entries(item).flatMap(([kind, detail]) => {
          const action = TRANSACT_WRITE_ACTIONS[kind];
          return action ? [on(action, tableArn(str((detail as Body).TableName)))] : [];
        }),
      );
    case 'TransactGetItems':
      return ((body.TransactItems as Body[] | undefined) ?? []).map((item) =>
        on('GetItem', tableArn(str((item.Get as Body | undefined)?.TableName))),
      );
    case 'ListTables':
      return [on('ListTables', '*')];
    // DynamoDB Streams (the outbox's event source mapping reads the table's stream).
    case 'DescribeStream':
    case 'GetShardIterator':
      return [on(operation, localStreamArn(str(body.StreamArn)))];
    case 'GetRecords': {
      // The stream is named inside DynamoDB Local's shard iterator; any stream of the account otherwise.
      const stream = /arn:[^|"\s]+\/stream\/[^|"\s]+/.exec(str(body.ShardIterator))?.[0];
      return [on(operation, stream ? localStreamArn(stream) : `${tableArn('*')}/stream/*`)];
    }
    case 'ListStreams':
      return [on(operation, '*')];
    case 'ExecuteStatement':
    case 'BatchExecuteStatement':
    case 'ExecuteTransaction':
      throw new AwsApiError(
        'InternalFailure',
        `${operation} (PartiQL) has no IAM mapping in the local twin (local/iam/dynamodb-guard.ts): refused`,
        { statusCode: 500, context: { operation } },
      );
    default:
      if (typeof body.TableName !== 'string') {
        throw new AwsApiError(
          'InternalFailure',
          `${operation} has no IAM mapping in the local twin (local/iam/dynamodb-guard.ts): refused`,
          { statusCode: 500, context: { operation } },
        );
      }
      return [on(operation, tableArn(body.TableName))];
  }
}

/**
 * Puts an HTTP proxy on 127.0.0.1 in front of DynamoDB Local that checks every request a
 * function signs against its role's policies ({@link LocalIamEnforcer}) before forwarding it.
 * A denied request never reaches the database and is answered as DynamoDB answers it. Each
 * run has its own guard (its handlers' clients are made for its endpoints), which does not
 * keep the process alive.
 *
 * @example
 * ```ts
 * const guard = await startDynamoDbGuard('http://127.0.0.1:8000', enforcer);
 * const env = { AWS_ENDPOINT_URL_DYNAMODB: guard.endpoint };
 * ```
 */
export async function startDynamoDbGuard(target: string, enforcer: LocalIamEnforcer): Promise<DynamoDbGuard> {
  return startGuardProxy(target, (exchange) => forward(exchange, enforcer));
}

async function forward({ request, response, upstream, agent }: GuardExchange, enforcer: LocalIamEnforcer) {
  const payload = await readPayload(request);
  try {
    const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    // Only a function's calls are checked: tests, the CLI and the twin itself act as the admin.
    if (operation && callingFunction(request.headers.authorization)) {
      const body = payload.length > 0 ? (JSON.parse(payload.toString('utf8')) as Body) : {};
      enforcer.authorize(
        request.headers.authorization,
        dynamoDbAuthorizationRequests(operation, body),
        DYNAMODB_ACCESS_DENIED,
      );
    }
  } catch (error) {
    const denied =
      error instanceof AwsApiError
        ? error
        : error instanceof SyntaxError
          ? new AwsApiError('com.amazon.coral.service#SerializationException', 'request body is not JSON')
          : // A policy the local evaluation cannot judge: loud, never allowed.
            new AwsApiError('InternalFailure', error instanceof Error ? error.message : String(error), {
              statusCode: 500,
            });
    response.writeHead(denied.statusCode, {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-errortype': denied.type.split('#').pop() ?? denied.type,
    });
    response.end(JSON.stringify({ __type: denied.type, message: denied.message }));
    return;
  }
  passThrough(
    {
      upstream,
      agent,
      method: request.method,
      path: request.url,
      headers: { ...request.headers, host: upstream.host },
      payload,
    },
    response,
    (message) => [
      'application/x-amz-json-1.0',
      JSON.stringify({ __type: 'InternalFailure', message: `DynamoDB Local: ${message}` }),
    ],
  );
}
