/** Public shapes of the local run, shared by the runtime, the endpoint and the demo view. */

/** Step Functions execution statuses, as DescribeExecution reports them. */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** One entry of an execution's history: what the engine reported, in order. */
export interface HistoryEvent {
  type: string;
  /** Local-clock epoch milliseconds. */
  timestamp: number;
  /** The state this event is about (absent for execution-level events). */
  stateName?: string;
  stateType?: string;
  /** Iteration index when the state runs inside a Map. */
  mapIndex?: number;
  input?: unknown;
  output?: unknown;
  error?: string;
  cause?: unknown;
}

/** An execution as the local Step Functions keeps it. */
export interface LocalExecution {
  name: string;
  executionArn: string;
  input: unknown;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  output?: unknown;
  error?: string;
  cause?: string;
  history: HistoryEvent[];
  /** States entered, in order (Map iterations included), e.g. `['CheckPolicy', 'AwaitReview', ...]`. */
  statesEntered: string[];
  /** StateEntered plus StateRetried events: the state transitions a Standard workflow bills. */
  stateTransitions: number;
}

/** One AWS API call the twin's endpoint answered, as CloudTrail records a call. */
export interface LocalApiCall {
  /** The service's signing name: `states`, `events`, `scheduler`, `secretsmanager`, `sqs` or `lambda`. */
  service: string;
  /** The operation, e.g. `StartExecution`, `SendTaskSuccess`, `PutEvents`, `CreateSchedule`. */
  operation: string;
  /** The request's members as sent (a REST call's path member, such as a schedule's `Name`, included). */
  request: Record<string, unknown>;
  /** The function whose role signed the call; undefined for the admin (tests, the CLI) or an integrator. */
  caller?: string;
  /** `integrator` for `runtime.putEvents`, else `handler`. */
  origin: 'integrator' | 'handler';
  /** AWS's error type when the call was refused or failed (`AccessDeniedException`, `TaskTimedOut`...). */
  errorCode?: string;
}

/** An event as it travelled on the local bus: the envelope rule targets receive. */
export interface LocalBusEvent {
  id: string;
  version: '0';
  account: string;
  time: string;
  region: string;
  source: string;
  'detail-type': string;
  detail: Record<string, unknown>;
  resources: string[];
  /** Not part of EventBridge's envelope: the bus the entry was put on. */
  eventBusName: string;
  /** Not part of EventBridge's envelope: `integrator` for `runtime.putEvents`, `handler` otherwise. */
  origin: 'integrator' | 'handler';
}

/** The final outcome of delivering one event to one rule target. */
export interface LocalDelivery {
  eventId: string;
  detailType: string;
  /** The target's handler file. */
  target: string;
  status: 'delivered' | 'dropped';
  attempts: number;
  /** For a dropped event: the on-failure queue that kept it, as on AWS; absent when nothing did. */
  deadLetterQueue?: string;
}

/**
 * What the runtime reports through `onEvent`, for a live view. Carries names, ids and
 * statuses only: state inputs stay in `executions`, post text never leaves DynamoDB.
 */
export type LocalRuntimeEvent =
  | { type: 'execution-started'; executionName: string; input: unknown }
  | {
      type: 'state-entered' | 'state-exited' | 'state-failed' | 'state-retried' | 'state-caught';
      executionName: string;
      stateName: string;
      stateType: string;
      mapIndex?: number;
      error?: string;
    }
  | {
      type: 'execution-closed';
      executionName: string;
      status: ExecutionStatus;
      stateTransitions: number;
      error?: string;
    }
  /** The execution waits: in a Wait state, or for a callback task's token once its handler has returned. */
  | { type: 'execution-waiting'; executionName: string; stateName: string }
  | { type: 'event-put'; event: LocalBusEvent }
  | { type: 'event-delivered'; eventId: string; detailType: string; target: string; attempt: number }
  | { type: 'event-dropped'; eventId: string; detailType: string; target: string }
  | {
      type: 'event-delivery-failed';
      eventId: string;
      detailType: string;
      target: string;
      attempt: number;
      error: string;
      willRetry: boolean;
    }
  | LocalSchedulerEvent;

/**
 * A message the twin keeps where AWS would put it in an SQS dead-letter queue or an
 * on-failure destination (see dead-letters.ts).
 */
export interface LocalDeadLetter {
  /** The queue as the template names it: `arn:aws:sqs:us-east-1:000000000000:<name>`. */
  queueArn: string;
  /** Who sent it: the scheduler (a schedule it could not deliver) or Lambda (retries exhausted). */
  source: 'scheduler' | 'lambda';
  /** The message body, as AWS would send it. */
  body: string;
  /** SQS message attributes, as AWS sets them (e.g. `ERROR_CODE`, `SCHEDULE_ARN`). */
  attributes: Record<string, string>;
  /** Local-clock time the message was sent. */
  sentAt: string;
}

/** The final outcome of one firing of a schedule. */
export interface LocalScheduleRun {
  scheduleArn: string;
  groupName: string;
  name: string;
  /** The target's function ARN. */
  target: string;
  /**
   * `invoked`: the handler returned; `dead-lettered`: the payload went to a queue
   * (`deadLetterQueue`); `dropped`: it failed with no queue to keep it, as AWS would lose it.
   */
  status: 'invoked' | 'dead-lettered' | 'dropped';
  /** Handler attempts (0 when the scheduler could not hand the payload over). */
  attempts: number;
  /** The error of the last failed attempt, by name. */
  error?: string;
  deadLetterQueue?: string;
  /** Local-clock time the schedule fired. */
  firedAt: string;
}

/** What the local scheduler reports through `onEvent`: names and ARNs only, never the Input. */
export type LocalSchedulerEvent =
  | { type: 'schedule-created' | 'schedule-deleted'; scheduleArn: string; at: string }
  | { type: 'schedule-fired'; scheduleArn: string; target: string; at: string }
  | {
      type: 'schedule-invocation-failed';
      scheduleArn: string;
      target: string;
      attempt: number;
      error: string;
      willRetry: boolean;
    }
  | { type: 'schedule-completed'; run: LocalScheduleRun };
