import {
  ActionAfterCompletion,
  ConflictException,
  CreateScheduleCommand,
  FlexibleTimeWindowMode,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import type { MetricsTaskInput } from '../../workflows/contract.js';
import { requireEnv, SchedulerEnv } from './env.js';

/*
 * Its own client, configured by the environment only (AWS_REGION, AWS_ENDPOINT_URL_SCHEDULER),
 * as the other services' clients are.
 */
const scheduler = new SchedulerClient({});

export { SchedulerEnv } from './env.js';

/** One one-time schedule that invokes CollectMetrics with one round's input. */
export interface RoundSchedule {
  name: string;
  /** `at(yyyy-mm-ddThh:mm:ss)`, UTC. */
  expression: string;
  input: MetricsTaskInput;
  /** The function to invoke; CollectMetrics' ARN from the environment when omitted. */
  targetArn?: string;
}

/**
 * Creates a one-time schedule in the metric rounds' group that invokes CollectMetrics
 * asynchronously with the round's input, then deletes itself. Idempotent: a schedule of that
 * name already there (a repeated call) counts as created. Returns false in that case.
 *
 * @example
 * ```ts
 * await createRoundSchedule({
 *   name: metricsScheduleName('spring-launch-r1', 1),
 *   expression: 'at(2030-01-01T10:00:00)',
 *   input: { postId: 'spring-launch', executionName: 'spring-launch-r1', round: 1, at: '2030-01-01T10:00:00Z' },
 * });
 * ```
 */
export async function createRoundSchedule(schedule: RoundSchedule): Promise<boolean> {
  try {
    await scheduler.send(
      new CreateScheduleCommand({
        Name: schedule.name,
        GroupName: requireEnv(SchedulerEnv.group),
        ScheduleExpression: schedule.expression,
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: FlexibleTimeWindowMode.OFF },
        ActionAfterCompletion: ActionAfterCompletion.DELETE,
        Description: `Metrics round ${schedule.input.round} of ${schedule.input.executionName}`,
        Target: {
          Arn: schedule.targetArn ?? requireEnv(SchedulerEnv.collectMetricsArn),
          RoleArn: requireEnv(SchedulerEnv.roleArn),
          Input: JSON.stringify(schedule.input),
          // A round that waits for Lambda's throttling is still worth reading within the hour.
          RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 10 },
          DeadLetterConfig: { Arn: requireEnv(SchedulerEnv.deadLetterQueueArn) },
        },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConflictException) return false;
    throw error;
  }
}
