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

/**
 * The handler file (without `.ts`) behind each inbound event rule: named after its
 * detail-type, `Submit Post` → `submit-post`, so a new inbound event needs no entry here.
 */
export const InboundHandlerFiles = Object.fromEntries(
  Object.values(InboundEvent).map((detailType) => [
    detailType,
    detailType.toLowerCase().replaceAll(' ', '-'),
  ]),
) as Record<InboundEvent, string>;

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
