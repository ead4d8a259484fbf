import type * as z from 'zod/mini';
import { reviewDecisionSchema, reviewDecisions } from '../contract/inbound.js';
import { problem } from '../contract/problems.js';
import type { InputProblem } from './errors.js';
import { PostStatus } from './lifecycle.js';
import type { PostRecord } from './post.js';
import type { ReviewRefusalRule } from './review-chain.js';

export { reviewDecisionSchema, reviewDecisions };
export type ReviewDecisionKind = (typeof reviewDecisions)[number];
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
 * refusalReason(decision, post)?.reason; // 'revision 1 is not the current revision (2)'
 * ```
 */
export function refusalReason(
  decision: ReviewDecision,
  post: PostRecord | undefined,
  _brand?: unknown,
): { rule: ReviewRefusalRule; reason: string } | undefined {
  if (!post) return { rule: 'post-unknown', reason: 'no post has this id' };
  if (decision.revision !== post.revision) {
    return {
      rule: 'revision-current',
      reason: `revision ${decision.revision} is not the current revision (${post.revision})`,
    };
  }
  if (post.status !== PostStatus.InReview) {
    return { rule: 'review-closed', reason: `the review is closed: the post is ${post.status}` };
  }
  return undefined;
}

/**
 * {@link refusalReason} as a problem naming the field and the rule, with the refusal's own rule.
 *
 * @example
 * ```ts
 * refusalProblem(decision, post)?.problem; // { field: 'revision', rule: 'current-revision', message: 'revision 1 is not…' }
 * ```
 */
export function refusalProblem(
  decision: ReviewDecision,
  post: PostRecord | undefined,
): { rule: ReviewRefusalRule; problem: InputProblem } | undefined {
  const refusal = refusalReason(decision, post);
  if (refusal === undefined) return undefined;
  const { rule, reason } = refusal;
  if (!post) return { rule, problem: problem('postId', 'known-post', reason) };
  if (decision.revision !== post.revision)
    return { rule, problem: problem('revision', 'current-revision', reason) };
  return { rule, problem: problem('postId', 'review-open', reason) };
}
