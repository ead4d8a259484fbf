import { ConfigurationError } from '../domain/errors.js';

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

/** Every environment variable a function may require. */
export type RequiredEnv =
  | 'TABLE_NAME'
  | 'EVENT_BUS_NAME'
  | 'STATE_MACHINE_ARN'
  | 'REPORTS_BUCKET_NAME'
  | (typeof SchedulerEnv)[keyof typeof SchedulerEnv];

/**
 * Reads a required environment variable at call time (tests and the local runtime set
 * them after import).
 *
 * @example
 * ```ts
 * const table = requireEnv('TABLE_NAME');
 * ```
 */
export function requireEnv(name: RequiredEnv): string {
  const value = process.env[name];
  if (!value) throw new ConfigurationError(`environment variable ${name} is not set`, { context: { name } });
  return value;
}
