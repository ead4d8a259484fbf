import { epochSeconds } from './aws-paging.js';
import { AwsApiError } from './errors.js';
import type { LocalSchedule, LocalScheduler } from './scheduler.js';

/**
 * Answers one EventBridge Scheduler request (restJson1: the operation is the HTTP method and
 * path, members travel in the path, the query string and a JSON body; dates are epoch
 * seconds). Returns undefined for a path that is not the scheduler's.
 *
 * @example
 * ```ts
 * schedulerOperation(scheduler, 'GET', new URL('/schedules/metrics-p-1?groupName=brandflow', base), {});
 * // { Arn: 'arn:aws:scheduler:...:schedule/brandflow/metrics-p-1', ... }
 * ```
 */
export function schedulerOperation(
  scheduler: LocalScheduler,
  method: string,
  url: URL,
  body: Record<string, unknown>,
): unknown {
  const query = url.searchParams;
  if (url.pathname === '/schedules') {
    if (method !== 'GET') throw unknown(method, url);
    const maxResults = query.get('MaxResults');
    const { schedules, nextToken } = scheduler.list({
      group: query.get('ScheduleGroup') ?? undefined,
      namePrefix: query.get('NamePrefix') ?? undefined,
      state: query.get('State') ?? undefined,
      nextToken: query.get('NextToken') ?? undefined,
      maxResults: maxResults === null ? undefined : Number(maxResults),
    });
    return { Schedules: schedules.map(summary), NextToken: nextToken };
  }
  const match = /^\/schedules\/([^/]+)$/.exec(url.pathname);
  if (!match?.[1]) throw unknown(method, url);
  const name = decodeURIComponent(match[1]);
  const groupName = query.get('groupName') ?? undefined;
  switch (method) {
    case 'POST':
      return scheduler.create(name, body);
    case 'PUT':
      return scheduler.update(name, body);
    case 'GET':
      return describe(scheduler.get(name, groupName));
    case 'DELETE':
      scheduler.delete(name, groupName);
      return {};
    default:
      throw unknown(method, url);
  }
}

function unknown(method: string, url: URL): AwsApiError {
  return new AwsApiError(
    'UnknownOperationException',
    `Operation ${method} ${url.pathname} is not supported locally`,
    { context: { method } },
  );
}

function describe(schedule: LocalSchedule) {
  return {
    Arn: schedule.arn,
    GroupName: schedule.groupName,
    Name: schedule.name,
    ScheduleExpression: schedule.scheduleExpression,
    ScheduleExpressionTimezone: schedule.scheduleExpressionTimezone,
    Description: schedule.description,
    State: schedule.state,
    CreationDate: epochSeconds(schedule.creationDate),
    LastModificationDate: epochSeconds(schedule.lastModificationDate),
    Target: schedule.target,
    FlexibleTimeWindow: schedule.flexibleTimeWindow,
    ActionAfterCompletion: schedule.actionAfterCompletion,
  };
}

/** ListSchedules' entry: part of what GetSchedule answers, with the target's ARN only. */
function summary(schedule: LocalSchedule) {
  const { Arn, Name, GroupName, State, CreationDate, LastModificationDate } = describe(schedule);
  return {
    Arn,
    Name,
    GroupName,
    State,
    CreationDate,
    LastModificationDate,
    Target: { Arn: schedule.target.Arn },
  };
}
