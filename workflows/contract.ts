/**
 * The contract between the post-lifecycle state machine and the Lambda handlers it runs.
 *
 * Plain types and names only: the workflow definition (CDK), the handlers and the local
 * runner all import from here, so a renamed state or error breaks the build, not a run.
 */

/** State names as they appear in the Step Functions console. */
export const StateName = {
  CheckPolicy: 'CheckPolicy',
  AwaitReview: 'AwaitReview',
  CheckReviewDeadline: 'CheckReviewDeadline',
  WaitUntilScheduledTime: 'WaitUntilScheduledTime',
  ConfirmStillScheduled: 'ConfirmStillScheduled',
  ReadNewScheduledTime: 'ReadNewScheduledTime',
  WaitUntilNewScheduledTime: 'WaitUntilNewScheduledTime',
  PublishToChannels: 'PublishToChannels',
  PublishToChannel: 'PublishToChannel',
  ReadPublishRetryTime: 'ReadPublishRetryTime',
  WaitForPublishRetryTime: 'WaitForPublishRetryTime',
  RecordChannelFailure: 'RecordChannelFailure',
  RecordPublication: 'RecordPublication',
  AwaitMetricsRounds: 'AwaitMetricsRounds',
  CompleteLifecycle: 'CompleteLifecycle',
  RecordWorkflowFailure: 'RecordWorkflowFailure',
  EndRejectedByPolicy: 'EndRejectedByPolicy',
  EndRejectedInReview: 'EndRejectedInReview',
  EndChangesRequested: 'EndChangesRequested',
  EndReviewExpired: 'EndReviewExpired',
  EndCancelled: 'EndCancelled',
  EndSuperseded: 'EndSuperseded',
  FailLifecycle: 'FailLifecycle',
} as const;
export type StateName = (typeof StateName)[keyof typeof StateName];

/**
 * Error names a handler throws (as `error.name`) or a review decision sends with
 * SendTaskFailure, and that the workflow catches to route a post.
 */
export const WorkflowError = {
  /** CheckPolicy found a `block` finding; the post is `rejected_by_policy`. */
  PolicyBlocked: 'PolicyBlocked',
  /** A reviewer rejected the post (SendTaskFailure from the Review Decision handler). */
  ReviewRejected: 'ReviewRejected',
  /** A reviewer asked for changes; the post went back to `draft`. */
  ChangesRequested: 'ChangesRequested',
  /** The post was cancelled while the workflow held it. */
  PostCancelled: 'PostCancelled',
  /** The post's content changed after it was checked or approved: check and review again. */
  PostEdited: 'PostEdited',
  /** The post now belongs to another execution (a newer submission): this one stops. */
  PostSuperseded: 'PostSuperseded',
  /**
   * A review stage passed and another follows: the stage's wait ends and the next stage gets
   * its own wait and SLA clock (through CheckReviewDeadline), with no Choice state on the path.
   */
  ReviewStagePassed: 'ReviewStagePassed',
  /** The post was rescheduled while in review: the review window is measured again. */
  PostRescheduled: 'PostRescheduled',
  /**
   * ConfirmStillScheduled found the approved post moved to a later time. The error message is
   * exactly the new RFC 3339 UTC time, which the workflow waits for before confirming again.
   */
  ScheduledTimeMoved: 'ScheduledTimeMoved',
  /** The scheduled time passed before the review ended; the post is `expired`. */
  ReviewExpired: 'ReviewExpired',
  /** A channel failed in a way worth retrying soon (network, 5xx, timeouts). */
  ChannelTransientError: 'ChannelTransientError',
  /**
   * The platform refused the call for its rate limit. The error message is exactly the RFC 3339
   * UTC time to call again (see {@link RateLimitedCause}): the workflow waits until then and
   * runs the task again, with `rateLimitWaits` one higher. CollectMetrics, which no state
   * runs, schedules its own retry at that time instead of throwing it.
   */
  ChannelRateLimited: 'ChannelRateLimited',
  /** A channel refused the post for good (validation, auth, policy). */
  ChannelPermanentError: 'ChannelPermanentError',
} as const;
export type WorkflowError = (typeof WorkflowError)[keyof typeof WorkflowError];

/**
 * What a workflow error is, and so the level it is logged at: an `outcome` of the process
 * (a decision, a cancellation, a normal reschedule: `info`), a failure `retried` on purpose
 * (`warn`), or a `fault` someone must look at (`error`). An error name not listed here
 * (an AWS exception, a bug) is a fault.
 */
export const ErrorTaxonomy = {
  [WorkflowError.PolicyBlocked]: 'outcome',
  [WorkflowError.ReviewRejected]: 'outcome',
  [WorkflowError.ChangesRequested]: 'outcome',
  [WorkflowError.PostCancelled]: 'outcome',
  [WorkflowError.PostEdited]: 'outcome',
  [WorkflowError.PostSuperseded]: 'outcome',
  [WorkflowError.ReviewStagePassed]: 'outcome',
  [WorkflowError.PostRescheduled]: 'outcome',
  [WorkflowError.ScheduledTimeMoved]: 'outcome',
  [WorkflowError.ReviewExpired]: 'outcome',
  [WorkflowError.ChannelTransientError]: 'retried',
  [WorkflowError.ChannelRateLimited]: 'retried',
  [WorkflowError.ChannelPermanentError]: 'fault',
} as const satisfies Record<WorkflowError, 'outcome' | 'retried' | 'fault'>;
export type ErrorKind = (typeof ErrorTaxonomy)[WorkflowError];

