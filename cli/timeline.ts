import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { clip, offset, shortTime } from './format.js';

/** One line of an execution's timeline. */
export interface TimelineEntry {
  id: number;
  /** RFC 3339 UTC. */
  at: string;
  /** Milliseconds since the first event. */
  sinceStartMs: number;
  type: string;
  /** The state the event belongs to (entered, exited, or the state of its task). */
  state?: string;
  /** What happened, in words: `entered (Task)`, `task failed: ChannelError: ...`. */
  summary: string;
}

const CAUSE_LIMIT = 200;

/**
 * Turns GetExecutionHistory events (as AWS and the twin return them) into a timeline: one
 * entry per event, tied to its state through `previousEventId`, errors and causes spelled out.
 *
 * @example
 * ```ts
 * const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
 * console.log(renderTimeline(toTimeline(events ?? [])));
 * ```
 */
export function toTimeline(events: HistoryEvent[]): TimelineEntry[] {
  const stateOf = new Map<number, string | undefined>();
  const first = events[0]?.timestamp ? new Date(events[0].timestamp).getTime() : 0;
  return events.map((event) => {
    const id = event.id ?? 0;
    const own = event.stateEnteredEventDetails?.name ?? event.stateExitedEventDetails?.name;
    const state = own ?? stateOf.get(event.previousEventId ?? 0);
    // An exit closes the state: events after it belong to the next state, not this one.
    stateOf.set(id, event.stateExitedEventDetails ? undefined : state);
    const at = event.timestamp ? new Date(event.timestamp) : new Date(first);
    return {
      id,
      at: at.toISOString(),
      sinceStartMs: at.getTime() - first,
      type: event.type ?? 'Unknown',
      state: own ?? state,
      summary: summarize(event),
    };
  });
}

/** The events a fixed phrase tells. */
const PHRASES: Readonly<Record<string, string>> = {
  ExecutionStarted: 'execution started',
  ExecutionSucceeded: 'execution succeeded',
  TaskStarted: 'task started',
  TaskSubmitted: 'task submitted: waiting for a callback',
  TaskSucceeded: 'task succeeded',
};

function summarize(event: HistoryEvent): string {
  const type = event.type ?? 'Unknown';
  const failure = (details?: { error?: string; cause?: string }) =>
    [details?.error, details?.cause && clip(details.cause, CAUSE_LIMIT)].filter(Boolean).join(': ') ||
    'no error given';
  if (type.endsWith('StateEntered')) return `entered (${type.replace(/StateEntered$/, '')})`;
  if (type.endsWith('StateExited')) return 'exited';
  const phrase = PHRASES[type];
  if (phrase) return phrase;
  const iteration = /^MapIteration(Started|Succeeded|Failed)$/.exec(type)?.[1];
  if (iteration) {
    const details = event[`mapIteration${iteration}EventDetails` as keyof HistoryEvent] as
      | { index?: number }
      | undefined;
    return `map iteration ${details?.index ?? '?'} ${iteration.toLowerCase()}`;
  }
  switch (type) {
    case 'ExecutionFailed':
      return `execution failed: ${failure(event.executionFailedEventDetails)}`;
    case 'ExecutionAborted':
      return `execution aborted${event.executionAbortedEventDetails?.error ? `: ${failure(event.executionAbortedEventDetails)}` : ''}`;
    case 'ExecutionTimedOut':
      return `execution timed out: ${failure(event.executionTimedOutEventDetails)}`;
    case 'TaskScheduled': {
      const details = event.taskScheduledEventDetails;
      return `task scheduled${details ? ` (${details.resourceType}:${details.resource})` : ''}`;
    }
    case 'TaskFailed':
      return `task failed: ${failure(event.taskFailedEventDetails)}`;
    case 'TaskTimedOut':
      return `task timed out: ${failure(event.taskTimedOutEventDetails)}`;
    default:
      return type;
  }
}

/** The timeline as aligned text: offset, time, state, what happened. */
export function renderTimeline(entries: TimelineEntry[]): string {
  const stateWidth = Math.max(5, ...entries.map((e) => (e.state ?? '').length));
  return entries
    .map((entry) => {
      // Task and iteration events sit under their state's entry.
      const task = /State(Entered|Exited)$|^Execution/.test(entry.type) ? '' : '  ';
      return [
        offset(entry.sinceStartMs).padStart(10),
        shortTime(entry.at),
        (entry.state ?? '').padEnd(stateWidth),
        `${task}${entry.summary}`,
      ].join('  ');
    })
    .join('\n');
}
