import type { LifecycleState } from '../../workflows/contract.js';
import type { PostRecord } from '../domain/post.js';
import { slaDue } from '../domain/review-chain.js';
import { secondsUntil, toUtc } from '../domain/time.js';

/**
 * The small state the workflow carries, from the post as stored. The review window ends at
 * the scheduled time or at the current stage's next SLA step (reminder, escalation),
 * whichever comes first; CheckReviewDeadline acts on it and waits again.
 *
 * @example
 * ```ts
 * return lifecycleStateOf(post); // { postId, revision, scheduledAt, channels, reviewTimeoutSeconds }
 * ```
 */
export function lifecycleStateOf(post: PostRecord, minimumTimeoutSeconds = 1): LifecycleState {
  const now = Date.now();
  const slaAt = post.review ? slaDue(post.review, now).nextAt : undefined;
  const windowEnd =
    slaAt !== undefined && slaAt < Date.parse(post.scheduledAt)
      ? toUtc(Math.ceil(slaAt / 1000) * 1000)
      : post.scheduledAt;
  return {
    postId: post.postId,
    revision: post.revision,
    scheduledAt: post.scheduledAt,
    channels: post.channels,
    reviewTimeoutSeconds: secondsUntil(windowEnd, now, minimumTimeoutSeconds),
  };
}
