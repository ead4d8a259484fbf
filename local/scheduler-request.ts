import { isTimeZone } from '../functions/domain/time.js';
import { localNow } from './clock.js';
import { AwsApiError } from './errors.js';
import { type CronSchedule, nextCronTime, parseCron } from './scheduler-cron.js';

/** A schedule as CreateSchedule describes it, checked, with its firing time resolved. */
export interface ScheduleRequest {
  name: string;
  groupName: string;
  scheduleExpression: string;
  scheduleExpressionTimezone: string;
  /** Epoch milliseconds the `at()` expression names, or a `cron()` expression's next firing. */
  fireAt: number;
  /** A recurring `cron()` schedule: it fires again at each time it names. */
  recurrence?: CronSchedule;
  description?: string;
  state: 'ENABLED' | 'DISABLED';
  actionAfterCompletion: 'NONE' | 'DELETE';
  flexibleTimeWindow: { Mode: 'OFF' | 'FLEXIBLE'; MaximumWindowInMinutes?: number };
  target: {
    Arn: string;
    RoleArn: string;
    Input?: string;
    RetryPolicy: { MaximumEventAgeInSeconds: number; MaximumRetryAttempts: number };
    DeadLetterConfig?: { Arn: string };
  };
  clientToken?: string;
}

/** Names and group names: what AWS allows (`^[0-9a-zA-Z-_.]+$`, 1 to 64 characters). */
const NAME = /^[0-9a-zA-Z\-_.]{1,64}$/;
const AT = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;
/** Time zones the twin evaluates: UTC under its usual names. */
const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT']);
const LAMBDA_ARN = /^arn:[^:]+:lambda:[^:]+:\d{12}:function:[^:]+(:[^:]+)?$/;
const SQS_ARN = /^arn:[^:]+:sqs:[^:]+:\d{12}:.+$/;

/** Amazon EventBridge Scheduler's default retry policy: 185 retries within a day. */
const DEFAULT_RETRY_POLICY = { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 };

function invalid(field: string, rule: string): never {
  throw new AwsApiError('ValidationException', `${field} ${rule}`, { context: { field } });
}

/**
 * Checks a name or a group name as Scheduler does; refuses with a ValidationException naming
 * the field.
 */
export function checkName(field: string, value: unknown): string {
  if (typeof value !== 'string' || !NAME.test(value)) {
    invalid(field, 'must be 1 to 64 characters of letters, digits, hyphens, underscores and dots');
  }
  return value;
}

/**
 * Reads a CreateSchedule or UpdateSchedule request (the path's Name and the JSON body). The
 * twin runs one-time `at()` schedules in UTC and recurring `cron()` schedules in any IANA time
 * zone that invoke a Lambda function: anything else is refused with a ValidationException
 * that names the field and the rule. A cron schedule's first firing is the first time it
 * names after `now` (the local clock).
 *
 * @example
 * ```ts
 * const request = readCreateSchedule('metrics-p-1-r1', {
 *   ScheduleExpression: 'at(2030-05-01T10:00:00)',
 *   FlexibleTimeWindow: { Mode: 'OFF' },
 *   Target: { Arn: functionArn, RoleArn: roleArn, Input: '{"postId":"p-1"}' },
 * });
 * new Date(request.fireAt).toISOString(); // '2030-05-01T10:00:00.000Z'
 * ```
 */
