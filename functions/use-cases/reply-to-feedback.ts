import * as z from 'zod/mini';
import '../contract/schema-messages.js';
import { replyTextProblems } from '../channels/reply-check.js';
import { schemaProblems } from '../contract/problems.js';
import { ConflictError, InvalidInputError } from '../domain/errors.js';
import { OutboundEvent } from '../domain/events.js';
import { feedbackSettingsOf } from '../domain/feedback.js';
import {
  MAX_REPLY_TEXT_LENGTH,
  policyProblems,
  type ReplyStatus,
  replyContentHash,
  replyNeedsApproval,
  replyPolicy,
} from '../domain/feedback-reply.js';
import { BrandAction } from '../domain/permissions.js';
import type { Caller } from '../identity/claims.js';
import { getBrand } from '../persistence/brands.js';
import { type FeedbackReplyRecord, getReply, saveReply } from '../persistence/feedback-replies.js';
import { feedbackFor, replyEvent } from './feedback-access.js';

/** The body of `POST /feedback/{feedbackId}/replies`. */
export const replyBodySchema = z.strictObject({
  text: z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_REPLY_TEXT_LENGTH)),
});

/** What writing a reply answers: where it stands and the hash an approver names. */
export interface ReplyAnswer {
  feedbackId: string;
  status: ReplyStatus;
  contentHash: string;
  edition: number;
}

/**
 * Writes the verified caller's reply to a feedback item, or edits their reply not yet
 * approved. Refused with nothing written: an unknown item (404), a caller who may not reply
 * (403), closed feedback or a channel without replies (409), a text over the platform's limit
 * or failing the brand policy (400). A reply to a category of the brand's `replyApproval`, or
 * one the policy warns about, waits for an approver (`Feedback Reply Requested`); any other
 * goes straight to sending (`Feedback Reply Approved`). The same text again is answered as it
 * stands, so a retried request changes nothing.
 *
 * @example
 * ```ts
 * const answer = await replyToFeedback(caller, 'acme.0123456789abcdef01234567', { text: 'Thanks!' });
 * ```
 */
export async function replyToFeedback(
  caller: Caller,
  feedbackId: string | undefined,
  body: Record<string, unknown>,
  now = Date.now(),
): Promise<ReplyAnswer> {
  const { feedback } = await feedbackFor(caller, feedbackId, BrandAction.ReplyFeedback);
  const parsed = replyBodySchema.safeParse(body);
  if (!parsed.success) throw new InvalidInputError(schemaProblems(parsed.error));
  const { text } = parsed.data;
  const context = { feedbackId: feedback.feedbackId };
  if (feedback.status !== 'open') {
    throw new ConflictError('feedback-open', 'the feedback is closed: it was answered already', { context });
  }
  const brand = await getBrand(feedback.brandId);
  const channel = brand?.channels.find((c) => c.id === feedback.channel);
  const tooLong = brand && channel && feedback.postId ? await replyTextProblems(channel, text) : undefined;
  if (!brand || !tooLong) {
    throw new ConflictError('replyable', `channel ${feedback.channel} takes no replies from Brandflow`, {
      context,
    });
  }
  const policy = replyPolicy(brand, feedback.feedbackId, feedback.channel, text, now);
  const problems = [...tooLong, ...policyProblems(policy)];
  if (problems.length > 0) throw new InvalidInputError(problems, { context });

  const contentHash = replyContentHash(feedback.channel, text);
  const previous = await getReply(feedback.feedbackId);
  if (
    previous?.contentHash === contentHash &&
    previous.status !== 'rejected' &&
    previous.status !== 'failed'
  ) {
    return answerOf(previous);
  }
  if (previous && (previous.status === 'approved' || previous.status === 'sent')) {
    throw new ConflictError('reply-editable', `the reply is ${previous.status} and can no longer change`, {
      context,
    });
  }
  const waits = replyNeedsApproval(feedback.category, feedbackSettingsOf(brand.feedback), policy.outcome);
  const at = new Date(now).toISOString();
  const reply: FeedbackReplyRecord = {
    feedbackId: feedback.feedbackId,
    brandId: feedback.brandId,
    postId: feedback.postId,
    channel: feedback.channel,
    text,
    contentHash,
    edition: (previous?.edition ?? 0) + 1,
    status: waits ? 'pending_approval' : 'approved',
    requestedBy: caller.subject,
    requestedAt: at,
    attempts: 0,
    ...(waits ? {} : { decidedBy: caller.subject, decidedAt: at }),
  };
  const event = waits
    ? replyEvent(feedback, OutboundEvent.FeedbackReplyRequested, { contentHash, requestedBy: caller.subject })
    : replyEvent(feedback, OutboundEvent.FeedbackReplyApproved, { contentHash, approvedBy: caller.subject });
  if (!(await saveReply(reply, previous?.edition, [event]))) {
    throw new ConflictError('reply-editable', 'the feedback or its reply changed meanwhile: read it again', {
      context,
    });
  }
  return answerOf(reply);
}

function answerOf(reply: FeedbackReplyRecord): ReplyAnswer {
  return {
    feedbackId: reply.feedbackId,
    status: reply.status,
    contentHash: reply.contentHash,
    edition: reply.edition,
  };
}
