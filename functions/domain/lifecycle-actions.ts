/**
 * Every `action` a post's lifecycle log entry may carry (docs/data-model.md lists them with
 * their details; a test keeps the two the same).
 */
export const LIFECYCLE_ACTIONS = [
  'submitted',
  'resubmitted',
  'edited',
  'policy_checked',
  'review_requested',
  'review_reminded',
  'review_escalated',
  'review_decided',
  'cancelled',
  'rescheduled',
  'retried',
  'expired',
  'publishing_started',
  'channel_failed',
  'channel_corrected',
  'published',
  'publish_failed',
  'metrics_rounds_scheduled',
  'metrics_collected',
  'metrics_round_failed',
  'completed',
  'failed',
] as const;

/** One lifecycle log action. */
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];
