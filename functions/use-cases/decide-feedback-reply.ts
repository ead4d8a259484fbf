import * as z from 'zod/mini';
import '../contract/schema-messages.js';
import { schemaProblems } from '../contract/problems.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../domain/errors.js';
import { OutboundEvent } from '../domain/events.js';
import type { ReplyStatus } from '../domain/feedback-reply.js';
import { BrandAction } from '../domain/permissions.js';
import type { Caller } from '../identity/claims.js';
import { decideReply, getReply } from '../persistence/feedback-replies.js';
import { feedbackFor, replyEvent } from './feedback-access.js';

/** The body of `POST /feedback/{feedbackId}/replies/decisions`. */
export const replyDecisionSchema = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  /** The hash of the text the approver read (`contentHash` of the reply). */
  contentHash: z.string().check(z.regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex (64 characters)')),
});

/**
 * An approver of the brand approves or rejects the reply waiting for approval, naming the hash
 * of the text they read: a reply edited since is refused (409), so an approval never lets out
 * a text nobody approved. The writer cannot approve their own reply (403). The same decision
 * again is answered as it stands.
 *
 * @example
 * ```ts
 * await decideFeedbackReply(caller, feedbackId, { decision: 'approve', contentHash });
 * ```
 */
export async function decideFeedbackReply(
  caller: Caller,
  feedbackId: string | undefined,
  body: Record<string, unknown>,
): Promise<{ feedbackId: string; status: ReplyStatus; contentHash: string }> {
  const { feedback } = await feedbackFor(caller, feedbackId, BrandAction.ApproveFeedbackReply);
  const parsed = replyDecisionSchema.safeParse(body);
  if (!parsed.success) throw new InvalidInputError(schemaProblems(parsed.error));
  const { decision, contentHash } = parsed.data;
  const context = { feedbackId: feedback.feedbackId };
  const reply = await getReply(feedback.feedbackId);
  if (!reply) throw new NotFoundError('the feedback has no reply to decide', { context });
  const status: ReplyStatus = decision === 'approve' ? 'approved' : 'rejected';
  const answer = { feedbackId: reply.feedbackId, status, contentHash };
  if (reply.contentHash !== contentHash) {
    throw new ConflictError('content-hash', 'the reply changed since this text was read: read it again', {
      context,
    });
  }
  if (reply.status !== 'pending_approval') {
    const repeated =
      reply.decidedBy === caller.subject && (reply.status === status || reply.status === 'sent');
    if (repeated) return { ...answer, status: reply.status };
    throw new ConflictError('reply-pending', `the reply is ${reply.status}, not waiting for approval`, {
      context,
    });
  }
  if (reply.requestedBy === caller.subject) {
    throw new ForbiddenError('writer-not-approver', 'the writer of a reply cannot approve or reject it', {
      context,
    });
  }
  const event =
    status === 'approved'
      ? replyEvent(feedback, OutboundEvent.FeedbackReplyApproved, { contentHash, approvedBy: caller.subject })
      : replyEvent(feedback, OutboundEvent.FeedbackReplyRejected, {
          contentHash,
          rejectedBy: caller.subject,
        });
  if (
    !(await decideReply(
      feedback.feedbackId,
      { contentHash, approve: status === 'approved', by: caller.subject },
      [event],
    ))
  ) {
    throw new ConflictError('reply-pending', 'the reply changed meanwhile: read it again', { context });
  }
  return answer;
}
