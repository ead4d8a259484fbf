import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  earlyFeedbackScheduleName,
  METRICS_GRACE_SECONDS,
  metricsScheduleName,
  metricsTimeoutSeconds,
  scheduleExpressionAt,
} from '../../functions/domain/metrics-schedule.js';
import { type Harness, publishedPost, startHarnessWithBrand } from '../support/twin-harness.js';

/** What EventBridge Scheduler received: CreateSchedule calls by name, with their body. */
const created = new Map<string, Record<string, unknown>>();
const scheduler = createServer((req, res) => {
  let raw = '';
  req.on('data', (chunk: Buffer) => {
    raw += chunk.toString();
  });
  req.on('end', () => {
    const name = decodeURIComponent(String(req.url).split('?')[0]?.replace('/schedules/', '') ?? '');
    res.setHeader('content-type', 'application/json');
    if (created.has(name)) {
      res.setHeader('x-amzn-errortype', 'ConflictException');
      res.writeHead(409);
      res.end(JSON.stringify({ Message: `Schedule ${name} already exists.` }));
      return;
    }
    created.set(name, JSON.parse(raw) as Record<string, unknown>);
    res.writeHead(200);
    res.end(JSON.stringify({ ScheduleArn: `arn:aws:scheduler:us-east-1:000000000000:schedule/g/${name}` }));
  });
});

const env = {
  METRICS_SCHEDULE_HOURS: '1,24',
  METRICS_SCHEDULE_GROUP: 'Brandflow-metrics-rounds',
  METRICS_SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/scheduler',
  METRICS_DEAD_LETTER_QUEUE_ARN: 'arn:aws:sqs:us-east-1:000000000000:metrics-dlq',
  COLLECT_METRICS_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:000000000000:function:collect-metrics',
};

let harness: Harness;
let scheduleMetricsRounds: (input: unknown) => Promise<{ scheduled: number }>;

beforeAll(async () => {
  await new Promise<void>((done) => scheduler.listen(0, '127.0.0.1', done));
  // Before any handler is imported: the scheduler client reads its endpoint when created.
  process.env.AWS_ENDPOINT_URL_SCHEDULER = `http://127.0.0.1:${(scheduler.address() as AddressInfo).port}`;
  Object.assign(process.env, env);
  harness = await startHarnessWithBrand({ trusted: false });
  const module = await import('../../functions/handlers/schedule-metrics-rounds.js');
  scheduleMetricsRounds = (input) => module.handler(input as never, {} as never);
});
afterAll(async () => {
  await harness?.aws.close();
  await new Promise((done) => scheduler.close(done));
});

const successesFor = (token: string) =>
  harness.aws.callsOf('SendTaskSuccess').filter((call) => call.taskToken === token);

