import { detailOf, type OutboundEntry } from '../aws/event-bus.js';
import { NotFoundError } from '../domain/errors.js';
import type { OutboundEvent } from '../domain/events.js';
import type { BrandAction } from '../domain/permissions.js';
import { requirePermission } from '../identity/access.js';
import type { Caller } from '../identity/claims.js';
import { type FeedbackRecord, parseFeedbackId } from '../persistence/feedback.js';
import { getFeedbackRecord } from '../persistence/feedback-replies.js';

/**
 * The feedback a caller may act on for `action`: its brand's permission first (a stranger
 * learns nothing of the brand's feedback), then the record, or a {@link NotFoundError}.
 *
 * @example
 * ```ts
 * const { feedback, access } = await feedbackFor(caller, feedbackId, BrandAction.ReplyFeedback);
 * ```
 */
export async function feedbackFor(caller: Caller, feedbackId: string | undefined, action: BrandAction) {
  const parsed = feedbackId ? parseFeedbackId(feedbackId) : undefined;
  if (!feedbackId || !parsed) throw new NotFoundError('no feedback has this id');
  const access = await requirePermission(caller, parsed.brandId, action);
  const feedback = await getFeedbackRecord(feedbackId);
  if (!feedback) throw new NotFoundError('no feedback has this id', { context: { feedbackId } });
  return { feedback, access };
}

/**
 * An event about a feedback item's reply: its post (revision 0: a reply belongs to no revision),
 * the feedback id and channel, and `extra`.
 *
 * @example
 * ```ts
 * replyEvent(feedback, OutboundEvent.FeedbackReplied, { externalId, url, responseSeconds });
 * ```
 */
export function replyEvent(
  feedback: Pick<FeedbackRecord, 'postId' | 'brandId' | 'feedbackId' | 'channel'>,
  type: OutboundEvent,
  extra: Record<string, unknown>,
): OutboundEntry {
  return {
    type,
    detail: detailOf(
      { postId: feedback.postId, revision: 0, brandId: feedback.brandId },
      { feedbackId: feedback.feedbackId, channel: feedback.channel, ...extra },
    ),
  };
}
