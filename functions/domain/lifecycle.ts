/**
 * Post statuses and which status may follow which. Every status change in persistence is a
 * conditional write that checks the current status against this table.
 */
export const PostStatus = {
  Draft: 'draft',
  Submitted: 'submitted',
  RejectedByPolicy: 'rejected_by_policy',
  InReview: 'in_review',
  Approved: 'approved',
  Scheduled: 'scheduled',
  ChangesRequested: 'changes_requested',
  Rejected: 'rejected',
  Expired: 'expired',
  Cancelled: 'cancelled',
  Publishing: 'publishing',
  Published: 'published',
  PublishFailed: 'publish_failed',
  CollectingMetrics: 'collecting_metrics',
  Completed: 'completed',
  Failed: 'failed',
} as const;
export type PostStatus = (typeof PostStatus)[keyof typeof PostStatus];

const S = PostStatus;

/** Allowed moves: `from → [to...]`. A status absent from a list cannot be reached from `from`. */
export const statusTransitions: Readonly<Record<PostStatus, readonly PostStatus[]>> = {
  [S.Draft]: [S.Submitted, S.Cancelled],
  [S.Submitted]: [S.Submitted, S.InReview, S.RejectedByPolicy, S.Cancelled, S.Failed],
  [S.InReview]: [
    S.InReview,
    S.Submitted,
    S.Scheduled,
    S.Rejected,
    S.ChangesRequested,
    S.Expired,
    S.Cancelled,
    S.Failed,
  ],
  [S.Approved]: [S.Scheduled, S.Submitted, S.Cancelled, S.Failed],
  [S.Scheduled]: [S.Scheduled, S.Submitted, S.Publishing, S.Cancelled, S.Failed],
  [S.ChangesRequested]: [S.Submitted, S.Cancelled],
  [S.RejectedByPolicy]: [S.Submitted, S.Cancelled],
  [S.Expired]: [S.Submitted, S.Cancelled],
  [S.Rejected]: [],
  [S.Cancelled]: [],
  [S.Publishing]: [S.Published, S.PublishFailed, S.Failed],
  [S.Published]: [S.CollectingMetrics, S.Completed, S.Failed],
  // A channel that failed after an ambiguous call may be found published by a later re-check.
  [S.PublishFailed]: [S.PublishFailed, S.CollectingMetrics, S.Failed],
  [S.CollectingMetrics]: [S.CollectingMetrics, S.Completed, S.Failed],
  [S.Completed]: [],
  // Only a Retry Post moves a failed post, to a new run of its revision.
  [S.Failed]: [S.Submitted],
};

/**
 * Whether a post may move from one status to another.
 *
 * @example
 * ```ts
 * canMove('in_review', 'scheduled'); // true
 * canMove('published', 'cancelled'); // false
 * ```
 */
export function canMove(from: PostStatus, to: PostStatus): boolean {
  return statusTransitions[from].includes(to);
}

/** The statuses from which `to` may be reached: what a conditional write checks. */
export function statusesThatMayMoveTo(to: PostStatus): PostStatus[] {
  return (Object.keys(statusTransitions) as PostStatus[]).filter((from) => canMove(from, to));
}

/** Statuses in which the running execution still owns the post and an edit keeps it. */
export const editableInFlight: readonly PostStatus[] = [S.Submitted, S.InReview, S.Approved, S.Scheduled];

/** Statuses whose execution has ended without publishing: a new revision starts a new execution. */
export const restartable: readonly PostStatus[] = [
  S.Draft,
  S.ChangesRequested,
  S.RejectedByPolicy,
  S.Expired,
];

/** Statuses a cancellation may leave. */
export const cancellable: readonly PostStatus[] = [...editableInFlight, ...restartable];

/** Statuses past which nothing of the post may change but its metrics. */
export const isPublishedOrLater = (status: PostStatus): boolean =>
  ([S.Publishing, S.Published, S.PublishFailed, S.CollectingMetrics, S.Completed] as PostStatus[]).includes(
    status,
  );

/**
 * Whether a new time would move a post earlier while its workflow sleeps in
 * WaitUntilScheduledTime. A Step Functions Wait cannot be woken early, so such a move would
 * publish at the old time; it is refused instead of silently honoured late.
 *
 * @example
 * ```ts
 * movesEarlierWhileWaiting({ status: 'scheduled', scheduledAt: '2030-01-02T09:00:00Z' }, '2030-01-01T09:00:00Z'); // true
 * ```
 */
export function movesEarlierWhileWaiting(
  post: { status: PostStatus; scheduledAt: string },
  newScheduledAt: string,
): boolean {
  const waiting = post.status === S.Approved || post.status === S.Scheduled;
  return waiting && Date.parse(newScheduledAt) < Date.parse(post.scheduledAt);
}

/** The reason given when {@link movesEarlierWhileWaiting} refuses a new time. */
export const earlierWhileWaitingMessage =
  'an approved post waits for its time and cannot be moved earlier; cancel it and submit it as a new post';
