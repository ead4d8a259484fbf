import { SendTaskHeartbeatCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, describe, expect, it } from 'vitest';
import {
  earlyFeedbackScheduleName,
  METRICS_GRACE_SECONDS,
  metricsScheduleName,
  metricsTimeoutSeconds,
  scheduleExpressionAt,
} from '../../functions/domain/metrics-schedule.js';
import type { MetricsWaitPost } from '../../functions/use-cases/metrics-wait.js';
import type { LocalApiCall } from '../../local/runtime.js';
import {
  newPostId,
  postInReview,
  postInReviewOnOwnChannel,
  publishedPost,
  useHarnessWithBrand,
} from '../support/twin-harness.js';

// Rounds at 1 h and 24 h, as a stack deployed with `-c metricsScheduleHours=1,24` plans them.
const harness = useHarnessWithBrand({ trusted: false, app: { metricsScheduleHours: [1, 24] } });
const sfn = new SFNClient({});
/** Attempts the AWS SDK makes at a call that meets a passing fault (its default retry strategy). */
const SDK_ATTEMPTS = 3;
afterAll(() => sfn.destroy());

/** What AwaitMetricsRounds hands ScheduleMetricsRounds: the state's input, and the token the handler stored on the post. */
interface MetricsWait {
  postId: string;
  executionName: string;
  metricsRounds: { round: number; at: string }[];
  metricsTimeoutSeconds: number;
  taskToken?: string;
}

/**
 * Runs `act` with the twin's Wait states lasting no time, so an approved post's execution goes
 * on to publish instead of resting in WaitUntilScheduledTime; later Wait states last forever again.
 */
async function withWaitsEnded<T>(act: () => Promise<T>): Promise<T> {
  const { waitMs } = harness.twin.speed;
  harness.twin.speed.waitMs = 0;
  try {
    return await act();
  } finally {
    harness.twin.speed.waitMs = waitMs;
  }
}

/**
 * Approves a post in review and lets its execution run: it publishes on the brand's channels,
 * records the publication and enters AwaitMetricsRounds, whose handler runs with the token the
 * twin issued. Returns that state's input and the token stored on the post.
 */
async function approvedUntilMetricsWait(postId: string, executionName: string): Promise<MetricsWait> {
  await withWaitsEnded(async () => {
    await harness.h.reviewDecision(await harness.approval(postId));
    await harness.twin.waitForState(executionName, 'AwaitMetricsRounds');
    await harness.settle();
  });
  const entered = harness.twin.executions
    .get(executionName)
    ?.history.find((event) => event.type === 'StateEntered' && event.stateName === 'AwaitMetricsRounds');
  const input = entered?.input as Omit<MetricsWait, 'executionName' | 'taskToken'>;
  const post = (await harness.db.getPost(postId)) as MetricsWaitPost | undefined;
  return { ...input, executionName, taskToken: post?.metricsTaskToken };
}

/** A post of the tests' brand published on both channels by its execution, which waits in AwaitMetricsRounds. */
async function awaitingMetricsRounds(): Promise<MetricsWait & { taskToken: string }> {
  const postId = newPostId();
  const { executionName } = await postInReview(harness, postId);
  const wait = await approvedUntilMetricsWait(postId, executionName);
  if (!wait.taskToken) throw new Error(`setup failed: ${postId} stored no metrics token`);
  return { ...wait, taskToken: wait.taskToken };
}

/** The calls of `operation` the functions made since `from` (an index in `twin.apiCalls`), each with the twin's answer. */
const callsSince = (from: number, operation: string): LocalApiCall[] =>
  harness.twin.apiCalls
    .slice(from)
    .filter((call) => call.operation === operation && call.origin === 'handler');

/** SendTaskSuccess calls with `token`, as the twin answered them (`errorCode` absent: accepted). */
const successesFor = (token: string) =>
  callsSince(0, 'SendTaskSuccess')
    .filter((call) => call.request.taskToken === token)
    .map(({ request, errorCode }) => ({ ...request, errorCode }));

/** The schedules the twin's Scheduler holds for an execution, by name. */
const schedulesOf = (executionName: string) =>
  harness.twin.scheduler.list({ namePrefix: executionName, maxResults: 100 }).schedules;

