import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { epochSeconds, pageOf } from './aws-paging.js';
import { readTwinClock, TWIN_CLOCK_PATH } from './clock.js';
import type { EndpointAuthorizer } from './core/endpoint-authorizer.js';
import { AwsApiError } from './errors.js';
import type { LocalEventBus } from './event-bus.js';
import { INVOKE_PATH, type RawRoute } from './lambda-api.js';
import type { LocalScheduler } from './scheduler.js';
import { schedulerOperation } from './scheduler-api.js';
import type { LocalStepFunctions } from './step-functions.js';
import type { LocalExecution } from './types.js';

/**
 * Secrets Manager's GetSecretValue and PutSecretValue for channel credentials. Unlike AWS,
 * where the stack creates each secret and the operator sets its value, a put here creates
 * the secret: setting a value is the local equivalent of both steps.
 */
export class LocalSecrets {
  private readonly values = new Map<string, { value: string; version: number }>();
  /** Tags by secret id: a channel account's binding (functions/domain/account-binding.ts). */
  private readonly tags = new Map<string, { Key: string; Value: string }[]>();

  /** CreateSecret: refused when the secret exists, as AWS does. */
  create(name: string, value: unknown, tags: unknown) {
    if (this.values.has(name)) {
      throw new AwsApiError(
        'ResourceExistsException',
        `The operation failed because the secret ${name} already exists.`,
      );
    }
    // Tags are checked first: a refused create leaves no secret behind.
    this.tag(name, tags ?? [], { check: true });
    const created = this.put(name, value);
    this.tag(name, tags ?? []);
    return created;
  }

  /** DescribeSecret: metadata and tags, never the value. */
  describe(secretId: string) {
    if (!this.values.has(secretId)) {
      throw new AwsApiError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    }
    return { ARN: this.arn(secretId), Name: secretId, Tags: this.tags.get(secretId) ?? [] };
  }

  /** TagResource: adds or replaces tags by key; `check` only validates them. */
  tag(secretId: string, tags: unknown, { check = false } = {}) {
    if (!check && !this.values.has(secretId)) {
      throw new AwsApiError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    }
    if (!Array.isArray(tags)) throw new AwsApiError('InvalidParameterException', 'Tags must be a list.');
    const next = new Map((this.tags.get(secretId) ?? []).map((t) => [t.Key, t.Value]));
    for (const { Key, Value } of tags as { Key?: unknown; Value?: unknown }[]) {
      if (typeof Key !== 'string' || typeof Value !== 'string') {
        throw new AwsApiError('InvalidParameterException', 'Each tag needs a Key and a Value.');
      }
      // AWS refuses tags outside these limits; so does the twin.
      if (
        !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u.test(Key) ||
        !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u.test(Value)
      ) {
        throw new AwsApiError(
          'InvalidParameterException',
          `Tag ${Key} has a key or value outside the allowed characters or length.`,
        );
      }
      next.set(Key, Value);
    }
    if (check) return {};
    this.tags.set(
      secretId,
      [...next].map(([Key, Value]) => ({ Key, Value })),
    );
    return {};
  }

  /** UntagResource: removes the tags with these keys. */
  untag(secretId: string, keys: unknown) {
    if (!this.values.has(secretId)) {
      throw new AwsApiError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    }
    if (!Array.isArray(keys)) throw new AwsApiError('InvalidParameterException', 'TagKeys must be a list.');
    this.tags.set(
      secretId,
      (this.tags.get(secretId) ?? []).filter((t) => !keys.includes(t.Key)),
    );
    return {};
  }

  get(secretId: string) {
    const secret = this.values.get(secretId);
    if (!secret) {
      throw new AwsApiError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    }
    return {
      ARN: this.arn(secretId),
      Name: secretId,
      SecretString: secret.value,
      VersionId: `v${secret.version}`,
      VersionStages: ['AWSCURRENT'],
    };
  }

  put(secretId: string, value: unknown) {
    if (!secretId || typeof value !== 'string') {
      throw new AwsApiError('InvalidParameterException', 'SecretId and SecretString are required.');
    }
    const version = (this.values.get(secretId)?.version ?? 0) + 1;
    this.values.set(secretId, { value, version });
    return {
      ARN: this.arn(secretId),
      Name: secretId,
      VersionId: `v${version}`,
      VersionStages: ['AWSCURRENT'],
    };
  }