export function readCreateSchedule(
  name: string,
  body: Record<string, unknown>,
  now: number = localNow(),
): ScheduleRequest {
  checkName('Name', name);
  const groupName = body.GroupName === undefined ? 'default' : checkName('GroupName', body.GroupName);
  const timezone = body.ScheduleExpressionTimezone ?? 'UTC';
  const expression = body.ScheduleExpression;
  const recurring = typeof expression === 'string' && expression.startsWith('cron(');
  if (typeof timezone !== 'string' || !(UTC_ZONES.has(timezone) || (recurring && isTimeZone(timezone)))) {
    invalid(
      'ScheduleExpressionTimezone',
      `'${String(timezone)}' is not supported locally: use UTC, or an IANA time zone with cron()`,
    );
  }
  let fireAt: number | undefined;
  let recurrence: CronSchedule | undefined;
  if (recurring) {
    const cron = parseCron(expression, timezone);
    if ('problem' in cron) invalid('ScheduleExpression', `'${expression}': ${cron.problem}`);
    recurrence = cron;
    fireAt = nextCronTime(cron, now);
    if (fireAt === undefined)
      invalid('ScheduleExpression', `'${expression}' names no time in the next five years`);
  } else {
    fireAt = typeof expression === 'string' ? parseAt(expression) : undefined;
  }
  if (fireAt === undefined) {
    invalid(
      'ScheduleExpression',
      `'${String(expression)}' is not supported locally: use a one-time at(yyyy-mm-ddThh:mm:ss) or a cron() expression`,
    );
  }
  const state = oneOf('State', body.State ?? 'ENABLED', ['ENABLED', 'DISABLED'] as const);
  const actionAfterCompletion = oneOf('ActionAfterCompletion', body.ActionAfterCompletion ?? 'NONE', [
    'NONE',
    'DELETE',
  ] as const);
  if (
    body.Description !== undefined &&
    (typeof body.Description !== 'string' || body.Description.length > 512)
  ) {
    invalid('Description', 'must be a string of at most 512 characters');
  }
  return {
    name,
    groupName,
    scheduleExpression: expression as string,
    scheduleExpressionTimezone: timezone,
    fireAt,
    recurrence,
    description: body.Description as string | undefined,
    state,
    actionAfterCompletion,
    flexibleTimeWindow: readFlexibleTimeWindow(body.FlexibleTimeWindow),
    target: readTarget(body.Target),
    clientToken: typeof body.ClientToken === 'string' ? body.ClientToken : undefined,
  };
}

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC, as epoch milliseconds; undefined when it is not one. */
function parseAt(expression: string): number | undefined {
  const match = AT.exec(expression);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as number[];
  const epoch = Date.UTC(year as number, (month as number) - 1, day, hour, minute, second);
  // Date.UTC rolls 2030-02-30 over to March: a real date reads back the same.
  const back = new Date(epoch).toISOString().slice(0, 19);
  return back === expression.slice(3, 22) ? epoch : undefined;
}

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) invalid(field, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

function readFlexibleTimeWindow(value: unknown): ScheduleRequest['flexibleTimeWindow'] {
  if (!value || typeof value !== 'object') invalid('FlexibleTimeWindow', 'is required');
  const window = value as { Mode?: unknown; MaximumWindowInMinutes?: unknown };
  const mode = oneOf('FlexibleTimeWindow.Mode', window.Mode, ['OFF', 'FLEXIBLE'] as const);
  if (mode === 'OFF') return { Mode: mode };
  const minutes = window.MaximumWindowInMinutes;
  if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > 1440) {
    invalid(
      'FlexibleTimeWindow.MaximumWindowInMinutes',
      'must be a whole number from 1 to 1440 when Mode is FLEXIBLE',
    );
  }
  return { Mode: mode, MaximumWindowInMinutes: minutes };
}

function readTarget(value: unknown): ScheduleRequest['target'] {
  if (!value || typeof value !== 'object') invalid('Target', 'is required');
  const target = value as Record<string, unknown>;
  if (typeof target.Arn !== 'string' || !LAMBDA_ARN.test(target.Arn)) {
    invalid('Target.Arn', 'must be a Lambda function ARN: the local twin invokes Lambda targets only');
  }
  if (typeof target.RoleArn !== 'string' || target.RoleArn.length === 0)
    invalid('Target.RoleArn', 'is required');
  if (target.Input !== undefined && (typeof target.Input !== 'string' || target.Input.length === 0)) {
    invalid('Target.Input', 'must be a non-empty string');
  }
  const unsupported = Object.keys(target).find((key) => key.endsWith('Parameters'));
  if (unsupported) invalid(`Target.${unsupported}`, 'does not apply to a Lambda target');
  return {
    Arn: target.Arn,
    RoleArn: target.RoleArn,
    Input: target.Input as string | undefined,
    RetryPolicy: readRetryPolicy(target.RetryPolicy),
    DeadLetterConfig: readDeadLetterConfig(target.DeadLetterConfig),
  };
}

function readRetryPolicy(value: unknown): ScheduleRequest['target']['RetryPolicy'] {
  const policy = (value ?? {}) as { MaximumEventAgeInSeconds?: unknown; MaximumRetryAttempts?: unknown };
  const age = policy.MaximumEventAgeInSeconds ?? DEFAULT_RETRY_POLICY.MaximumEventAgeInSeconds;
  const attempts = policy.MaximumRetryAttempts ?? DEFAULT_RETRY_POLICY.MaximumRetryAttempts;
  if (typeof age !== 'number' || !Number.isInteger(age) || age < 60 || age > 86_400) {
    invalid('Target.RetryPolicy.MaximumEventAgeInSeconds', 'must be a whole number from 60 to 86400');
  }
  if (typeof attempts !== 'number' || !Number.isInteger(attempts) || attempts < 0 || attempts > 185) {
    invalid('Target.RetryPolicy.MaximumRetryAttempts', 'must be a whole number from 0 to 185');
  }
  return { MaximumEventAgeInSeconds: age, MaximumRetryAttempts: attempts };
}

function readDeadLetterConfig(value: unknown): ScheduleRequest['target']['DeadLetterConfig'] {
  if (value === undefined) return undefined;
  const arn = (value as { Arn?: unknown } | null)?.Arn;
  if (typeof arn !== 'string' || !SQS_ARN.test(arn)) {
    invalid('Target.DeadLetterConfig.Arn', 'must be an SQS queue ARN');
  }
  return { Arn: arn };
}