describe('AwaitMetricsRounds (schedule-metrics-rounds)', () => {
  it('stores the token and creates one self-deleting UTC schedule per round that invokes CollectMetrics with the round', async () => {
    // Prepare
    const postId = newPostId();
    const { executionName } = await postInReview(harness, postId);
    const from = harness.twin.apiCalls.length;

    // Act: the approved post's execution publishes and enters AwaitMetricsRounds
    const { metricsRounds, taskToken } = await approvedUntilMetricsWait(postId, executionName);

    // Assess: the stored token names the task the execution waits on
    expect(taskToken).toEqual(expect.any(String));
    await expect(sfn.send(new SendTaskHeartbeatCommand({ taskToken }))).resolves.toBeDefined();
    const env = harness.twin.env;
    const [first, second] = metricsRounds;
    const created = new Map(
      callsSince(from, 'CreateSchedule').map(({ request, errorCode }) => [
        request.Name,
        { request, errorCode },
      ]),
    );
    const name = metricsScheduleName(executionName, 1);
    expect(created.get(name)).toEqual({
      errorCode: undefined,
      request: {
        Name: name,
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
      },
    });
    expect(created.get(metricsScheduleName(executionName, 2))?.request.ScheduleExpression).toBe(
      `at(${second?.at.replace('Z', '')})`,
    );
    const held = schedulesOf(executionName).filter(
      (s) => s.name.endsWith('round1') || s.name.endsWith('round2'),
    );
    expect(held.map((s) => [s.fireAt, s.actionAfterCompletion])).toEqual([
      [Date.parse(first?.at ?? ''), 'DELETE'],
      [Date.parse(second?.at ?? ''), 'DELETE'],
    ]);
    expect(successesFor(taskToken ?? '')).toEqual([]);
    expect(harness.twin.executions.get(executionName)?.status).toBe('RUNNING');
  });

  it('changes nothing when it runs again with the same token: the schedules already exist', async () => {
    // Prepare
    const wait = await awaitingMetricsRounds();
    const logBefore = await harness.db.listLifecycleLog(wait.postId);
    const schedulesBefore = schedulesOf(wait.executionName);
    const from = harness.twin.apiCalls.length;

    // Act: Lambda runs the task's invocation again, with the same token
    const repeat = await harness.handler('schedule-metrics-rounds')(wait);

    // Assess
    expect(repeat).toEqual({ scheduled: 2 });
    expect(await harness.db.listLifecycleLog(wait.postId)).toEqual(logBefore);
    expect(schedulesOf(wait.executionName)).toEqual(schedulesBefore);
    // The twin, as Scheduler, refused each one as already there; the handler took that as done.
    const answers = new Map(
      callsSince(from, 'CreateSchedule').map(({ request, errorCode }) => [request.Name, errorCode]),
    );
    expect(Object.fromEntries(answers)).toEqual(
      Object.fromEntries(schedulesBefore.map((s) => [s.name, 'ConflictException'])),
    );
    expect(harness.twin.executions.get(wait.executionName)?.status).toBe('RUNNING');
  });

  it('schedules feedback-only collections for the first 48 hours between the rounds, once', async () => {
    // Prepare
    const postId = newPostId();
    const { executionName } = await postInReview(harness, postId);

    // Act: the execution schedules its rounds, then the task's invocation runs again
    const wait = await approvedUntilMetricsWait(postId, executionName);
    const names = schedulesOf(executionName).map((s) => s.name);
    await harness.handler('schedule-metrics-rounds')(wait);

    // Assess: rounds at 1 h and 24 h (METRICS_SCHEDULE_HOURS), checks in between and none after the last
    const early = [2, 3, 4, 5, 6, 12, 18].map((hour) => earlyFeedbackScheduleName(executionName, hour));
    expect(names.sort()).toEqual(
      [metricsScheduleName(executionName, 1), metricsScheduleName(executionName, 2), ...early].sort(),
    );
    const published = Date.parse(String((await harness.db.getPost(postId))?.publishedAt));
    const at = new Date(published + 2 * 3_600_000).toISOString().replace('.000Z', 'Z');
    expect(harness.twin.scheduler.get(early[0] ?? '', harness.twin.env.METRICS_SCHEDULE_GROUP)).toMatchObject(
      {
        scheduleExpression: `at(${at.replace('Z', '')})`,
        target: {
          Arn: harness.twin.env.COLLECT_METRICS_FUNCTION_ARN,
          Input: JSON.stringify({ postId, executionName, round: 2, at, feedbackHour: 2 }),
        },
      },
    );
    expect(schedulesOf(executionName)).toHaveLength(names.length);
  });

  it('ends the wait at once with no rounds collected when no round is planned', async () => {
    // Prepare: a brand whose only channel refuses every post, so nothing is published
    const { postId, executionName } = await postInReviewOnOwnChannel(harness, { kind: 'permanent' });
    const from = harness.twin.apiCalls.length;

    // Act
    const wait = await approvedUntilMetricsWait(postId, executionName);

    // Assess: the wait ended with no round read, and the lifecycle completed as publish_failed
    expect(wait.metricsRounds).toEqual([]);
    expect(callsSince(from, 'CreateSchedule')).toEqual([]);
    const scheduler = harness.functionOf('schedule-metrics-rounds');
    expect(
      callsSince(from, 'SendTaskSuccess')
        .filter((call) => call.caller === scheduler)
        .map(({ request, errorCode }) => ({ output: request.output, errorCode })),
    ).toEqual([{ output: JSON.stringify({ roundsCollected: 0 }), errorCode: undefined }]);
    const execution = await harness.twin.waitForExecution(executionName);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.statesEntered.slice(-2)).toEqual(['AwaitMetricsRounds', 'CompleteLifecycle']);
    expect(await harness.db.getPost(postId)).toMatchObject({ status: 'publish_failed' });
  });
});