  private arn(secretId: string) {
    return `arn:aws:secretsmanager:us-east-1:000000000000:secret:${secretId}`;
  }
}

/** A running local endpoint. */
export interface LocalAwsEndpoint {
  /** `http://127.0.0.1:<port>`: what AWS_ENDPOINT_URL_SFN, _EVENTBRIDGE, _SECRETS_MANAGER and _SCHEDULER are set to. */
  url: string;
  /** The same endpoint for `runtime.putEvents`: events put there are marked `origin: 'integrator'`. */
  integratorUrl: string;
  close(): Promise<void>;
}

type Operation = (body: Record<string, unknown>, origin: 'integrator' | 'handler') => unknown;

/** One request the endpoint answered, as CloudTrail records a call: what was asked, by whom, how it ended. */
export interface ServedCall {
  /** The service's signing name: `states`, `events`, `scheduler`, `secretsmanager`, `sqs` or `lambda`. */
  service: string;
  /** The operation, e.g. `StartExecution`, `PutEvents`, `CreateSchedule`, `Invoke`. */
  operation: string;
  /** The request's members: its JSON body, with a REST call's path member (`Name`, `FunctionName`). */
  request: Record<string, unknown>;
  /** `Authorization` as signed: it names the function whose role made the call (local/iam/caller.ts). */
  authorization: string | undefined;
  /** Where it came in: `integrator` for `runtime.putEvents` and `/integrator`, else `handler`. */
  origin: 'integrator' | 'handler';
  /** AWS's error type when the call was refused or failed. */
  errorCode?: string;
}

const JSON_SERVICES: Record<string, string> = {
  AWSStepFunctions: 'states',
  AWSEvents: 'events',
  secretsmanager: 'secretsmanager',
  AmazonSQS: 'sqs',
};
const SCHEDULER_OPERATIONS: Record<string, string> = {
  POST: 'CreateSchedule',
  PUT: 'UpdateSchedule',
  GET: 'GetSchedule',
  DELETE: 'DeleteSchedule',
};

/** The service and operation of a request, and its path member, as {@link ServedCall} names them. */
function operationOf(
  target: string,
  method: string,
  url: URL,
): Omit<ServedCall, 'request' | 'authorization' | 'origin'> & { pathMember?: Record<string, string> } {
  if (target) {
    const [prefix = '', operation = target] = target.split('.');
    return { service: JSON_SERVICES[prefix] ?? prefix, operation };
  }
  const invoked = INVOKE_PATH.exec(url.pathname)?.[1];
  if (invoked)
    return {
      service: 'lambda',
      operation: 'Invoke',
      pathMember: { FunctionName: decodeURIComponent(invoked) },
    };
  const schedule = /^\/schedules\/([^/]+)$/.exec(url.pathname)?.[1];
  if (schedule) {
    return {
      service: 'scheduler',
      operation: SCHEDULER_OPERATIONS[method] ?? method,
      pathMember: { Name: decodeURIComponent(schedule) },
    };
  }
  return {
    service: 'scheduler',
    operation: url.pathname === '/schedules' ? 'ListSchedules' : `${method} ${url.pathname}`,
  };
}
/** A REST operation: which one is said by the method and the path, not by a header. */
type RestOperation = (method: string, url: URL, body: Record<string, unknown>) => unknown;

/**
 * Starts an HTTP server on 127.0.0.1 (random port) speaking the AWS protocols the handlers
 * use: Step Functions (`AWSStepFunctions.*`, JSON 1.0), EventBridge (`AWSEvents.PutEvents`,
 * JSON 1.1), Secrets Manager (JSON 1.1) and, with a scheduler, EventBridge Scheduler
 * (restJson1, `/schedules...`). Errors come back as AWS sends them (the HTTP status, the
 * error type in `x-amzn-errortype` and the body), so the SDK raises its usual exception classes.
 *
 * @example
 * ```ts
 * const endpoint = await startAwsEndpoint(stepFunctions, eventBus);
 * process.env.AWS_ENDPOINT_URL_SFN = endpoint.url;
 * ```
 */
