import {
  ActionAfterCompletion,
  ConflictException,
  CreateScheduleCommand,
  FlexibleTimeWindowMode,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import type { MetricsTaskInput } from '../../workflows/contract.js';
import { ConfigurationError } from '../domain/errors.js';

/*
 * Its own client, configured by the environment only (AWS_REGION, AWS_ENDPOINT_URL_SCHEDULER),
 * as the other services' clients are.
 */
const scheduler = new SchedulerClient({});

/** The environment a function that schedules metric rounds needs (set by the stack). */
export const SchedulerEnv = {
  /** The schedule group the stack creates for metric rounds. */
  group: 'METRICS_SCHEDULE_GROUP',
  /** The role EventBridge Scheduler assumes to invoke CollectMetrics. */
  roleArn: 'METRICS_SCHEDULER_ROLE_ARN',
  /** Where EventBridge Scheduler puts a round it could not deliver. */
  deadLetterQueueArn: 'METRICS_DEAD_LETTER_QUEUE_ARN',
  /** The CollectMetrics function, which every round's schedule invokes. */
  collectMetricsArn: 'COLLECT_METRICS_FUNCTION_ARN',
} as const;

function env(name: (typeof SchedulerEnv)[keyof typeof SchedulerEnv]): string {
  const value = process.env[name];
  if (!value) throw new ConfigurationError(`environment variable ${name} is not set`, { context: { name } });
  return value;
}

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
        GroupName: env(SchedulerEnv.group),
        ScheduleExpression: schedule.expression,
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: FlexibleTimeWindowMode.OFF },
        ActionAfterCompletion: ActionAfterCompletion.DELETE,
        Description: `Metrics round ${schedule.input.round} of ${schedule.input.executionName}`,
        Target: {
          Arn: schedule.targetArn ?? env(SchedulerEnv.collectMetricsArn),
          RoleArn: env(SchedulerEnv.roleArn),
          Input: JSON.stringify(schedule.input),
          // A round that waits for Lambda's throttling is still worth reading within the hour.
          RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 10 },
          DeadLetterConfig: { Arn: env(SchedulerEnv.deadLetterQueueArn) },
        },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConflictException) return false;
    throw error;
  }
}
