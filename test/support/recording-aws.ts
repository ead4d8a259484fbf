import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake received: the JSON-protocol operation and its body. */
export interface RecordedCall {
  /** `X-Amz-Target`, e.g. `AWSStepFunctions.StartExecution` or `AWSEvents.PutEvents`. */
  target: string;
  body: Record<string, unknown>;
}

/** An event put on the bus, decoded. */
export interface RecordedEvent {
  source: string;
  detailType: string;
  busName: string;
  detail: Record<string, unknown>;
}

/** A Step Functions and EventBridge stand-in on 127.0.0.1 that records what handlers send. */
export interface RecordingAws {
  endpoint: string;
  calls: RecordedCall[];
  /** Calls of one operation, e.g. `StartExecution`, `SendTaskSuccess`, `SendTaskFailure`. */
  callsOf(operation: string): Record<string, unknown>[];
  events(detailType?: string): RecordedEvent[];
  /** Makes task-callback calls on this token answer `TaskTimedOut`, as for a closed task. */
  closeTask(token: string): void;
  /** Makes the next `times` calls of `operation` fail with HTTP 500, as an outage would. */
  failNext(operation: string, times: number): void;
  clear(): void;
  close(): Promise<void>;
}

const stateMachineArn = 'arn:aws:states:us-east-1:000000000000:stateMachine:brandflow-test';

/** What the stack gives a function that keeps report schedules (functions/aws/env.ts). */
export const reportScheduleEnv = {
  REPORT_SCHEDULE_GROUP: 'Brandflow-reports',
  REPORT_SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/report-scheduler',
  REPORT_DEAD_LETTER_QUEUE_ARN: 'arn:aws:sqs:us-east-1:000000000000:report-dlq',
  GENERATE_REPORT_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:000000000000:function:generate-report',
};

/** What the stack gives a function that creates one-time schedules: metric rounds, feedback checks (functions/aws/env.ts). */
export const oneTimeScheduleEnv = {
  METRICS_SCHEDULE_GROUP: 'Brandflow-metrics-rounds',
  METRICS_SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/scheduler',
  METRICS_DEAD_LETTER_QUEUE_ARN: 'arn:aws:sqs:us-east-1:000000000000:metrics-dlq',
  FEEDBACK_CHECK_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:000000000000:function:check-feedback-sla',
};

const schedulerOperations: Record<string, string> = {
  POST: 'CreateSchedule',
  PUT: 'UpdateSchedule',
  GET: 'GetSchedule',
  DELETE: 'DeleteSchedule',
};

/**
 * Starts the fake and points the SDK at it (AWS_ENDPOINT_URL_SFN, AWS_ENDPOINT_URL_EVENTBRIDGE)
 * and sets STATE_MACHINE_ARN. Call before importing handlers: their clients read the
 * environment once, at module load. StartExecution answers like AWS: the same name and input
 * again succeeds, the same name with other input is `ExecutionAlreadyExists`.
 *
 * @example
 * ```ts
 * const aws = await startRecordingAws();
 * const { handler } = await import('../../functions/handlers/submit-post.js');
 * ```
 */