export async function startAwsEndpoint(
  sfn: LocalStepFunctions,
  bus: LocalEventBus,
  secrets: LocalSecrets = new LocalSecrets(),
  options: {
    port?: number;
    scheduler?: LocalScheduler;
    authorize?: EndpointAuthorizer;
    /** More JSON-protocol operations by `X-Amz-Target` (SQS on the dead letters). */
    extraOperations?: Record<string, (body: Record<string, unknown>) => unknown>;
    /** Requests answered as they come (Lambda's Invoke), tried before the others. */
    rawRoute?: RawRoute;
    /** Told of every request once answered (the run's trail of calls). */
    onServed?: (call: ServedCall) => void;
    /** Runs before an authorized request is served; throws an `AwsApiError` to fail it (injected faults). */
    beforeOperation?: (operation: string, origin: 'integrator' | 'handler') => void;
  } = {},
): Promise<LocalAwsEndpoint> {
  const operations: Record<string, Operation> = {
    'secretsmanager.GetSecretValue': (body) => secrets.get(String(body.SecretId ?? '')),
    'secretsmanager.PutSecretValue': (body) => secrets.put(String(body.SecretId ?? ''), body.SecretString),
    'secretsmanager.CreateSecret': (body) =>
      secrets.create(String(body.Name ?? ''), body.SecretString, body.Tags),
    'secretsmanager.DescribeSecret': (body) => secrets.describe(String(body.SecretId ?? '')),
    'secretsmanager.TagResource': (body) => secrets.tag(String(body.SecretId ?? ''), body.Tags),
    'secretsmanager.UntagResource': (body) => secrets.untag(String(body.SecretId ?? ''), body.TagKeys),
    'AWSStepFunctions.StartExecution': (body) => {
      const execution = sfn.startExecution(body);
      return { executionArn: execution.executionArn, startDate: epochSeconds(execution.startDate) };
    },
    'AWSStepFunctions.DescribeExecution': (body) => describe(sfn.describeExecution(body.executionArn), sfn),
    'AWSStepFunctions.StopExecution': (body) => {
      sfn.stopExecution(body.executionArn);
      return { stopDate: epochSeconds(new Date()) };
    },
    'AWSStepFunctions.ListExecutions': (body) => listExecutions(sfn, body),
    'AWSStepFunctions.GetExecutionHistory': (body) => executionHistory(sfn, body),
    'AWSStepFunctions.DescribeStateMachine': (body) => sfn.describeStateMachine(body.stateMachineArn),
    'AWSStepFunctions.ListStateMachines': () => {
      const machine = sfn.describeStateMachine(sfn.stateMachineArn);
      const { stateMachineArn, name, type, creationDate } = machine;
      return { stateMachines: [{ stateMachineArn, name, type, creationDate }] };
    },
    'AWSStepFunctions.SendTaskSuccess': (body) => {
      sfn.tokens.succeed(body.taskToken, body.output);
      return {};
    },
    'AWSStepFunctions.SendTaskFailure': (body) => {
      sfn.tokens.fail(body.taskToken, body.error, body.cause);
      return {};
    },
    'AWSStepFunctions.SendTaskHeartbeat': (body) => {
      sfn.tokens.heartbeat(body.taskToken);
      return {};
    },
    'AWSEvents.PutEvents': (body, origin) => bus.putEvents(body.Entries, origin),
    ...options.extraOperations,
  };

  const { scheduler } = options;
  const rest: RestOperation | undefined =
    scheduler && ((method, url, body) => schedulerOperation(scheduler, method, url, body));
  const server = createServer((request, response) => {
    // Node stamps answers with the wall clock; the functions sign with the twin's clock, and the
    // SDK would take the gap for clock skew and send every refused call again to correct it.
    response.setHeader('Date', new Date().toUTCString());
    void handle(request, response, operations, rest, options);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    integratorUrl: `${url}/integrator`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  operations: Record<string, Operation>,
  rest: RestOperation | undefined,
  options: {
    authorize?: EndpointAuthorizer;
    rawRoute?: RawRoute;
    onServed?: (call: ServedCall) => void;
    beforeOperation?: (operation: string, origin: 'integrator' | 'handler') => void;
  },
) {
  const { authorize, rawRoute } = options;
  const target = String(request.headers['x-amz-target'] ?? '');
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (request.method === 'GET' && url.pathname === TWIN_CLOCK_PATH) {
    // Not an AWS operation: the twin's own clock, for clients that schedule against it.
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(readTwinClock()));
    return;
  }
  const isRest = !target && rest !== undefined && /^(\/integrator)?\/schedules(\/|$)/.test(url.pathname);
  const contentType = isRest
    ? 'application/json'
    : target.startsWith('AWSEvents.') || target.startsWith('secretsmanager.')
      ? 'application/x-amz-json-1.1'
      : 'application/x-amz-json-1.0';
  const send = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': contentType });
    response.end(JSON.stringify(body));
  };
  const origin = url.pathname.startsWith('/integrator') ? 'integrator' : 'handler';
  let served: ServedCall | undefined;
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    if (isRest) url.pathname = url.pathname.replace(/^\/integrator/, '');
    const body = parseBody(text);
    const { pathMember, ...named } = operationOf(target, request.method ?? 'GET', url);
    served = {
      ...named,
      request: { ...body, ...pathMember },
      authorization: request.headers.authorization,
      origin,
    };
    authorize?.({
      authorization: request.headers.authorization,
      target,
      method: request.method ?? 'GET',
      url,
      body,
    });
    options.beforeOperation?.(served.operation, origin);
    const raw = await rawRoute?.(request.method ?? 'GET', url, body, request.headers);
    if (raw) {
      response.writeHead(raw.status, { 'content-type': 'application/json', ...raw.headers });
      response.end(raw.body);
      return;
    }
    if (isRest) {
      send(200, rest(request.method ?? 'GET', url, body));
      return;
    }
    const operation = operations[target];
    if (!operation)
      throw new AwsApiError(
        'UnknownOperationException',
        `Operation ${target || '(none)'} is not supported locally`,
      );
    send(200, operation(body, origin));
  } catch (error) {
    if (served) served.errorCode = error instanceof AwsApiError ? error.type : 'InternalFailure';
    if (error instanceof AwsApiError) {
      response.setHeader('x-amzn-errortype', error.type);
      // restJson1 services name the member `Message`; the JSON 1.0/1.1 ones `message`.
      const message = isRest ? { Message: error.message } : { message: error.message };
      send(error.statusCode, { __type: error.type, ...message });
    } else {
      send(500, {
        __type: 'InternalFailure',
        message: error instanceof Error ? error.message : 'internal failure',
      });
    }
  } finally {
    if (served) options.onServed?.(served);
  }
}

