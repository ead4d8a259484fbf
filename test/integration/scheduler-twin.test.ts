import { randomUUID } from 'node:crypto';
import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  ResourceNotFoundException,
  SchedulerClient,
  ValidationException,
} from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalTemplate, localFunctionArn, localQueueArn } from '../../local/core/template.js';
import { DeadLetters } from '../../local/dead-letters.js';
import { LocalEventBus } from '../../local/event-bus.js';
import { createLambdaHost } from '../../local/lambda-host.js';
import { type LocalBrandflow, startLocalBrandflow } from '../../local/runtime.js';
import { defaultSpeed } from '../../local/speed.js';
import { scheduledCalls } from '../support/scheduled-target.js';
import { scheduledTargetFunction } from '../support/scheduled-target-function.js';

const HOUR = 3600_000;
const ON_FAILURE_QUEUE = localQueueArn('ScheduledTargetFailures');
const SCHEDULE_DLQ = localQueueArn('ScheduleDeadLetters');
const ROLE_ARN = 'arn:aws:iam::000000000000:role/SchedulerRole';

/** Hosted beside the stack's functions, with Lambda's default retries and an on-failure queue. */
const scheduledTarget = scheduledTargetFunction({
  asyncInvoke: { maximumRetryAttempts: 2, onFailure: ON_FAILURE_QUEUE },
});

const startTwin = () =>
  startLocalBrandflow({
    dynamoDbEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB,
    tableName: `brandflow-scheduler-${randomUUID()}`,
    extraFunctions: [scheduledTarget],
  });

const clientFor = (twin: LocalBrandflow) =>
  new SchedulerClient({
    endpoint: twin.awsEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'k', secretAccessKey: 's' },
  });

/** `at(...)` for `ms` from now on the local clock, to the second, and the time it names. */
function atFromNow(ms: number): { expression: string; time: number } {
  const time = Math.floor((Date.now() + ms) / 1000) * 1000;
  return { expression: `at(${new Date(time).toISOString().slice(0, 19)})`, time };
}

const uniqueName = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

function oneTime(name: string, expression: string, input: object): CreateScheduleCommandInput {
  return {
    Name: name,
    GroupName: 'default',
    ScheduleExpression: expression,
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'DELETE',
    Target: { Arn: scheduledTarget.arn, RoleArn: ROLE_ARN, Input: JSON.stringify(input) },
  };
}

const callsFor = (marker: string) => scheduledCalls().filter((call) => call.event.marker === marker);

let twin: LocalBrandflow;
let scheduler: SchedulerClient;

beforeAll(async () => {
  twin = await startTwin();
  scheduler = clientFor(twin);
});
afterAll(async () => {
  scheduler?.destroy();
  await twin?.stop();
});