describe('CollectMetrics (invoked by a round schedule)', () => {
  it('ends the wait with the rounds collected once the last planned round is recorded, and not before', async () => {
    // Prepare
    const { postId, executionName, metricsRounds, taskToken } = await awaitingMetricsRounds();
    const [first, last] = metricsRounds;

    // Act
    const afterFirst = await harness.h.collectMetrics({ postId, executionName, ...first });
    const statusAfterFirst = harness.twin.executions.get(executionName)?.status;
    const sentAfterFirst = successesFor(taskToken).length;
    const afterLast = await harness.h.collectMetrics({ postId, executionName, ...last });

    // Assess: the execution left AwaitMetricsRounds with both rounds and completed the lifecycle
    expect(afterFirst).toMatchObject({ outcome: 'collected', waitClosed: false });
    expect([statusAfterFirst, sentAfterFirst]).toEqual(['RUNNING', 0]);
    expect(afterLast).toMatchObject({ outcome: 'collected', waitClosed: true });
    expect(successesFor(taskToken)).toEqual([
      { taskToken, output: JSON.stringify({ roundsCollected: 2 }), errorCode: undefined },
    ]);
    const execution = await harness.twin.waitForExecution(executionName);
    expect(execution.status).toBe('SUCCEEDED');
    const completed = execution.history.find(
      (event) => event.type === 'StateEntered' && event.stateName === 'CompleteLifecycle',
    );
    expect(completed?.input).toMatchObject({ metricsOutcome: { roundsCollected: 2 } });
    expect(await harness.db.getPost(postId)).toMatchObject({
      status: 'completed',
      allMetricsRoundsCollected: true,
    });
  });

  it('answers a repeated last round by ending the wait again, reading no channel and logging nothing new', async () => {
    // Prepare: the last round is recorded, but every attempt at ending the wait met an outage
    const { postId, executionName, metricsRounds, taskToken } = await awaitingMetricsRounds();
    const [first, last] = metricsRounds;
    await harness.h.collectMetrics({ postId, executionName, ...first });
    harness.aws.failNext('SendTaskSuccess', SDK_ATTEMPTS);
    await expect(harness.h.collectMetrics({ postId, executionName, ...last })).rejects.toMatchObject({
      name: 'InternalFailure',
    });
    const snapshots = await harness.db.listMetricSnapshots(postId);
    const log = await harness.db.listLifecycleLog(postId);

    // Act: Lambda's asynchronous retry of the last round
    const repeat = await harness.h.collectMetrics({ postId, executionName, ...last });

    // Assess: no channel read and no round logged again; the execution left the wait and completed
    expect(repeat).toMatchObject({ outcome: 'repeated', waitClosed: true });
    expect(await harness.db.listMetricSnapshots(postId)).toEqual(snapshots);
    const logAfter = await harness.db.listLifecycleLog(postId);
    expect(logAfter.slice(0, log.length)).toEqual(log);
    expect(logAfter.slice(log.length).map((entry) => entry.action)).toEqual(['completed']);
    expect(successesFor(taskToken).at(-1)).toEqual({
      taskToken,
      output: JSON.stringify({ roundsCollected: 2 }),
      errorCode: undefined,
    });
    expect((await harness.twin.waitForExecution(executionName)).status).toBe('SUCCEEDED');
  });
});

describe('CollectMetrics for an early feedback-only collection', () => {
  it('reads feedback only: no metric snapshot, no round recorded, the wait left open', async () => {
    // Prepare
    const { postId, executionName, metricsRounds, taskToken } = await awaitingMetricsRounds();
    const log = await harness.db.listLifecycleLog(postId);
    const at = metricsRounds[0]?.at ?? '';

    // Act
    const outcome = await harness.h.collectMetrics({ postId, executionName, round: 2, at, feedbackHour: 2 });

    // Assess
    expect(outcome).toEqual({ round: 2, outcome: 'feedback_collected', recorded: 0, waitClosed: false });
    expect(await harness.db.listMetricSnapshots(postId)).toEqual([]);
    expect(await harness.db.listLifecycleLog(postId)).toEqual(log);
    expect((await harness.db.getPost(postId))?.lastMetricsRound).toBeUndefined();
    expect(successesFor(taskToken)).toEqual([]);
    expect(harness.twin.executions.get(executionName)?.status).toBe('RUNNING');
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