function parseBody(text: string): Record<string, unknown> {
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    throw new AwsApiError('SerializationException', 'request body is not JSON');
  }
}

function describe(execution: LocalExecution, sfn: LocalStepFunctions) {
  return {
    ...summary(execution, sfn),
    input: JSON.stringify(execution.input),
    output: execution.output === undefined ? undefined : JSON.stringify(execution.output),
    error: execution.error,
    cause: execution.cause,
  };
}

function summary(execution: LocalExecution, sfn: LocalStepFunctions) {
  return {
    executionArn: execution.executionArn,
    stateMachineArn: sfn.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: epochSeconds(execution.startDate),
    stopDate: execution.stopDate ? epochSeconds(execution.stopDate) : undefined,
  };
}

function listExecutions(sfn: LocalStepFunctions, body: Record<string, unknown>) {
  if (body.stateMachineArn !== sfn.stateMachineArn) {
    throw new AwsApiError(
      'StateMachineDoesNotExist',
      `State Machine Does Not Exist: '${String(body.stateMachineArn)}'`,
    );
  }
  const all = [...sfn.executions.values()]
    .filter((e) => !body.statusFilter || e.status === body.statusFilter)
    .sort((a, b) => b.startDate.getTime() - a.startDate.getTime());
  const { items, nextToken } = pageOf(all, body.nextToken, body.maxResults);
  return { executions: items.map((e) => summary(e, sfn)), nextToken };
}

/** GetExecutionHistory with AWS's paging (`maxResults`, `nextToken`) and `reverseOrder`. */
function executionHistory(sfn: LocalStepFunctions, body: Record<string, unknown>) {
  const all = sfn.history(body.executionArn);
  const ordered = body.reverseOrder === true ? [...all].reverse() : all;
  const { items, nextToken } = pageOf(ordered, body.nextToken, body.maxResults);
  return { events: items, nextToken };
}