describe('EventBridge Scheduler on the local twin, through the AWS SDK', () => {
  it('creates, gets, lists by group and name prefix, and deletes a one-time schedule', async () => {
    // Prepare
    const prefix = uniqueName('crud');
    const { expression } = atFromNow(30 * 24 * HOUR);
    // Act
    const created = await scheduler.send(
      new CreateScheduleCommand({
        ...oneTime(`${prefix}-a`, expression, { marker: prefix }),
        ActionAfterCompletion: 'NONE',
        Description: 'Round 1',
      }),
    );
    await scheduler.send(new CreateScheduleCommand(oneTime(`${prefix}-b`, expression, { marker: prefix })));
    const got = await scheduler.send(new GetScheduleCommand({ Name: `${prefix}-a`, GroupName: 'default' }));
    const listed = await scheduler.send(
      new ListSchedulesCommand({ GroupName: 'default', NamePrefix: prefix }),
    );
    await scheduler.send(new DeleteScheduleCommand({ Name: `${prefix}-a`, GroupName: 'default' }));
    await scheduler.send(new DeleteScheduleCommand({ Name: `${prefix}-b` }));
    const afterDelete = await scheduler.send(new ListSchedulesCommand({ NamePrefix: prefix }));
    // Assess
    expect(created.ScheduleArn).toBe(`arn:aws:scheduler:us-east-1:000000000000:schedule/default/${prefix}-a`);
    expect(got).toMatchObject({
      Arn: created.ScheduleArn,
      Name: `${prefix}-a`,
      GroupName: 'default',
      ScheduleExpression: expression,
      ScheduleExpressionTimezone: 'UTC',
      State: 'ENABLED',
      ActionAfterCompletion: 'NONE',
      Description: 'Round 1',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: scheduledTarget.arn,
        RoleArn: ROLE_ARN,
        Input: JSON.stringify({ marker: prefix }),
        RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
      },
    });
    expect(got.CreationDate).toBeInstanceOf(Date);
    expect(listed.Schedules?.map((s) => s.Name)).toEqual([`${prefix}-a`, `${prefix}-b`]);
    expect(listed.Schedules?.[0]?.Target?.Arn).toBe(scheduledTarget.arn);
    expect(afterDelete.Schedules).toEqual([]);
  });

  it('answers a name taken in the group with ConflictException, and a repeated request with its schedule', async () => {
    // Prepare
    const name = uniqueName('taken');
    const { expression } = atFromNow(30 * 24 * HOUR);
    const request = { ...oneTime(name, expression, { marker: name }), ClientToken: randomUUID() };
    const first = await scheduler.send(new CreateScheduleCommand(request));
    // Act
    const repeated = await scheduler.send(new CreateScheduleCommand(request));
    const second = await scheduler
      .send(new CreateScheduleCommand({ ...request, ClientToken: randomUUID() }))
      .catch((error: unknown) => error);
    // Assess
    expect(repeated.ScheduleArn).toBe(first.ScheduleArn);
    expect(second).toBeInstanceOf(ConflictException);
    expect(second).toMatchObject({ $metadata: { httpStatusCode: 409 } });
    await scheduler.send(new DeleteScheduleCommand({ Name: name }));
  });

  it('refuses what it cannot run with a ValidationException naming the field', async () => {
    // Prepare
    const name = uniqueName('refused');
    const { expression } = atFromNow(HOUR);
    const base = oneTime(name, expression, { marker: name });
    const attempts = {
      ScheduleExpression: { ...base, ScheduleExpression: 'rate(5 minutes)' },
      ScheduleExpressionTimezone: { ...base, ScheduleExpressionTimezone: 'Europe/Paris' },
      'Target.Arn': { ...base, Target: { ...base.Target, Arn: 'arn:aws:sqs:us-east-1:000000000000:q' } },
      'FlexibleTimeWindow.MaximumWindowInMinutes': { ...base, FlexibleTimeWindow: { Mode: 'FLEXIBLE' } },
    } as Record<string, CreateScheduleCommandInput>;
    // Act
    const refusals = await Promise.all(
      Object.values(attempts).map((input) =>
        scheduler.send(new CreateScheduleCommand(input)).then(
          () => undefined,
          (error: unknown) => error,
        ),
      ),
    );
    const invalidDate = await scheduler
      .send(new CreateScheduleCommand({ ...base, ScheduleExpression: 'at(2030-02-30T09:00:00)' }))
      .catch((error: unknown) => error);
    // Assess
    Object.keys(attempts).forEach((field, i) => {
      expect(refusals[i], field).toBeInstanceOf(ValidationException);
      expect((refusals[i] as Error).message, field).toMatch(new RegExp(`^${field.replace('.', '\\.')} `));
    });
    expect(invalidDate).toBeInstanceOf(ValidationException);
    expect((invalidDate as Error).message).toMatch(/^ScheduleExpression 'at\(2030-02-30T09:00:00\)'/);
    const listed = await scheduler.send(new ListSchedulesCommand({ NamePrefix: name }));
    expect(listed.Schedules).toEqual([]);
  });

  it('knows only the default group and the groups the stack declares', async () => {
    // Prepare
    const [declared] = twin.template.scheduleGroups;
    const name = uniqueName('grouped');
    const { expression } = atFromNow(30 * 24 * HOUR);
    // Act
    const inDeclared = await scheduler.send(
      new CreateScheduleCommand({ ...oneTime(name, expression, {}), GroupName: declared?.name }),
    );
    const inUndeclared = await scheduler
      .send(new CreateScheduleCommand({ ...oneTime(name, expression, {}), GroupName: 'not-in-the-stack' }))
      .catch((error: unknown) => error);
    const missing = await scheduler
      .send(new GetScheduleCommand({ Name: uniqueName('missing') }))
      .catch((error: unknown) => error);
    // Assess
    expect(declared, 'the stack declares a schedule group').toBeDefined();
    expect(inDeclared.ScheduleArn).toContain(`:schedule/${declared?.name}/${name}`);
    expect(inUndeclared).toBeInstanceOf(ResourceNotFoundException);
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    await scheduler.send(new DeleteScheduleCommand({ Name: name, GroupName: declared?.name }));
  });

  it('invokes its target at, not before, its time on the local clock, with the Input as the event, then deletes it', async () => {
    // Prepare
    const name = uniqueName('fires');
    const { expression, time } = atFromNow(2 * HOUR);
    const input = { marker: name, postId: 'p-1', round: 1 };
    // Act
    const { ScheduleArn } = await scheduler.send(new CreateScheduleCommand(oneTime(name, expression, input)));
    const callsBeforeTime = callsFor(name).length;
    const clockBeforeTime = Date.now();
    const run = await twin.waitForScheduleRun(ScheduleArn as string);
    const afterRun = await scheduler
      .send(new GetScheduleCommand({ Name: name }))
      .catch((error: unknown) => error);
    // Assess
    expect(callsBeforeTime).toBe(0);
    expect(clockBeforeTime).toBeLessThan(time);
    expect(run).toMatchObject({ status: 'invoked', attempts: 1, name, groupName: 'default' });
    const calls = callsFor(name);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.event).toEqual(input);
    expect(calls[0]?.ranAt).toBeGreaterThanOrEqual(time);
    expect(afterRun).toBeInstanceOf(ResourceNotFoundException);
  });

  it('fires schedules in the order of their times, each once, and keeps a completed one without DELETE', async () => {
    // Prepare
    const later = uniqueName('later');
    const earlier = uniqueName('earlier');
    const laterAt = atFromNow(72 * HOUR);
    const earlierAt = atFromNow(24 * HOUR);
    // Act
    const { ScheduleArn: laterArn } = await scheduler.send(
      new CreateScheduleCommand(oneTime(later, laterAt.expression, { marker: later })),
    );
    await scheduler.send(
      new CreateScheduleCommand({
        ...oneTime(earlier, earlierAt.expression, { marker: earlier }),
        ActionAfterCompletion: 'NONE',
      }),
    );
    await twin.waitForScheduleRun(laterArn as string);
    const kept = await scheduler.send(new GetScheduleCommand({ Name: earlier }));
    // Assess
    const [earlierCall, ...earlierRepeats] = callsFor(earlier);
    const [laterCall] = callsFor(later);
    expect(earlierRepeats).toEqual([]);
    expect(earlierCall?.ranAt).toBeGreaterThanOrEqual(earlierAt.time);
    expect(earlierCall?.ranAt).toBeLessThan(laterAt.time);
    expect(laterCall?.ranAt).toBeGreaterThanOrEqual(laterAt.time);
    expect(kept.State).toBe('ENABLED');
    await scheduler.send(new DeleteScheduleCommand({ Name: earlier }));
  });

  it("retries a failing target as Lambda does, then puts the invocation record on the function's on-failure queue", async () => {
    // Prepare
    const name = uniqueName('failing');
    const { expression } = atFromNow(HOUR);
    const input = { marker: name, fail: true };
    // Act
    const { ScheduleArn } = await scheduler.send(
      new CreateScheduleCommand({
        ...oneTime(name, expression, input),
        Target: {
          Arn: scheduledTarget.arn,
          RoleArn: ROLE_ARN,
          Input: JSON.stringify(input),
          DeadLetterConfig: { Arn: SCHEDULE_DLQ },
        },
      }),
    );
    const run = await twin.waitForScheduleRun(ScheduleArn as string);
    // Assess
    expect(run).toMatchObject({
      status: 'dead-lettered',
      attempts: 3,
      error: 'ScheduledTargetFailure',
      deadLetterQueue: ON_FAILURE_QUEUE,
    });
    expect(callsFor(name)).toHaveLength(3);
    const letter = twin.deadLetters.find((l) => l.queueArn === ON_FAILURE_QUEUE && l.body.includes(name));
    expect(JSON.parse(letter?.body ?? '{}')).toMatchObject({
      requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: input,
      responsePayload: { errorType: 'ScheduledTargetFailure' },
    });
    // The scheduler had delivered: its own queue holds nothing of this schedule.
    expect(twin.deadLetters.filter((l) => l.queueArn === SCHEDULE_DLQ && l.body.includes(name))).toEqual([]);
  });

  it("puts a schedule it cannot deliver on the schedule's dead-letter queue", async () => {
    // Prepare
    const name = uniqueName('undeliverable');
    const { expression } = atFromNow(HOUR);
    const input = JSON.stringify({ marker: name });
    // Act
    const { ScheduleArn } = await scheduler.send(
      new CreateScheduleCommand({
        ...oneTime(name, expression, {}),
        Target: {
          Arn: localFunctionArn('NotInTheStack'),
          RoleArn: ROLE_ARN,
          Input: input,
          DeadLetterConfig: { Arn: SCHEDULE_DLQ },
        },
      }),
    );
    const run = await twin.waitForScheduleRun(ScheduleArn as string);
    // Assess
    expect(run).toMatchObject({ status: 'dead-lettered', attempts: 0, deadLetterQueue: SCHEDULE_DLQ });
    const letter = twin.deadLetters.find((l) => l.queueArn === SCHEDULE_DLQ && l.body === input);
    expect(letter?.attributes).toMatchObject({
      ERROR_CODE: 'ResourceNotFoundException',
      SCHEDULE_ARN: ScheduleArn,
      TARGET_ARN: localFunctionArn('NotInTheStack'),
    });
  });
});

