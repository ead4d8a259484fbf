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
    };
