import { z } from 'zod';
import type { BrandProfile } from './brand.js';
import { PostStatus } from './lifecycle.js';
import { idPattern, type PostRecord } from './post.js';

export const reviewDecisions = ['approve', 'reject', 'request_changes'] as const;
export type ReviewDecisionKind = (typeof reviewDecisions)[number];

/** A `Review Decision` event's detail. */
export const reviewDecisionSchema = z
  .object({
    postId: z.string().regex(idPattern),
    revision: z.number().int().min(1),
    decision: z.enum(reviewDecisions),
    reviewer: z.object({ id: z.string().min(1).max(128) }),
    comment: z.string().max(2000).optional(),
  })
  .refine((d) => d.decision === 'approve' || (d.comment ?? '').trim().length > 0, {
    path: ['comment'],
    message: 'a comment is required to reject or request changes',
  });
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;

/** What a decision does to the post and which workflow error, if any, ends the review. */
export const decisionOutcome = {
  approve: { status: PostStatus.Scheduled, taskError: undefined },
  reject: { status: PostStatus.Rejected, taskError: 'ReviewRejected' },
  request_changes: { status: PostStatus.ChangesRequested, taskError: 'ChangesRequested' },
} as const satisfies Record<ReviewDecisionKind, { status: PostStatus; taskError: string | undefined }>;

/**
 * Why a decision cannot be applied to the post as stored, or `undefined` when it can.
 *
 * @example
 * ```ts
 * refusalReason(decision, post, brand); // 'the reviewer wrote the post and cannot review it'
 * ```
 */
export function refusalReason(
  decision: ReviewDecision,
  post: PostRecord | undefined,
  brand: BrandProfile | undefined,
): string | undefined {
  if (!post) return 'no post has this id';
  if (decision.revision !== post.revision) {
    return `revision ${decision.revision} is not the current revision (${post.revision})`;
  }
  if (post.status !== PostStatus.InReview) return `the review is closed: the post is ${post.status}`;
  if (decision.reviewer.id === post.authorId) return 'the reviewer wrote the post and cannot review it';
  if (brand?.reviewers && !brand.reviewers.includes(decision.reviewer.id)) {
    return 'the reviewer is not one of the brand reviewers';
  }
  return undefined;
}