describe('stopping the local twin', () => {
  it('cancels pending schedules and waits for the invocations under way', async () => {
    // Prepare
    const own = await startTwin();
    const client = clientFor(own);
    const running = uniqueName('running');
    const pending = uniqueName('pending');
    await client.send(
      new CreateScheduleCommand(
        oneTime(running, atFromNow(HOUR).expression, { marker: running, workMs: 300 }),
      ),
    );
    await client.send(
      new CreateScheduleCommand(oneTime(pending, atFromNow(48 * HOUR).expression, { marker: pending })),
    );
    await vi.waitFor(() => expect(callsFor(running)).toHaveLength(1), { timeout: 5000 });
    // Act
    client.destroy();
    await own.stop();
    // Assess
    expect(own.scheduleRuns.map((r) => [r.name, r.status])).toEqual([[running, 'invoked']]);
    expect(own.scheduler.pending().map((s) => s.name)).toEqual([pending]);
    expect(own.scheduler.armed).toBe(false);
    expect(callsFor(pending)).toEqual([]);
  });
});

describe('dead letters of the event bus', () => {
  it("keeps an event whose target failed every attempt on the function's on-failure queue", async () => {
    // Prepare
    const marker = uniqueName('bus-failure');
    const template = {
      bus: {
        logicalId: 'Bus',
        name: 'test-bus',
        arn: 'arn:aws:events:us-east-1:000000000000:event-bus/test-bus',
      },
      functions: { [scheduledTarget.logicalId]: scheduledTarget },
      rules: [
        {
          logicalId: 'Rule',
          eventBus: 'Bus',
          eventPattern: { 'detail-type': ['Failing'] },
          targets: [{ functionLogicalId: scheduledTarget.logicalId, entry: scheduledTarget.entry }],
        },
      ],
    } as unknown as LocalTemplate;
    const deadLetters = new DeadLetters();
    const bus = new LocalEventBus({
      template,
      host: createLambdaHost(template.functions),
      speed: defaultSpeed,
      onEvent: () => undefined,
      deadLetters,
    });
    // Act
    bus.putEvents(
      [
        {
          EventBusName: 'test-bus',
          Source: 'test',
          DetailType: 'Failing',
          Detail: JSON.stringify({ marker, fail: true }),
        },
      ],
      'integrator',
    );
    await vi.waitFor(() => expect(bus.delivered).toHaveLength(1), { timeout: 5000 });
    await bus.stop();
    // Assess
    expect(bus.delivered[0]).toMatchObject({
      status: 'dropped',
      attempts: 3,
      deadLetterQueue: ON_FAILURE_QUEUE,
    });
    const [letter] = deadLetters.inQueue(ON_FAILURE_QUEUE);
    expect(JSON.parse(letter?.body ?? '{}')).toMatchObject({
      requestContext: { condition: 'RetriesExhausted' },
      requestPayload: { 'detail-type': 'Failing', detail: { marker, fail: true } },
    });
  });
});