/**
 * The kind of an error by its name (see {@link ErrorTaxonomy}).
 *
 * @example
 * ```ts
 * errorKind('ScheduledTimeMoved'); // 'outcome'
 * errorKind('ThrottlingException'); // 'fault'
 * ```
 */
export function errorKind(errorName: string): ErrorKind {
  return (ErrorTaxonomy as Record<string, ErrorKind>)[errorName] ?? 'fault';
}

/** Input of every execution, set by the Submit Post handler. */
export interface ExecutionInput {
  postId: string;
  revision: number;
}

/** What each task receives: the post and the execution that must own it. */
export interface TaskInput {
  postId: string;
  executionName: string;
}

/** The working state the workflow carries between states (kept small: content stays in DynamoDB). */
export interface LifecycleState {
  postId: string;
  revision: number;
  /** RFC 3339 UTC (`...Z`), the time WaitUntilScheduledTime waits for. */
  scheduledAt: string;
  channels: string[];
  /** Whole seconds from now until the scheduled time, at least 1: AwaitReview's timeout. */
  reviewTimeoutSeconds: number;
}

/** AwaitReview's payload: the handler stores the token on the post and asks for review. */
export interface RequestReviewInput extends TaskInput {
  taskToken: string;
  revision: number;
}

/** The details a `ReviewStagePassed` failure carries in its Cause (JSON). */
export interface StagePassedCause {
  passedStage: string;
  nextStage: string;
}

/** What a reviewer's approval sends back with SendTaskSuccess. */
export interface ReviewApproval {
  decision: 'approve';
  /** The reviewer whose approval passed the last stage. */
  reviewer: string;
  revision: number;
}

/**
 * ConfirmStillScheduled's answer when the post is due: the state PublishToChannels reads. A later
 * time is thrown as `ScheduledTimeMoved`; edits, cancellations and supersession are thrown too.
 */
export type ScheduleCheck = LifecycleState;

/** What a task that calls a platform carries: how often this item already waited for a rate limit. */
export interface RateLimitedTaskInput {
  /**
   * Rate-limit waits this channel (or metrics round) already went through: 0 from the Map's
   * ItemSelector (or a round's first schedule), one more after each wait. The handler gives up
   * past its bound.
   */
  rateLimitWaits?: number;
}

/** PublishToChannel's input, one per channel (the Map's ItemSelector). */
export interface ChannelTaskInput extends TaskInput, RateLimitedTaskInput {
  revision: number;
  channel: string;
}

/**
 * A `ChannelRateLimited` Lambda error's Cause once parsed with `States.StringToJson` (by
 * ReadPublishRetryTime): Lambda's own `{ errorType, errorMessage, trace }`,
 * whose `errorMessage` is the time to call again, read by the Wait's `TimestampPath`.
 */
export interface RateLimitedCause {
  errorType: 'ChannelRateLimited';
  /** RFC 3339 UTC without fractions, e.g. `2030-01-01T09:05:00Z`. */
  errorMessage: string;
  trace: string[];
}

/** The outcome of one channel, from PublishToChannel or RecordChannelFailure. */
export interface ChannelOutcome {
  channel: string;
  status: 'published' | 'failed';
  externalId?: string;
  url?: string;
  error?: string;
}

/** RecordChannelFailure's input: the channel item plus the caught error. */
export interface ChannelFailureInput extends ChannelTaskInput {
  error: { Error: string; Cause?: string };
}

/** RecordPublication's input: the state plus one outcome per channel. */
export interface PublicationInput extends LifecycleState, TaskInput {
  channelOutcomes: ChannelOutcome[];
}

/** One metrics round: when to collect, numbered from 1. */
export interface MetricsRound {
  round: number;
  /** RFC 3339 UTC. */
  at: string;
}

/** RecordPublication's output. */
export interface PublicationRecorded {
  postId: string;
  revision: number;
  metricsRounds: MetricsRound[];
  /**
   * AwaitMetricsRounds' timeout in whole seconds: until the last round plus a grace period for
   * rate-limit waits and retries, so a lost round cannot keep the execution open.
   */
  metricsTimeoutSeconds: number;
}

/** AwaitMetricsRounds' payload: the handler stores the token and schedules every round. */
export interface ScheduleMetricsRoundsInput extends TaskInput {
  taskToken: string;
  metricsRounds: MetricsRound[];
  metricsTimeoutSeconds?: number;
}

/**
 * CollectMetrics' input: the Input of one round's EventBridge Scheduler schedule (or of a
 * rate-limit retry's schedule, with `rateLimitWaits` one higher).
 */
export interface MetricsTaskInput extends TaskInput, RateLimitedTaskInput {
  round: number;
  at: string;
}

/** What CollectMetrics sends with SendTaskSuccess once the last planned round is recorded. */
export interface MetricsRoundsCollected {
  /** Rounds whose snapshots were all read; a round that failed for good is not counted. */
  roundsCollected: number;
}

/** RecordWorkflowFailure's input: the state plus the caught error. */
export interface WorkflowFailureInput extends TaskInput {
  failure: { Error: string; Cause?: string };
}

/** CompleteLifecycle's input: `metricsOutcome` holds `roundsCollected`, or the error that stopped the rounds. */
export interface CompletionInput extends TaskInput {
  metricsOutcome: { roundsCollected: number } | { Error: string; Cause?: string };
}
