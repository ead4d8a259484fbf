import type { ApiRouteKey } from '../../functions/contract/api-routes.js';
import { InboundEvent, OutboundEvent } from '../../functions/domain/events.js';
import type { LifecycleFunctions } from '../../workflows/post-lifecycle.js';
import type { ScheduledHandlerFiles } from './handler-catalog.js';

/** Item reads: GetItem (brands, publish records), Query (a post's items, its log, records). */
const READ = ['dynamodb:GetItem', 'dynamodb:Query'] as const;
/** A post change (persistence/posts.ts): TransactWriteItems of Update, Put (log) and ConditionCheck. */
const CHANGE_POST = ['dynamodb:UpdateItem', 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem'] as const;

/** The Step Functions calls a function makes on the lifecycle state machine. */
export type LifecycleAction = 'states:StartExecution' | 'states:SendTaskSuccess' | 'states:SendTaskFailure';

/**
 * Every AWS action one function calls, read from its code (its handler and what it imports).
 * The stack grants exactly this (infra/constructs/function-grants.ts); the local run enforces
 * the result (local/iam), and test/infrastructure/function-access.test.ts checks the detail
 * types and Step Functions calls against the code.
 */
export interface FunctionAccess {
  /** DynamoDB actions on the table's items. Never Scan, never DeleteItem: no code path calls them. */
  table: readonly string[];
  /** Queries the calendar index and reads the posts it lists (BatchGetItem). */
  calendar?: boolean;
  /** Detail types it puts on the bus, always with source `brandflow`. */
  emits: readonly OutboundEvent[];
  lifecycle?: readonly LifecycleAction[];
  /**
   * Creates one-time schedules in the metric rounds' group (and passes their role to
   * Scheduler): the rounds, and the checks of new feedback items (`Feedback Response Due`,
   * `Feedback Escalated`).
   */
  schedulesRounds?: boolean;
  /**
   * Channel credentials: `read-write` where an adapter may refresh an OAuth token and write it
   * back (publishing and metrics); `describe` reads only the account bindings (secret tags).
   */
  channelSecrets?: 'describe' | 'read' | 'read-write';
  /** Creates and updates brands' report schedules (and passes their role to Scheduler). */
  schedulesReports?: boolean;
  /**
   * The reports bucket: `write` puts report objects (`s3:PutObject` on `reports/*`); `read`
   * presigns links that open them (`s3:GetObject` on `reports/*`). Nothing else.
   */
  reports?: 'write' | 'read';
  /**
   * The asset library's bucket (infra/constructs/asset-library.ts): `announce` presigns uploads
   * (`s3:PutObject` on `incoming/*`); `ingest` reads an upload, stores the checked file (and
   * the original where kept) and removes the upload; `publish` reads the stored files (any
   * version) to upload them to the platforms, and reads and writes their platform variants
   * (`variants/*`).
   */
  assets?: 'announce' | 'ingest' | 'publish';
  /**
   * Records feedback: reads the stack's feedback author key (`secretsmanager:GetSecretValue`
   * on that one secret, infra/constructs/feedback-author-key.ts) to hash authors.
   */
  feedbackAuthorKey?: boolean;
}

/** Every inbound handler records the events it processed and those it refused (middleware/inbound-handler.ts). */
const INBOUND_RECORDS = ['dynamodb:GetItem', 'dynamodb:PutItem'] as const;
const INBOUND_REFUSAL = OutboundEvent.InboundEventRejected;

/** Submitting or editing a post: by event or at the front door. */
const SUBMIT_POST = {
  table: [...READ, ...CHANGE_POST],
  emits: [
    OutboundEvent.PostSubmitted,
    OutboundEvent.PostSubmissionRejected,
    OutboundEvent.PostEdited,
    INBOUND_REFUSAL,
  ],
  lifecycle: ['states:StartExecution', 'states:SendTaskFailure'],
} as const satisfies FunctionAccess;

/** Deciding a review stage: by event or at the front door. */
const DECIDE_REVIEW = {
  table: [...READ, ...CHANGE_POST],
  emits: [
    OutboundEvent.ReviewStageApproved,
    OutboundEvent.PostApproved,
    OutboundEvent.PostScheduled,
    OutboundEvent.PostRejected,
    OutboundEvent.ChangesRequested,
    OutboundEvent.ReviewDecisionRefused,
    INBOUND_REFUSAL,
  ],
  lifecycle: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
} as const satisfies FunctionAccess;

/** Cancelling a post: by event or at the front door. */
const CANCEL_POST = {
  table: [...READ, ...CHANGE_POST],
  emits: [OutboundEvent.PostCancelled, INBOUND_REFUSAL],
  lifecycle: ['states:SendTaskFailure'],
} as const satisfies FunctionAccess;

/** Moving a post: by event or at the front door. */
const RESCHEDULE_POST = {
  table: [...READ, ...CHANGE_POST],
  emits: [OutboundEvent.PostRescheduled, OutboundEvent.RescheduleRefused, INBOUND_REFUSAL],
  lifecycle: ['states:SendTaskFailure'],
} as const satisfies FunctionAccess;

/**
 * A use case behind the front door: what its inbound function may do, less the inbound
 * middleware's refusal event (the route answers a refusal as problem details instead).
 */
const atFrontDoor = (access: FunctionAccess): FunctionAccess => ({
  ...access,
  emits: access.emits.filter((type) => type !== INBOUND_REFUSAL),
});

/**
 * What each function may do, by its `brandflow:role`: the lifecycle task it runs or the inbound
 * detail type it handles.
 *
 * @example
 * ```ts
 * FunctionAccessByRole.checkPolicy.emits; // ['Policy Checked']
 * ```
 */
export const FunctionAccessByRole = {
  checkPolicy: { table: [...READ, ...CHANGE_POST], calendar: true, emits: [OutboundEvent.PolicyChecked] },
  requestReview: {
    table: [...READ, ...CHANGE_POST],
    emits: [OutboundEvent.ReviewRequested],
    // Replays a decision that came before the token was stored.
    lifecycle: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
  },
  checkReviewDeadline: {
    table: [...READ, ...CHANGE_POST],
    emits: [OutboundEvent.ReviewReminder, OutboundEvent.ReviewEscalated, OutboundEvent.PostExpired],
  },
  confirmStillScheduled: { table: [...READ, ...CHANGE_POST], emits: [] },
  publishToChannel: {
    // Publish records are updated in place; the sandbox adapter puts its simulated posts.
    table: [...READ, 'dynamodb:UpdateItem', 'dynamodb:PutItem'],
    emits: [OutboundEvent.ChannelNeedsReconnect],
    channelSecrets: 'read-write',
    assets: 'publish',
  },
  recordChannelFailure: {
    table: [...READ, 'dynamodb:UpdateItem', 'dynamodb:PutItem'],
    emits: [OutboundEvent.ChannelPublishFailed],
  },
  recordPublication: { table: [...READ, ...CHANGE_POST], emits: [OutboundEvent.PostPublished] },
  collectMetrics: {
    // BatchGetItem: which replies a round read again are recorded already (persistence/feedback.ts).
    table: [...READ, ...CHANGE_POST, 'dynamodb:BatchGetItem'],
    emits: [
      OutboundEvent.MetricsCollected,
      OutboundEvent.ChannelNeedsReconnect,
      OutboundEvent.ChannelPublishCorrected,
      OutboundEvent.FeedbackRecorded,
      OutboundEvent.FeedbackSpikeDetected,
    ],
    // Closes the AwaitMetricsRounds wait after the last round.
    lifecycle: ['states:SendTaskSuccess'],
    schedulesRounds: true,
    channelSecrets: 'read-write',
    feedbackAuthorKey: true,
  },
  scheduleMetricsRounds: {
    table: [...READ, ...CHANGE_POST],
    emits: [],
    lifecycle: ['states:SendTaskSuccess'],
    schedulesRounds: true,
  },
  completeLifecycle: { table: [...READ, ...CHANGE_POST], emits: [OutboundEvent.PostCompleted] },
  recordWorkflowFailure: { table: [...READ, ...CHANGE_POST], emits: [OutboundEvent.PostFailed] },
  [InboundEvent.SubmitPost]: SUBMIT_POST,
  [InboundEvent.ReviewDecision]: DECIDE_REVIEW,
  [InboundEvent.CancelPost]: CANCEL_POST,
  [InboundEvent.ReschedulePost]: RESCHEDULE_POST,
  [InboundEvent.UpdateBrandProfile]: {
    // A profile version and the current profile, put in one transaction.
    table: [...INBOUND_RECORDS],
    emits: [OutboundEvent.BrandProfileUpdated, OutboundEvent.BrandProfileRejected, INBOUND_REFUSAL],
    // A profile may only name accounts connected for its brand: the bindings are secret tags.
    channelSecrets: 'describe',
    schedulesReports: true,
  },
  [InboundEvent.RetryPost]: {
    table: [...READ, ...CHANGE_POST],
    emits: [OutboundEvent.PostSubmitted, INBOUND_REFUSAL],
    lifecycle: ['states:StartExecution'],
  },
  [InboundEvent.ConversionRecorded]: {
    // The conversion and its post's count per channel, in one transaction.
    table: [...READ, 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    emits: [OutboundEvent.ConversionAttributed, INBOUND_REFUSAL],
  },
  [InboundEvent.GenerateReport]: {
    // The brand, its posts' snapshots and conversion counts; the report index, best times, the outbox.
    table: [...READ, 'dynamodb:PutItem'],
    calendar: true,
    emits: [OutboundEvent.ReportReady, INBOUND_REFUSAL],
    reports: 'write',
  },
  [InboundEvent.FeedbackReceived]: {
    // The record, its text and its hour's count in one transaction; the spike alert's own item.
    table: [...INBOUND_RECORDS, 'dynamodb:Query', 'dynamodb:UpdateItem'],
    emits: [OutboundEvent.FeedbackRecorded, OutboundEvent.FeedbackSpikeDetected, INBOUND_REFUSAL],
    // A new item's reminder and escalation checks.
    schedulesRounds: true,
    feedbackAuthorKey: true,
  },
  // The front door's routes (functions/contract/api-routes.ts): the same use cases as the inbound
  // events, behind a verified caller whose memberships they read. Their events go to the outbox.
  'POST /posts': atFrontDoor(SUBMIT_POST),
  'POST /posts/{postId}/decisions': atFrontDoor(DECIDE_REVIEW),
  'POST /posts/{postId}/cancel': atFrontDoor(CANCEL_POST),
  'POST /posts/{postId}/reschedule': atFrontDoor(RESCHEDULE_POST),
  'GET /posts/{postId}': { table: [...READ], emits: [] },
  'GET /brands/{brandId}/calendar': { table: [...READ], calendar: true, emits: [] },
  'PUT /brands/{brandId}/profile': {
    table: [...READ, 'dynamodb:PutItem'],
    emits: [OutboundEvent.BrandProfileUpdated, OutboundEvent.BrandProfileRejected],
    channelSecrets: 'describe',
    schedulesReports: true,
  },
  // A membership change is a record of its own; it emits nothing.
  'PUT /brands/{brandId}/members/{memberId}': { table: [...READ, 'dynamodb:PutItem'], emits: [] },
  // The review portal's reads: items and the calendar index (docs/portal.md).
  'GET /posts/{postId}/story': { table: [...READ], emits: [] },
  'GET /brands/{brandId}': { table: [...READ], emits: [] },
  'GET /brands/{brandId}/reviews': { table: [...READ], calendar: true, emits: [] },
  'GET /brands/{brandId}/rejections': { table: [...READ], calendar: true, emits: [] },
  'GET /brands/{brandId}/reports/latest': { table: [...READ], emits: [], reports: 'read' },
  // The asset library (docs/media.md): a pending record put if absent, then marked ready.
  'POST /brands/{brandId}/assets': { table: [...READ, 'dynamodb:PutItem'], emits: [], assets: 'announce' },
  'POST /brands/{brandId}/assets/{assetId}/complete': {
    table: [...READ, 'dynamodb:UpdateItem'],
    emits: [],
    assets: 'ingest',
  },
  'GET /brands/{brandId}/assets': { table: [...READ], emits: [] },
  // Invoked by a feedback item's one-time schedules: the record's marker (a conditional
  // UpdateItem), then the event's own outbox item (a conditional PutItem).
  checkFeedbackSla: {
    table: [...READ, 'dynamodb:UpdateItem', 'dynamodb:PutItem'],
    emits: [OutboundEvent.FeedbackResponseDue, OutboundEvent.FeedbackEscalated],
  },
  // The inbox: a Query of the brand's feedback records, then their texts in one BatchGetItem.
  'GET /brands/{brandId}/feedback': { table: [...READ, 'dynamodb:BatchGetItem'], emits: [] },
  // A reply (and its outbox item) put in one transaction that checks the feedback is open.
  'POST /feedback/{feedbackId}/replies': {
    table: [...READ, 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem'],
    emits: [OutboundEvent.FeedbackReplyRequested, OutboundEvent.FeedbackReplyApproved],
  },
  'POST /feedback/{feedbackId}/replies/decisions': {
    table: [...READ, 'dynamodb:UpdateItem', 'dynamodb:PutItem'],
    emits: [OutboundEvent.FeedbackReplyApproved, OutboundEvent.FeedbackReplyRejected],
  },
  // Hides on the platform (credentials read, never refreshed here), then marks the record and puts
  // its outbox item in one transaction.
  'POST /feedback/{feedbackId}/moderation': {
    table: [...READ, 'dynamodb:UpdateItem', 'dynamodb:PutItem'],
    emits: [OutboundEvent.FeedbackModerated],
    channelSecrets: 'read',
  },
  // Sends an approved reply to feedback once (docs/feedback.md): the lease and the outcome are
  // updates; the outcome's outbox item is a put, with the feedback's update, in one transaction.
  sendFeedbackReply: {
    table: [...READ, 'dynamodb:UpdateItem', 'dynamodb:PutItem'],
    emits: [OutboundEvent.FeedbackReplied, OutboundEvent.FeedbackReplyFailed],
    channelSecrets: 'read-write',
  },
} as const satisfies Record<
  | keyof LifecycleFunctions
  | InboundEvent
  | ApiRouteKey
  | keyof typeof ScheduledHandlerFiles
  | 'sendFeedbackReply',
  FunctionAccess
>;

/** A role of {@link FunctionAccessByRole}. */
export type FunctionRole = keyof typeof FunctionAccessByRole;