describe('AwaitMetricsRounds (schedule-metrics-rounds)', () => {
  it('stores the token and creates one self-deleting UTC schedule per round that invokes CollectMetrics with the round', async () => {
    // Prepare
    const { postId, executionName, recorded } = await publishedPost(harness);
    const taskToken = `metrics-token-${postId}`;

    // Act
    await scheduleMetricsRounds({ ...recorded, postId, executionName, taskToken });

    // Assess
    expect(await harness.db.getPost(postId)).toMatchObject({ metricsTaskToken: taskToken });
    const [first, second] = recorded.metricsRounds;
    const schedule = created.get(metricsScheduleName(executionName, 1));
    expect(schedule).toEqual({
      GroupName: env.METRICS_SCHEDULE_GROUP,
      ScheduleExpression: `at(${first?.at.replace('Z', '')})`,
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Description: `Metrics round 1 of ${executionName}`,
      ClientToken: expect.any(String),
      Target: {
        Arn: env.COLLECT_METRICS_FUNCTION_ARN,
        RoleArn: env.METRICS_SCHEDULER_ROLE_ARN,
        Input: JSON.stringify({ postId, executionName, round: 1, at: first?.at }),
        RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 10 },
        DeadLetterConfig: { Arn: env.METRICS_DEAD_LETTER_QUEUE_ARN },
      },
    });
    expect(created.get(metricsScheduleName(executionName, 2))?.ScheduleExpression).toBe(
      `at(${second?.at.replace('Z', '')})`,
    );
    expect(successesFor(taskToken)).toEqual([]);
  });

  it('changes nothing when it runs again with the same token: the schedules already exist', async () => {
    // Prepare
    const { postId, executionName, recorded } = await publishedPost(harness);
    const input = { ...recorded, postId, executionName, taskToken: `metrics-token-${postId}` };
    await scheduleMetricsRounds(input);
    const logBefore = await harness.db.listLifecycleLog(postId);

    // Act
    const repeat = await scheduleMetricsRounds(input);

    // Assess
    expect(repeat).toEqual({ scheduled: 2 });
    expect(await harness.db.listLifecycleLog(postId)).toEqual(logBefore);
  });

  it('schedules feedback-only collections for the first 48 hours between the rounds, once', async () => {
    // Prepare
    const { postId, executionName, recorded } = await publishedPost(harness);
    const input = { ...recorded, postId, executionName, taskToken: `early-token-${postId}` };

    // Act
    await scheduleMetricsRounds(input);
    const names = [...created.keys()].filter((name) => name.startsWith(executionName));
    await scheduleMetricsRounds(input);

    // Assess: rounds at 1 h and 24 h (METRICS_SCHEDULE_HOURS), checks in between and none after the last
    const early = [2, 3, 4, 5, 6, 12, 18].map((hour) => earlyFeedbackScheduleName(executionName, hour));
    expect(names.sort()).toEqual(
      [metricsScheduleName(executionName, 1), metricsScheduleName(executionName, 2), ...early].sort(),
    );
    const published = Date.parse(String((await harness.db.getPost(postId))?.publishedAt));
    const at = new Date(published + 2 * 3_600_000).toISOString().replace('.000Z', 'Z');
    expect(created.get(early[0] ?? '')).toMatchObject({
      ScheduleExpression: `at(${at.replace('Z', '')})`,
      Target: {
        Arn: env.COLLECT_METRICS_FUNCTION_ARN,
        Input: JSON.stringify({ postId, executionName, round: 2, at, feedbackHour: 2 }),
      },
    });
    expect([...created.keys()].filter((name) => name.startsWith(executionName))).toHaveLength(names.length);
  });

  it('ends the wait at once with no rounds collected when no round is planned', async () => {
    // Prepare
    const { postId, executionName } = await publishedPost(harness);
    const taskToken = `token-${postId}-none`;

    // Act
    const outcome = await scheduleMetricsRounds({ postId, executionName, taskToken, metricsRounds: [] });

    // Assess
    expect(outcome).toEqual({ scheduled: 0 });
    expect(successesFor(taskToken)).toEqual([{ taskToken, output: JSON.stringify({ roundsCollected: 0 }) }]);
  });
});

describe('CollectMetrics (invoked by a round schedule)', () => {
  it('ends the wait with the rounds collected once the last planned round is recorded, and not before', async () => {
    // Prepare
    const { postId, executionName, recorded } = await publishedPost(harness);
    const taskToken = `metrics-token-${postId}`;
    await scheduleMetricsRounds({ ...recorded, postId, executionName, taskToken });
    const [first, last] = recorded.metricsRounds;

    // Act
    const afterFirst = await harness.h.collectMetrics({ postId, executionName, ...first });
    const sentAfterFirst = successesFor(taskToken).length;
    const afterLast = await harness.h.collectMetrics({ postId, executionName, ...last });

    // Assess
    expect(afterFirst).toMatchObject({ outcome: 'collected', waitClosed: false });
    expect(sentAfterFirst).toBe(0);
    expect(afterLast).toMatchObject({ outcome: 'collected', waitClosed: true });
    expect(successesFor(taskToken)).toEqual([{ taskToken, output: JSON.stringify({ roundsCollected: 2 }) }]);
  });

  it('answers a repeated last round by ending the wait again, reading no channel and logging nothing new', async () => {
    // Prepare
    const { postId, executionName, recorded } = await publishedPost(harness);
    const taskToken = `metrics-token-${postId}`;
    await scheduleMetricsRounds({ ...recorded, postId, executionName, taskToken });
    for (const round of recorded.metricsRounds)
      await harness.h.collectMetrics({ postId, executionName, ...round });
    const snapshots = await harness.db.listMetricSnapshots(postId);
    const log = await harness.db.listLifecycleLog(postId);
    // The fake token names no task: on the twin, as on AWS, it is not waiting (TaskDoesNotExist).

    // Act: Lambda's asynchronous retry, after the task closed
    const repeat = await harness.h.collectMetrics({ postId, executionName, ...recorded.metricsRounds[1] });

    // Assess
    expect(repeat).toMatchObject({ outcome: 'repeated', waitClosed: true });
    expect(await harness.db.listMetricSnapshots(postId)).toEqual(snapshots);
    expect(await harness.db.listLifecycleLog(postId)).toEqual(log);
  });
});

