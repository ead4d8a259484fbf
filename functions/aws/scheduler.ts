import {
  ActionAfterCompletion,
  ConflictException,
  CreateScheduleCommand,
  FlexibleTimeWindowMode,
  SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import type { MetricsTaskInput } from '../../workflows/contract.js';
import type { FeedbackCheckInput } from '../contract/feedback-sla.js';
import { ReportScheduleEnv, requireEnv, SchedulerEnv } from './env.js';
import { scopedClient } from './run-scope.js';

/*
 * Its own client, made from the running configuration (AWS_REGION, AWS_ENDPOINT_URL_SCHEDULER),
 * as the other services' clients are.
 */
const scheduler = scopedClient('SCHEDULER', (config) => new SchedulerClient(config));

export { ReportScheduleEnv, SchedulerEnv } from './env.js';

/** One one-time schedule that invokes CollectMetrics with one round's input (or an early feedback-only collection's). */
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
  return createOneTimeSchedule({
    name: schedule.name,
    expression: schedule.expression,
    description:
      schedule.input.feedbackHour === undefined
        ? `Metrics round ${schedule.input.round} of ${schedule.input.executionName}`
        : `Feedback ${schedule.input.feedbackHour}h after publishing ${schedule.input.executionName}`,
    targetArn: schedule.targetArn ?? requireEnv(SchedulerEnv.collectMetricsArn),
    input: schedule.input,
    // A round that waits for Lambda's throttling is still worth reading within the hour.
    maxEventAgeSeconds: 3600,
    maxRetries: 10,
  });
}

/**
 * Creates a one-time schedule in the same group as the metric rounds that invokes
 * CheckFeedbackSla with one check of one feedback item, then deletes itself. Idempotent like
 * {@link createRoundSchedule}: returns false when a schedule of that name was there already.
 *
 * @example
 * ```ts
 * await createFeedbackCheckSchedule('fb-0123abcd-escalation', 'at(2030-01-07T10:00:00)', { feedbackId, check: 'escalation' });
 * ```
 */
export async function createFeedbackCheckSchedule(
  name: string,
  expression: string,
  input: FeedbackCheckInput,
): Promise<boolean> {
  return createOneTimeSchedule({
    name,
    expression,
    description: `Feedback ${input.check} check`,
    targetArn: requireEnv(SchedulerEnv.feedbackCheckArn),
    input,
    // A reminder or an escalation a few minutes late still matters; a day late, the dead letter says so.
    maxEventAgeSeconds: 86_400,
    maxRetries: 20,
  });
}

/** A one-time schedule of the metric rounds' group: UTC, deleted after it fires, dead letters to the group's queue. */
async function createOneTimeSchedule(schedule: {
  name: string;
  expression: string;
  description: string;
  targetArn: string;
  input: unknown;
  maxEventAgeSeconds: number;
  maxRetries: number;
}): Promise<boolean> {
  try {
    await scheduler.send(
      new CreateScheduleCommand({
        Name: schedule.name,
        GroupName: requireEnv(SchedulerEnv.group),
        ScheduleExpression: schedule.expression,
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: FlexibleTimeWindowMode.OFF },
        ActionAfterCompletion: ActionAfterCompletion.DELETE,
        Description: schedule.description,
        Target: {
          Arn: schedule.targetArn,
          RoleArn: requireEnv(SchedulerEnv.roleArn),
          Input: JSON.stringify(schedule.input),
          RetryPolicy: {
            MaximumEventAgeInSeconds: schedule.maxEventAgeSeconds,
            MaximumRetryAttempts: schedule.maxRetries,
          },
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

/** A recurring schedule that invokes GenerateReport, in a brand's time zone. */
export interface ReportSchedule {
  name: string;
  /** `cron(...)`, read in `timeZone`. */
  expression: string;
  /** An IANA time zone: the brand's. */
  timeZone: string;
  description: string;
  /** The function's payload; may hold Scheduler's context attributes such as `<aws.scheduler.scheduled-time>`. */
  input: string;
}

/**
 * Creates or replaces a recurring schedule in the reports group that invokes GenerateReport.
 * Idempotent: a schedule of that name already there is updated to exactly this definition
 * (UpdateSchedule replaces every field), so setting the same profile twice changes nothing and
 * a new time zone moves the schedule. Returns whether it was created or updated.
 *
 * @example
 * ```ts
 * await putReportSchedule({
 *   name: 'acme.week', expression: 'cron(0 6 ? * MON *)', timeZone: 'Europe/Paris',
 *   description: 'Weekly report of acme', input: '{"detail-type":"Generate Report"}',
 * });
 * ```
 */
export async function putReportSchedule(schedule: ReportSchedule): Promise<'created' | 'updated'> {
  const definition = {
    Name: schedule.name,
    GroupName: requireEnv(ReportScheduleEnv.group),
    ScheduleExpression: schedule.expression,
    ScheduleExpressionTimezone: schedule.timeZone,
    FlexibleTimeWindow: { Mode: FlexibleTimeWindowMode.OFF },
    Description: schedule.description,
    Target: {
      Arn: requireEnv(ReportScheduleEnv.generateReportArn),
      RoleArn: requireEnv(ReportScheduleEnv.roleArn),
      Input: schedule.input,
      // A report made a few hours late is still the week's report; after a day, the dead letter says so.
      RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 20 },
      DeadLetterConfig: { Arn: requireEnv(ReportScheduleEnv.deadLetterQueueArn) },
    },
  };
  try {
    await scheduler.send(new CreateScheduleCommand(definition));
    return 'created';
  } catch (error) {
    if (!(error instanceof ConflictException)) throw error;
  }
  await scheduler.send(new UpdateScheduleCommand(definition));
  return 'updated';
}