export async function startRecordingAws(): Promise<RecordingAws> {
  const calls: RecordedCall[] = [];
  const executions = new Map<string, string>();
  const closedTokens = new Set<string>();
  const outages = new Map<string, number>();

  const answer = (res: ServerResponse, status: number, body: unknown, version: string) => {
    res.writeHead(status, { 'content-type': `application/x-amz-json-${version}` });
    res.end(JSON.stringify(body));
  };
  const failure = (res: ServerResponse, type: string, message: string, version: string) => {
    res.setHeader('x-amzn-errortype', type);
    answer(res, 400, { __type: type, message }, version);
  };

  /** EventBridge Scheduler (restJson1): a name taken in its group conflicts, as on AWS. */
  const schedules = new Set<string>();
  const answerSchedule = (res: ServerResponse, operation: string, key: string) => {
    const json = (status: number, body: unknown, type?: string) => {
      if (type) res.setHeader('x-amzn-errortype', type);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const arn = `arn:aws:scheduler:us-east-1:000000000000:schedule/${key}`;
    if (operation === 'CreateSchedule') {
      if (schedules.has(key))
        return json(409, { Message: `Schedule ${key} already exists.` }, 'ConflictException');
      schedules.add(key);
      return json(200, { ScheduleArn: arn });
    }
    if (!schedules.has(key))
      return json(404, { Message: `Schedule ${key} does not exist.` }, 'ResourceNotFoundException');
    if (operation === 'DeleteSchedule') schedules.delete(key);
    return json(200, operation === 'UpdateSchedule' ? { ScheduleArn: arn } : {});
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => {
      raw += chunk.toString();
    });
    req.on('end', () => {
      const schedule = /^\/schedules\/([^/?]+)/.exec(req.url ?? '')?.[1];
      const scheduling = schedulerOperations[req.method ?? ''];
      const target =
        schedule && scheduling ? `Scheduler.${scheduling}` : String(req.headers['x-amz-target'] ?? '');
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      if (schedule && scheduling) {
        calls.push({ target, body: { ...body, Name: decodeURIComponent(schedule) } });
        answerSchedule(
          res,
          scheduling,
          `${String(body.GroupName ?? 'default')}/${decodeURIComponent(schedule)}`,
        );
        return;
      }
      calls.push({ target, body });
      const [service, operation] = target.split('.');
      const outage = outages.get(operation ?? '') ?? 0;
      if (outage > 0) {
        outages.set(operation ?? '', outage - 1);
        res.setHeader('x-amzn-errortype', 'InternalFailure');
        answer(res, 500, { __type: 'InternalFailure', message: 'injected outage' }, '1.0');
        return;
      }
      if (service === 'AWSEvents' && operation === 'PutEvents') {
        const entries = (body.Entries as unknown[]) ?? [];
        answer(
          res,
          200,
          { FailedEntryCount: 0, Entries: entries.map(() => ({ EventId: randomUUID() })) },
          '1.1',
        );
        return;
      }
      if (service !== 'AWSStepFunctions') {
        failure(res, 'UnknownOperationException', `not faked: ${target}`, '1.1');
        return;
      }
      switch (operation) {
        case 'StartExecution': {
          const name = String(body.name);
          const input = String(body.input);
          const earlier = executions.get(name);
          if (earlier !== undefined && earlier !== input) {
            failure(res, 'ExecutionAlreadyExists', `Execution Already Exists: '${name}'`, '1.0');
            return;
          }
          executions.set(name, input);
          answer(
            res,
            200,
            { executionArn: `${stateMachineArn}:${name}`, startDate: Date.now() / 1000 },
            '1.0',
          );
          return;
        }
        case 'SendTaskSuccess':
        case 'SendTaskFailure': {
          if (closedTokens.has(String(body.taskToken))) {
            failure(res, 'TaskTimedOut', 'Task Timed Out', '1.0');
            return;
          }
          answer(res, 200, {}, '1.0');
          return;
        }
        default:
          failure(res, 'UnknownOperationException', `not faked: ${target}`, '1.0');
      }
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.AWS_ENDPOINT_URL_SFN = endpoint;
  process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = endpoint;
  process.env.STATE_MACHINE_ARN = stateMachineArn;
  // A test with a scheduler fake of its own has set its endpoint first.
  process.env.AWS_ENDPOINT_URL_SCHEDULER ??= endpoint;
  for (const [name, value] of Object.entries({ ...reportScheduleEnv, ...oneTimeScheduleEnv })) {
    process.env[name] ??= value;
  }

  return {
    endpoint,
    calls,
    callsOf: (operation) => calls.filter((c) => c.target.endsWith(`.${operation}`)).map((c) => c.body),
    events: (detailType) =>
      calls
        .filter((c) => c.target === 'AWSEvents.PutEvents')
        .flatMap((c) => c.body.Entries as Record<string, string>[])
        .map((e) => ({
          source: e.Source as string,
          detailType: e.DetailType as string,
          busName: e.EventBusName as string,
          detail: JSON.parse(e.Detail as string) as Record<string, unknown>,
        }))
        .filter((e) => detailType === undefined || e.detailType === detailType),
    closeTask: (token) => closedTokens.add(token),
    failNext: (operation, times) => outages.set(operation, times),
    clear: () => {
      calls.length = 0;
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
