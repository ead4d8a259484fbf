/*
 * The names of the contract's events (EventBridge `DetailType`), spelled here only: the
 * outbound schemas, the catalog behind docs/events.md and the domain all key on these.
 */

/** Outbound event names (EventBridge `DetailType`); `Source` is always {@link EVENT_SOURCE}. */
export const EVENT_SOURCE = 'brandflow';

export const OutboundEvent = {
  PostSubmitted: 'Post Submitted',
  PostSubmissionRejected: 'Post Submission Rejected',
  PolicyChecked: 'Policy Checked',
  ReviewRequested: 'Review Requested',
  PostApproved: 'Post Approved',
  PostRejected: 'Post Rejected',
  ChangesRequested: 'Changes Requested',
  ReviewDecisionRefused: 'Review Decision Refused',
  ReviewStageApproved: 'Review Stage Approved',
  ReviewReminder: 'Review Reminder',
  ReviewEscalated: 'Review Escalated',
  PostRescheduled: 'Post Rescheduled',
  RescheduleRefused: 'Reschedule Refused',
  BrandProfileUpdated: 'Brand Profile Updated',
  BrandProfileRejected: 'Brand Profile Rejected',
  PostScheduled: 'Post Scheduled',
  PostEdited: 'Post Edited',
  PostCancelled: 'Post Cancelled',
  PostExpired: 'Post Expired',
  PostPublished: 'Post Published',
  ChannelPublishFailed: 'Channel Publish Failed',
  /** A channel marked failed after a call that may have reached the platform was found published after all. */
  ChannelPublishCorrected: 'Channel Publish Corrected',
  /** A channel's account refused its credentials, or their refresh failed: an operator must connect it again. */
  ChannelNeedsReconnect: 'Channel Needs Reconnect',
  MetricsCollected: 'Metrics Collected',
  PostCompleted: 'Post Completed',
  PostFailed: 'Post Failed',
  ConversionAttributed: 'Conversion Attributed',
  /** A brand's analysis report was stored; the detail says where. */
  ReportReady: 'Report Ready',
  /** A reply or comment was recorded as feedback, triaged, with its response due time (docs/feedback.md). */
  FeedbackRecorded: 'Feedback Recorded',
  /** Complaints and crisis-risk items in the last hour are well above the brand's baseline. */
  FeedbackSpikeDetected: 'Feedback Spike Detected',
  /** An open item has used most of its response target (docs/feedback.md): a reminder, once. */
  FeedbackResponseDue: 'Feedback Response Due',
  /** An open item's `dueAt` passed unanswered: escalated, once. */
  FeedbackEscalated: 'Feedback Escalated',
  /** A reply to feedback was written and waits for an approver of the brand (docs/feedback.md). */
  FeedbackReplyRequested: 'Feedback Reply Requested',
  /** A reply to feedback may go out: approved, or needing no approval. The sender publishes it once. */
  FeedbackReplyApproved: 'Feedback Reply Approved',
  /** An approver refused a reply to feedback; nothing is sent. */
  FeedbackReplyRejected: 'Feedback Reply Rejected',
  /** A reply was published on the platform and its feedback record closed with its response time. */
  FeedbackReplied: 'Feedback Replied',
  /** The platform refused a reply for good; the feedback stays open. */
  FeedbackReplyFailed: 'Feedback Reply Failed',
  /** A feedback item was hidden on its platform or marked spam (and closed) by the brand. */
  FeedbackModerated: 'Feedback Moderated',
  /** An inbound event broke the contract or was refused: tells its sender why. */
  InboundEventRejected: 'Inbound Event Rejected',
} as const;
export type OutboundEvent = (typeof OutboundEvent)[keyof typeof OutboundEvent];

/** Inbound event names (EventBridge `DetailType`) the rules route to handlers. */
export const InboundEvent = {
  SubmitPost: 'Submit Post',
  ReviewDecision: 'Review Decision',
  CancelPost: 'Cancel Post',
  ReschedulePost: 'Reschedule Post',
  UpdateBrandProfile: 'Update Brand Profile',
  ConversionRecorded: 'Conversion Recorded',
  RetryPost: 'Retry Post',
  GenerateReport: 'Generate Report',
  /** Feedback from a source Brandflow does not collect itself (docs/feedback.md). */
  FeedbackReceived: 'Feedback Received',
} as const;
export type InboundEvent = (typeof InboundEvent)[keyof typeof InboundEvent];
