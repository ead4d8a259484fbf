import type { HistoryEvent, LocalExecution } from './types.js';

/** One event as GetExecutionHistory returns it (the SDK's `HistoryEvent`). */
export type AwsHistoryEvent = Record<string, unknown> & {
  timestamp: number;
  type: string;
  id: number;
  previousEventId: number;
};

const json = (value: unknown) => (value === undefined ? undefined : JSON.stringify(value));
/** Local payloads are never cut short, so every `*Details` says so. */
const notTruncated = { truncated: false } as const;
const cause = (value: unknown) =>
  value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value);

/**
 * The execution's history in AWS's shape: `<StateType>StateEntered` / `StateExited` with
 * `stateEnteredEventDetails` / `stateExitedEventDetails`, `TaskScheduled`, `TaskSucceeded`
 * and `TaskFailed` for Task states (resource type `lambda`), `MapIterationStarted` ...,
 * `ExecutionStarted` / `Succeeded` / `Failed` / `Aborted` / `TimedOut`, numbered from 1 with
 * `previousEventId`. The engine's retry and catch notices have no AWS event: a retry shows
 * as a second `TaskScheduled`, a catch as the state's exit.
 *
 * @example
 * ```ts
 * const events = awsHistory(execution, stateMachineArn, (name) => 'Task');
 * ```
 */
export function awsHistory(
  execution: LocalExecution,
  roleArn: string,
  resourceOf: (stateName: string) => string | undefined,
): AwsHistoryEvent[] {
  const out: AwsHistoryEvent[] = [];
  const push = (event: HistoryEvent, type: string, extra: Record<string, unknown> = {}) => {
    const id = out.length + 1;
    out.push({ timestamp: event.timestamp / 1000, type, id, previousEventId: id - 1, ...extra });
  };
  /** A Lambda task's event, its details under the key AWS names after it (`TaskScheduled` → `taskScheduledEventDetails`). */
  const pushTask = (
    event: HistoryEvent,
    type: `Task${string}`,
    resource: string,
    details: Record<string, unknown> = {},
  ) =>
    push(event, type, {
      [`t${type.slice(1)}EventDetails`]: { resourceType: 'lambda', resource, ...details },
    });
  const scheduleTask = (event: HistoryEvent, resource: string) =>
    pushTask(event, 'TaskScheduled', resource, { region: 'us-east-1', parameters: json(event.input) });
  for (const event of execution.history) {
    const stateType = event.stateType ?? '';
    const resource = event.stateName ? resourceOf(event.stateName) : undefined;
    const task = stateType === 'Task' ? resource : undefined;
    switch (event.type) {
      case 'ExecutionStarted':
        push(event, 'ExecutionStarted', {
          executionStartedEventDetails: { input: json(execution.input), inputDetails: notTruncated, roleArn },
        });
        break;
      case 'ExecutionSucceeded':
        push(event, 'ExecutionSucceeded', {
          executionSucceededEventDetails: { output: json(event.output), outputDetails: notTruncated },
        });
        break;
      case 'ExecutionFailed':
        push(event, 'ExecutionFailed', {
          executionFailedEventDetails: { error: event.error, cause: cause(event.cause) },
        });
        break;
      case 'ExecutionAborted':
        push(event, 'ExecutionAborted', { executionAbortedEventDetails: {} });
        break;
      case 'ExecutionTimeout':
        push(event, 'ExecutionTimedOut', { executionTimedOutEventDetails: {} });
        break;
      case 'StateEntered':
        push(event, `${stateType}StateEntered`, {
          stateEnteredEventDetails: {
            name: event.stateName,
            input: json(event.input),
            inputDetails: notTruncated,
          },
        });
        if (task) {
          scheduleTask(event, task);
          pushTask(event, 'TaskStarted', task);
        }
        break;
      case 'StateRetried':
        if (task) scheduleTask(event, task);
        break;
      case 'StateExited':
        if (task) {
          pushTask(event, 'TaskSucceeded', task, { output: json(event.output), outputDetails: notTruncated });
        }
        push(event, `${stateType}StateExited`, {
          stateExitedEventDetails: {
            name: event.stateName,
            output: json(event.output),
            outputDetails: notTruncated,
          },
        });
        break;
      case 'StateFailed':
        if (task) {
          pushTask(event, 'TaskFailed', task, { error: event.error, cause: cause(event.cause) });
        }
        break;
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed': {
        const key = `${event.type.charAt(0).toLowerCase()}${event.type.slice(1)}EventDetails`;
        push(event, event.type, { [key]: { name: event.stateName, index: event.mapIndex } });
        break;
      }
      default:
        break;
    }
  }
  return out;
}
