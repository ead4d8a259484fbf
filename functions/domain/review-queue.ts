import { PostStatus } from './lifecycle.js';
import type { PostRecord } from './post.js';
import { decideStage } from './review-chain.js';

/** A stage waiting on one reviewer, with its SLA clock. */
export interface QueueEntry {
  postId: string;
  brandId: string;
  revision: number;
  authorId: string;
  scheduledAt: string;
  timeZone: string;
  channels: string[];
  /** The content hash an approval must carry. */
  contentHash: string;
  stage: string;
  /** Position of the stage in the post's chain (1-based) and the chain's length. */
  stageNumber: number;
  stageCount: number;
  stageStartedAt: string;
  /** When a `Review Reminder` falls due and when backups may decide; absent without that SLA step. */
  remindAt?: string;
  escalateAt?: string;
  escalated: boolean;
  /** Minutes the stage has waited at `now`. */
  waitingMinutes: number;
}

/**
 * The post's current review stage as an entry of `reviewer`'s queue, or `undefined` when it
 * does not wait on them. The review chain's own rules decide, dry-run: the author never sees
 * their own post, an approver who already approved no longer waits, backups count once the
 * stage is escalated, and a stage that names nobody waits on nobody.
 *
 * @example
 * ```ts
 * const entry = queueEntryFor(post, { subject: 'ana', groups: ['legal'] }, Date.now());
 * ```
 */
export function queueEntryFor(
  post: PostRecord,
  reviewer: { subject: string; groups: readonly string[] },
  now: number,
): QueueEntry | undefined {
  const review = post.review;
  if (post.status !== PostStatus.InReview || !review) return undefined;
  const stage = review.stages[review.stage];
  if (!stage) return undefined;
  const dryRun = decideStage(
    review,
    {
      decision: 'approve',
      reviewerId: reviewer.subject,
      reviewerGroups: reviewer.groups,
      contentHash: review.contentHash,
      requireNamedApprover: true,
    },
    post.authorId,
    new Date(now).toISOString(),
  );
  if (dryRun.kind !== 'recorded') return undefined;
  const started = Date.parse(review.stageStartedAt);
  const after = (minutes: number | undefined) =>
    minutes === undefined ? undefined : new Date(started + minutes * 60_000).toISOString();
  const remindAt = after(review.sla.reminderAfterMinutes);
  const escalateAt = after(review.sla.escalateAfterMinutes);
  return {
    postId: post.postId,
    brandId: post.brandId,
    revision: post.revision,
    authorId: post.authorId,
    scheduledAt: post.scheduledAt,
    timeZone: post.timeZone,
    channels: post.channels,
    contentHash: review.contentHash,
    stage: stage.name,
    stageNumber: review.stage + 1,
    stageCount: review.stages.length,
    stageStartedAt: review.stageStartedAt,
    ...(remindAt ? { remindAt } : {}),
    ...(escalateAt ? { escalateAt } : {}),
    escalated: review.escalated === true,
    waitingMinutes: Math.max(0, Math.floor((now - started) / 60_000)),
  };
}

/**
 * The entries of `posts` waiting on `reviewer`, the longest-waiting first.
 *
 * @example
 * ```ts
 * const queue = reviewQueue(await listCalendar(brandId, from, to), caller, Date.now());
 * ```
 */
export function reviewQueue(
  posts: readonly PostRecord[],
  reviewer: { subject: string; groups: readonly string[] },
  now: number,
): QueueEntry[] {
  return posts
    .flatMap((post) => {
      const entry = queueEntryFor(post, reviewer, now);
      return entry ? [entry] : [];
    })
    .sort((a, b) => a.stageStartedAt.localeCompare(b.stageStartedAt) || a.postId.localeCompare(b.postId));
}