describe('CollectMetrics for an early feedback-only collection', () => {
  it('reads feedback only: no metric snapshot, no round recorded, the wait left open', async () => {
    // Prepare
    const { postId, executionName, recorded } = await publishedPost(harness);
    const taskToken = `feedback-only-${postId}`;
    await scheduleMetricsRounds({ ...recorded, postId, executionName, taskToken });
    const log = await harness.db.listLifecycleLog(postId);
    const at = recorded.metricsRounds[0]?.at ?? '';

    // Act
    const outcome = await harness.h.collectMetrics({ postId, executionName, round: 2, at, feedbackHour: 2 });

    // Assess
    expect(outcome).toEqual({ round: 2, outcome: 'feedback_collected', recorded: 0, waitClosed: false });
    expect(await harness.db.listMetricSnapshots(postId)).toEqual([]);
    expect(await harness.db.listLifecycleLog(postId)).toEqual(log);
    expect((await harness.db.getPost(postId))?.lastMetricsRound).toBeUndefined();
    expect(successesFor(taskToken)).toEqual([]);
  });

  it('refuses a feedback hour outside the first 48 hours, naming the field', async () => {
    // Prepare
    const { postId, executionName, recorded } = await publishedPost(harness);
    const at = recorded.metricsRounds[0]?.at ?? '';

    // Act
    const attempt = harness.h.collectMetrics({ postId, executionName, round: 1, at, feedbackHour: 49 });

    // Assess
    await expect(attempt).rejects.toThrow(/feedbackHour/);
  });
});

describe('the metric rounds schedule rules', () => {
  it('names a round schedule deterministically within 64 allowed characters, even for an 80-character execution', () => {
    // Prepare
    const longest = `${'p'.repeat(77)}-r9`;

    // Act
    const names = [metricsScheduleName(longest, 12, 3), metricsScheduleName('spring-launch-r1', 1)];

    // Assess
    for (const name of names) expect(name).toMatch(/^[0-9A-Za-z_.-]{1,64}$/);
    expect(metricsScheduleName(longest, 12, 3)).toBe(names[0]);
    expect(metricsScheduleName(`${'p'.repeat(77)}-r8`, 12, 3)).not.toBe(names[0]);
    expect(names[1]).toMatch(/^spring-launch-r1-[0-9a-f]{12}-round1$/);
  });

  it('waits until the last round plus the grace period, and moves a round already past a minute ahead', () => {
    // Prepare
    const now = Date.parse('2030-01-01T00:00:00Z');
    const rounds = [
      { round: 1, at: '2030-01-01T01:00:00Z' },
      { round: 2, at: '2030-01-02T00:00:00Z' },
    ];

    // Act
    const timeout = metricsTimeoutSeconds(rounds, now);
    const past = scheduleExpressionAt('2029-12-31T23:00:00Z', now);

    // Assess
    expect(timeout).toBe(24 * 3600 + METRICS_GRACE_SECONDS);
    expect(metricsTimeoutSeconds([], now)).toBe(1);
    expect(past).toBe('at(2030-01-01T00:01:00)');
  });
});
