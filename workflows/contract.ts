/**
 * The contract between the post-lifecycle state machine and the Lambda handlers it runs.
 *
 * Names and payload schemas only: the workflow definition (CDK), the handlers and the local
 * runner all import from here, so a renamed state or error breaks the build, not a run. Each
 * payload is one zod schema and its type is inferred from it, so what a handler parses and
 * what it is typed with cannot drift; test/infrastructure/asl-payloads.test.ts checks the
 * synthesized definition's payloads against the same schemas.
 */
import * as z from 'zod/mini';

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
   * UTC time to call again (see {@link lambdaErrorCause}): the workflow waits until then and
   * runs the task again, with `rateLimitWaits` one higher. CollectMetrics, which no state
   * runs, schedules its own retry at that time instead of throwing it.
   */
  ChannelRateLimited: 'ChannelRateLimited',
  /** A channel refused the post for good (validation, auth, policy). */
  ChannelPermanentError: 'ChannelPermanentError',
} as const;
export type WorkflowError = (typeof WorkflowError)[keyof typeof WorkflowError];

/**
 * Faults that pass, retried by every Lambda task of the state machine (the handlers are
 * idempotent, so running a task again is safe): a throttled or crashed invocation, an AWS call
 * that failed for a moment, and Brandflow's own errors for a lost race. The error classes of
 * functions/domain/errors.ts take their `name` from here, so the state machine's Retry and the
 * thrown error cannot spell it differently.
 */
export const PassingFault = {
  /** Lambda's concurrency ran out in a burst: retried longer than the others. */
  LambdaThrottled: 'Lambda.TooManyRequestsException',
  LambdaUnknown: 'Lambda.Unknown',
  SandboxTimedOut: 'Sandbox.Timedout',
  /** `EventPublishError`: EventBridge refused entries of a PutEvents call. */
  EventPublish: 'EventPublishError',
  ProvisionedThroughputExceeded: 'ProvisionedThroughputExceededException',
  Throttling: 'ThrottlingException',
  RequestLimitExceeded: 'RequestLimitExceeded',
  InternalServerError: 'InternalServerError',
  TransactionConflict: 'TransactionConflictException',
  /** `ConcurrentChangeError`: a conditional write kept losing its race. */
  ConcurrentChange: 'ConcurrentChangeError',
  /** `PublishLeaseHeldError`: another attempt still holds the channel's publish lease; the next attempt reads its outcome. */
  PublishLeaseHeld: 'PublishLeaseHeld',
} as const;
export type PassingFault = (typeof PassingFault)[keyof typeof PassingFault];

/**
 * Lambda service errors that every Lambda task retries by CDK's own default Retry
 * (`retryOnServiceExceptions`), before the Retry of {@link PassingFault}.
 */
export const LambdaServiceFault = {
  ClientExecutionTimeout: 'Lambda.ClientExecutionTimeoutException',
  Service: 'Lambda.ServiceException',
  AwsLambda: 'Lambda.AWSLambdaException',
  SdkClient: 'Lambda.SdkClientException',
} as const;
export type LambdaServiceFault = (typeof LambdaServiceFault)[keyof typeof LambdaServiceFault];

/**
 * What an error is, and so both how the state machine treats it and the level it is logged at:
 * an `outcome` of the process (a decision, a cancellation, a normal reschedule), caught by name
 * and logged at `info`; a failure `retried` on purpose (a Retry, or a wait for a rate limit),
 * logged at `warn`; or a `fault` someone must look at, left to the catch-all and logged at
 * `error`. An error name not listed here (an AWS exception, a bug) is a fault.
 * test/infrastructure/error-taxonomy.test.ts checks the synthesized Retry and Catch against it.
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
  ...(Object.fromEntries(
    [...Object.values(PassingFault), ...Object.values(LambdaServiceFault)].map((name) => [name, 'retried']),
  ) as Record<PassingFault | LambdaServiceFault, 'retried'>),
} as const satisfies Record<
  WorkflowError | PassingFault | LambdaServiceFault,
  'outcome' | 'retried' | 'fault'
>;
export type ErrorKind = (typeof ErrorTaxonomy)[WorkflowError];

/**
 * The names of one kind in {@link ErrorTaxonomy}.
 *
 * @example
 * ```ts
 * errorsOfKind('outcome'); // ['PolicyBlocked', 'ReviewRejected', ...]
 * ```
 */
export function errorsOfKind(kind: ErrorKind): string[] {
  return Object.entries(ErrorTaxonomy)
    .filter(([, k]) => k === kind)
    .map(([name]) => name);
}

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

const id = z.string().check(z.minLength(1), z.maxLength(80));
const revision = z.number().check(z.int(), z.gte(1));
const taskToken = z.string().check(z.minLength(1), z.maxLength(2048));
/** Whole seconds a waiting state may last. */
const timeoutSeconds = z.number();

