import { randomUUID } from 'node:crypto';
import { functionByArn } from './core/template.js';
import type { LocalSchedule, LocalSchedulerOptions } from './scheduler.js';
import { redeliveryPause } from './speed.js';
import type { LocalScheduleRun } from './types.js';

/** The scheduler's own settings (groups aside), and how the firing reports back to it. */
export interface ScheduleDeliveryOptions extends Omit<LocalSchedulerOptions, 'groups'> {
  /** True once the twin is stopping: a failed attempt is then the last one. */
  isStopping(): boolean;
  /** The scheduler has handed the payload over (or given up on it): its part is done. */
  onHandedOver(): void;
}

/** Lambda retries a failed asynchronous invocation twice unless the function says otherwise. */
const LAMBDA_ASYNC_RETRIES = 2;

/**
 * One firing of a schedule, in the two steps AWS takes:
 *
 * 1. The scheduler invokes the Lambda function asynchronously. It cannot when the ARN names
 *    no function or the Input is not JSON; those errors are not retryable, so the payload
 *    goes at once to the schedule's dead-letter queue (`Target.DeadLetterConfig`).
 * 2. Lambda runs the handler, retrying a failure as the function's asynchronous invocation
 *    settings say (2 retries by default, compressed to `speed.deliveryAttempts` attempts,
 *    `speed.deliveryRetryMs` apart and doubling), then sends the invocation record to the
 *    function's on-failure destination. The schedule's own queue never sees a handler
 *    error: the scheduler's invocation had already succeeded.
 *
 * With no queue at the step that failed, AWS loses the payload; here it ends `dropped`, in
 * `runs` and through `onEvent`, so the loss shows.
 */
export async function deliverSchedule(
  schedule: LocalSchedule,
  options: ScheduleDeliveryOptions,
): Promise<LocalScheduleRun> {
  const target = schedule.target.Arn;
  const run = (fields: Pick<LocalScheduleRun, 'status' | 'attempts'> & Partial<LocalScheduleRun>) => ({
    scheduleArn: schedule.arn,
    groupName: schedule.groupName,
    name: schedule.name,
    target,
    firedAt: schedule.firedAt?.toISOString() ?? new Date().toISOString(),
    ...fields,
  });
  // Asynchronous like the scheduler: the firing never waits on the handler's own work.
  await new Promise((resolve) => setImmediate(resolve));

  const fn = functionByArn(options.functions, target);
  const input = withContextAttributes(schedule.target.Input ?? '{}', schedule);
  let event: unknown;
  let refusal: { code: string; message: string } | undefined;
  if (!fn) refusal = { code: 'ResourceNotFoundException', message: `Function not found: ${target}` };
  else {
    try {
      event = JSON.parse(input);
    } catch {
      refusal = { code: 'InvalidRequestContentException', message: 'Could not parse request body into json' };
    }
  }
  if (refusal || !fn) {
    options.onHandedOver();
    const queue = schedule.target.DeadLetterConfig?.Arn;
    const error = refusal?.code ?? 'ResourceNotFoundException';
    if (!queue) return run({ status: 'dropped', attempts: 0, error });
    options.deadLetters.add({
      queueArn: queue,
      source: 'scheduler',
      body: input,
      attributes: {
        ERROR_CODE: error,
        ERROR_MESSAGE: refusal?.message ?? '',
        EXHAUSTED_RETRY_CONDITION: 'NonRetryableError',
        INVOCATION_ID: randomUUID(),
        RETRY_ATTEMPTS: '0',
        SCHEDULE_ARN: schedule.arn,
        TARGET_ARN: target,
      },
    });
    return run({ status: 'dead-lettered', attempts: 0, error, deadLetterQueue: queue });
  }

  options.onHandedOver();
  const retries = fn.asyncInvoke?.maximumRetryAttempts ?? LAMBDA_ASYNC_RETRIES;
  const attempts = Math.max(1, Math.min(options.speed.deliveryAttempts, retries + 1));
  for (let attempt = 1; ; attempt += 1) {
    try {
      await options.host.invoke(fn.logicalId, event);
      return run({ status: 'invoked', attempts: attempt });
    } catch (thrown) {
      const error = thrown instanceof Error ? thrown : new Error(String(thrown));
      const willRetry = attempt < attempts && !options.isStopping();
      options.onEvent({
        type: 'schedule-invocation-failed',
        scheduleArn: schedule.arn,
        target,
        attempt,
        error: error.name,
        willRetry,
      });
      if (!willRetry) {
        const queue = options.deadLetters.addLambdaFailure(fn, event, error, attempt);
        if (!queue) return run({ status: 'dropped', attempts: attempt, error: error.name });
        return run({ status: 'dead-lettered', attempts: attempt, error: error.name, deadLetterQueue: queue });
      }
      await redeliveryPause(options.speed, attempt);
    }
  }
}

/**
 * The payload with Scheduler's context attributes filled in, as AWS does for every target:
 * `<aws.scheduler.scheduled-time>` (the firing's scheduled time, to the second, in UTC),
 * `<aws.scheduler.schedule-arn>`, `<aws.scheduler.execution-id>` and
 * `<aws.scheduler.attempt-number>` (the scheduler's own attempt: always 1 here, since the
 * twin hands over at the first attempt).
 */
function withContextAttributes(input: string, schedule: LocalSchedule): string {
  const values: Record<string, string> = {
    'scheduled-time': `${new Date(schedule.fireAt).toISOString().slice(0, 19)}Z`,
    'schedule-arn': schedule.arn,
    'execution-id': randomUUID().replaceAll('-', '').slice(0, 16),
    'attempt-number': '1',
  };
  return input.replace(/<aws\.scheduler\.([a-z-]+)>/g, (whole, name: string) => values[name] ?? whole);
}
