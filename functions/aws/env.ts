import { ConfigurationError } from '../domain/errors.js';
import { readEnv } from './run-scope.js';

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
  /** CheckFeedbackSla, which a feedback item's reminder and escalation schedules invoke (same group and role). */
  feedbackCheckArn: 'FEEDBACK_CHECK_FUNCTION_ARN',
} as const;

/** The environment of a function that keeps a brand's scheduled reports (set by the stack). */
export const ReportScheduleEnv = {
  /** The schedule group the stack creates for the scheduled reports. */
  group: 'REPORT_SCHEDULE_GROUP',
  /** The role EventBridge Scheduler assumes to invoke GenerateReport. */
  roleArn: 'REPORT_SCHEDULER_ROLE_ARN',
  /** Where EventBridge Scheduler puts a firing it could not deliver. */
  deadLetterQueueArn: 'REPORT_DEAD_LETTER_QUEUE_ARN',
  /** The GenerateReport function, which every report schedule invokes. */
  generateReportArn: 'GENERATE_REPORT_FUNCTION_ARN',
} as const;

/** Every environment variable a function may require. */
export type RequiredEnv =
  | 'TABLE_NAME'
  | 'EVENT_BUS_NAME'
  | 'STATE_MACHINE_ARN'
  | 'REPORTS_BUCKET_NAME'
  | 'ASSETS_BUCKET_NAME'
  | (typeof SchedulerEnv)[keyof typeof SchedulerEnv]
  | (typeof ReportScheduleEnv)[keyof typeof ReportScheduleEnv];

/**
 * Reads a required environment variable at call time, from the running configuration (the
 * local run's or the command line's scope, else `process.env`; see run-scope.ts).
 *
 * @example
 * ```ts
 * const table = requireEnv('TABLE_NAME');
 * ```
 */
export function requireEnv(name: RequiredEnv): string {
  const value = readEnv(name);
  if (!value) throw new ConfigurationError(`environment variable ${name} is not set`, { context: { name } });
  return value;
}

/** Set to `local` by a stack built for the local run (BrandflowStackProps.localProfile). */
export const PROFILE_ENV = 'BRANDFLOW_RUN_PROFILE';

/**
 * Whether this process runs the local profile: the stack setting says so and the process is
 * not a Lambda function (Lambda always sets the reserved `AWS_LAMBDA_FUNCTION_NAME`), so a
 * deployed function never relaxes a rule even if the variable were set on it.
 *
 * @example
 * ```ts
 * if (!isLocalProfile()) refuseHostOverrides(channel);
 * ```
 */
export function isLocalProfile(
  env: Readonly<Record<string, string | undefined>> = { [PROFILE_ENV]: readEnv(PROFILE_ENV) },
): boolean {
  return (
    env[PROFILE_ENV] === 'local' && !env.AWS_LAMBDA_FUNCTION_NAME && !process.env.AWS_LAMBDA_FUNCTION_NAME
  );
}
