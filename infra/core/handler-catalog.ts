import { InboundEvent } from '../../functions/domain/events.js';
import type { LifecycleFunctions } from '../../workflows/post-lifecycle.js';

/** Where the handlers live, relative to the repository root. */
const HANDLERS_DIR = 'functions/handlers';

/**
 * The handler file (without `.ts`) behind each state machine task.
 * Typed against {@link LifecycleFunctions} so a task added to the workflow fails the build here.
 */
export const LifecycleHandlerFiles = {
  checkPolicy: 'check-policy',
  requestReview: 'request-review',
  checkReviewDeadline: 'check-review-deadline',
  confirmStillScheduled: 'confirm-still-scheduled',
  publishToChannel: 'publish-to-channel',
  recordChannelFailure: 'record-channel-failure',
  recordPublication: 'record-publication',
  collectMetrics: 'collect-metrics',
  scheduleMetricsRounds: 'schedule-metrics-rounds',
  completeLifecycle: 'complete-lifecycle',
  recordWorkflowFailure: 'record-workflow-failure',
} as const satisfies Record<keyof LifecycleFunctions, string>;

/** The handler file (without `.ts`) behind each inbound event rule. */
export const InboundHandlerFiles = {
  [InboundEvent.SubmitPost]: 'submit-post',
  [InboundEvent.ReviewDecision]: 'review-decision',
  [InboundEvent.CancelPost]: 'cancel-post',
  [InboundEvent.ReschedulePost]: 'reschedule-post',
  [InboundEvent.UpdateBrandProfile]: 'update-brand-profile',
  [InboundEvent.ConversionRecorded]: 'conversion-recorded',
  [InboundEvent.RetryPost]: 'retry-post',
  [InboundEvent.GenerateReport]: 'generate-report',
  [InboundEvent.FeedbackReceived]: 'feedback-received',
} as const satisfies Record<InboundEvent, string>;

/** The handler file (without `.ts`) of each function only EventBridge Scheduler invokes, outside the workflow. */
export const ScheduledHandlerFiles = {
  checkFeedbackSla: 'check-feedback-sla',
} as const;

/**
 * The entry path of a handler, relative to the repository root, as recorded in the
 * `brandflow:entry` template metadata.
 *
 * @example
 * ```ts
 * handlerEntry('submit-post'); // 'functions/handlers/submit-post.ts'
 * ```
 */
export function handlerEntry(file: string): string {
  return `${HANDLERS_DIR}/${file}.ts`;
}