/** Input of every execution, set by the Submit Post handler. */
export const executionInput = z.object({ postId: id, revision });
export type ExecutionInput = z.infer<typeof executionInput>;

/** What each task receives: the post and the execution that must own it. */
export const taskInput = z.object({ postId: id, executionName: id });
export type TaskInput = z.infer<typeof taskInput>;

/** The working state the workflow carries between states (kept small: content stays in DynamoDB). */
export const lifecycleState = z.object({
  postId: id,
  revision,
  /** RFC 3339 UTC (`...Z`), the time WaitUntilScheduledTime waits for. */
  scheduledAt: z.string(),
  channels: z.array(z.string()),
  /** Whole seconds from now until the scheduled time, at least 1: AwaitReview's timeout. */
  reviewTimeoutSeconds: timeoutSeconds,
});
export type LifecycleState = z.infer<typeof lifecycleState>;

/**
 * AwaitReview's payload: the handler stores the token on the post and asks for review.
 * `reviewTimeoutSeconds` is the state's own timeout, announced in Review Requested; without
 * it (a direct call) the handler measures the time to the scheduled time itself.
 */
export const requestReviewInput = z.extend(taskInput, {
  taskToken,
  revision,
  reviewTimeoutSeconds: z.optional(timeoutSeconds),
});
export type RequestReviewInput = z.infer<typeof requestReviewInput>;

/** The details a `ReviewStagePassed` failure carries in its Cause (JSON). */
export const stagePassedCause = z.object({ passedStage: z.string(), nextStage: z.string() });
export type StagePassedCause = z.infer<typeof stagePassedCause>;

/** What a reviewer's approval sends back with SendTaskSuccess. */
export const reviewApproval = z.object({
  decision: z.literal('approve'),
  /** The reviewer whose approval passed the last stage. */
  reviewer: z.string(),
  revision,
});
export type ReviewApproval = z.infer<typeof reviewApproval>;

/**
 * ConfirmStillScheduled's answer when the post is due: the state PublishToChannels reads. A later
 * time is thrown as `ScheduledTimeMoved`; edits, cancellations and supersession are thrown too.
 */
export const scheduleCheck = lifecycleState;
export type ScheduleCheck = LifecycleState;

/**
 * Rate-limit waits this channel (or metrics round) already went through: 0 from the Map's
 * ItemSelector (or a round's first schedule), one more after each wait. The handler gives up
 * past its bound.
 */
const rateLimitWaits = z.optional(z.number().check(z.int(), z.gte(0)));

/** What a task that calls a platform carries: how often this item already waited for a rate limit. */
export const rateLimitedTaskInput = z.object({ rateLimitWaits });
export type RateLimitedTaskInput = z.infer<typeof rateLimitedTaskInput>;

/** PublishToChannel's input, one per channel (the Map's ItemSelector). */
export const channelTaskInput = z.extend(taskInput, {
  revision,
  channel: z.string().check(z.minLength(1)),
  rateLimitWaits,
});
export type ChannelTaskInput = z.infer<typeof channelTaskInput>;

/**
 * A Lambda error's Cause once parsed with `States.StringToJson`: Lambda's own
 * `{ errorType, errorMessage, trace }`. ReadPublishRetryTime and ReadNewScheduledTime read it;
 * for `ChannelRateLimited` and `ScheduledTimeMoved` the `errorMessage` is the time to wait
 * for, read by a Wait's `TimestampPath`.
 */
export const lambdaErrorCause = z.object({
  errorType: z.string(),
  /** RFC 3339 UTC without fractions, e.g. `2030-01-01T09:05:00Z`, for the errors a Wait reads. */
  errorMessage: z.string(),
  trace: z.array(z.string()),
});
export type LambdaErrorCause = z.infer<typeof lambdaErrorCause>;

/** An error a Catch hands on at its ResultPath. */
export const caughtError = z.object({ Error: z.string(), Cause: z.optional(z.string()) });
export type CaughtError = z.infer<typeof caughtError>;

/** The outcome of one channel, from PublishToChannel or RecordChannelFailure. */
export const channelOutcome = z.object({
  channel: z.string(),
  status: z.enum(['published', 'failed']),
  externalId: z.optional(z.string()),
  url: z.optional(z.string()),
  error: z.optional(z.string()),
});
export type ChannelOutcome = z.infer<typeof channelOutcome>;

/** RecordChannelFailure's input: the channel item plus the caught error. */
export const channelFailureInput = z.extend(channelTaskInput, { error: caughtError });
export type ChannelFailureInput = z.infer<typeof channelFailureInput>;

