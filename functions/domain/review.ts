import { z } from 'zod';
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
    /** The stage decided; the post's current stage when omitted. */
    stage: z.string().min(1).max(40).optional(),
    /** The content hash the reviewer saw (from `Review Requested`); refused when the post changed since. */
    contentHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'a sha256 hex digest')
      .optional(),
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
 * Why a decision cannot be applied to the post as stored, or `undefined` when it can go to
 * the review chain (which checks the stage, the approvers and separation of duties).
 *
 * @example
 * ```ts
 * refusalReason(decision, post); // 'revision 1 is not the current revision (2)'
 * ```
 */
export function refusalReason(
  decision: ReviewDecision,
  post: PostRecord | undefined,
  _brand?: unknown,
): string | undefined {
  if (!post) return 'no post has this id';
  if (decision.revision !== post.revision) {
    return `revision ${decision.revision} is not the current revision (${post.revision})`;
  }
  if (post.status !== PostStatus.InReview) return `the review is closed: the post is ${post.status}`;
  return undefined;
}