/** RecordPublication's input: the post, its execution and one outcome per channel. */
export const publicationInput = z.extend(taskInput, { channelOutcomes: z.array(channelOutcome) });
export type PublicationInput = z.infer<typeof publicationInput>;

const round = z.number().check(z.int(), z.gte(1));
const roundAt = z.string().check(z.minLength(1));

/** One metrics round: when to collect (RFC 3339 UTC), numbered from 1. */
export const metricsRound = z.object({ round, at: roundAt });
export type MetricsRound = z.infer<typeof metricsRound>;

/** RecordPublication's output. */
export const publicationRecorded = z.object({
  postId: id,
  revision,
  metricsRounds: z.array(metricsRound),
  /**
   * AwaitMetricsRounds' timeout in whole seconds: until the last round plus a grace period for
   * rate-limit waits and retries, so a lost round cannot keep the execution open.
   */
  metricsTimeoutSeconds: timeoutSeconds,
});
export type PublicationRecorded = z.infer<typeof publicationRecorded>;

/** AwaitMetricsRounds' payload: the handler stores the token and schedules every round. */
export const scheduleMetricsRoundsInput = z.extend(taskInput, {
  taskToken,
  metricsRounds: z.array(metricsRound),
  metricsTimeoutSeconds: z.optional(timeoutSeconds),
});
export type ScheduleMetricsRoundsInput = z.infer<typeof scheduleMetricsRoundsInput>;

/**
 * CollectMetrics' input: the Input of one round's EventBridge Scheduler schedule (or of a
 * rate-limit retry's schedule, with `rateLimitWaits` one higher). With `feedbackHour`, a
 * feedback-only collection that many hours after publishing (docs/feedback.md): no metrics,
 * `round` is the metric round it comes before.
 */
export const metricsTaskInput = z.extend(taskInput, {
  round,
  at: roundAt,
  rateLimitWaits,
  feedbackHour: z.optional(z.number().check(z.int(), z.gte(1), z.lte(48))),
});
export type MetricsTaskInput = z.infer<typeof metricsTaskInput>;

/** What CollectMetrics sends with SendTaskSuccess once the last planned round is recorded. */
export const metricsRoundsCollected = z.object({
  /** Rounds whose snapshots were all read; a round that failed for good is not counted. */
  roundsCollected: z.number().check(z.int(), z.gte(0)),
});
export type MetricsRoundsCollected = z.infer<typeof metricsRoundsCollected>;

/** RecordWorkflowFailure's input: the post, its execution and the caught error. */
export const workflowFailureInput = z.extend(taskInput, { failure: caughtError });
export type WorkflowFailureInput = z.infer<typeof workflowFailureInput>;

/** CompleteLifecycle's input: `metricsOutcome` holds `roundsCollected`, or the error that stopped the rounds. */
export const completionInput = z.extend(taskInput, {
  metricsOutcome: z.union([metricsRoundsCollected, caughtError]),
});
export type CompletionInput = z.infer<typeof completionInput>;

/** CompleteLifecycle's output. */
export const completionRecorded = z.object({
  postId: id,
  status: z.enum(['completed', 'publish_failed']),
  allMetricsRoundsCollected: z.boolean(),
});
export type CompletionRecorded = z.infer<typeof completionRecorded>;

/** RecordWorkflowFailure's output (the workflow discards it: FailLifecycle reads the caught error). */
export const workflowFailureRecorded = z.object({ postId: id, status: z.literal('failed') });

/**
 * What each task state is handed and answers: the payload schema its handler parses, and
 * what its result is (the Lambda's answer, or for a state that waits on a task token what the
 * callback sends). The state machine's payloads are checked against this table
 * (test/infrastructure/asl-payloads.test.ts).
 */
export const TaskPayloads = {
  [StateName.CheckPolicy]: { input: taskInput, output: lifecycleState },
  [StateName.AwaitReview]: { input: requestReviewInput, output: reviewApproval },
  [StateName.CheckReviewDeadline]: { input: taskInput, output: lifecycleState },
  [StateName.ConfirmStillScheduled]: { input: taskInput, output: scheduleCheck },
  [StateName.PublishToChannel]: { input: channelTaskInput, output: channelOutcome },
  [StateName.RecordChannelFailure]: { input: channelFailureInput, output: channelOutcome },
  [StateName.RecordPublication]: { input: publicationInput, output: publicationRecorded },
  [StateName.AwaitMetricsRounds]: { input: scheduleMetricsRoundsInput, output: metricsRoundsCollected },
  [StateName.CompleteLifecycle]: { input: completionInput, output: completionRecorded },
  [StateName.RecordWorkflowFailure]: { input: workflowFailureInput, output: workflowFailureRecorded },
} as const satisfies Partial<Record<StateName, { input: z.ZodMiniType; output: z.ZodMiniType }>>;
