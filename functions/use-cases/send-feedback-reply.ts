import { ChannelFailure, type ReplyRequest } from '../channels/core/channel-adapter.js';
import type { AdapterDeps } from '../channels/platform-session.js';
import { adapterFor } from '../channels/registry.js';
import { ConfigurationError, PublishLeaseHeldError } from '../domain/errors.js';
import { OutboundEvent } from '../domain/events.js';
import { responseSeconds } from '../domain/feedback-reply.js';
import { getBrand } from '../persistence/brands.js';
import {
  claimReplySend,
  getFeedbackRecord,
  recordReplyContainer,
  recordReplyError,
  recordReplySent,
} from '../persistence/feedback-replies.js';
import { awaitLease } from '../persistence/lease.js';
import { getPublishRecord } from '../persistence/publish-records.js';
import { replyEvent } from './feedback-access.js';

/** What one send attempt did. */
export type SendOutcome = 'sent' | 'already-settled';

/**
 * Publishes an approved reply on its platform exactly once, however often `Feedback Reply
 * Approved` is delivered and however many attempts overlap: the attempt takes the reply's lease
 * (recording its intent) or waits for the holder's outcome; after an earlier attempt it asks the
 * platform first whether that one went through (and, where the platform takes no key, never
 * posts again after a call that may have reached it); then it records the reply sent and closes
 * the feedback with its first-response time, with `Feedback Replied`, in one transaction. A
 * failure the platform may get over is thrown for Lambda to retry; a permanent one marks the
 * reply failed with `Feedback Reply Failed`.
 *
 * @example
 * ```ts
 * await sendFeedbackReply('acme.0123456789abcdef01234567', context.awsRequestId);
 * ```
 */
export async function sendFeedbackReply(
  feedbackId: string,
  attemptId: string,
  options: { deps?: AdapterDeps; remainingMs?: number } = {},
): Promise<SendOutcome> {
  const claim = await takeReplyLease(feedbackId, attemptId, options.remainingMs);
  if (claim.outcome !== 'acquired') return 'already-settled';
  const { record: reply, owner } = claim;
  const context = { feedbackId, channel: reply.channel };
  const feedback = await getFeedbackRecord(feedbackId);
  const brand = await getBrand(reply.brandId);
  const channel = brand?.channels.find((c) => c.id === reply.channel);
  const post = feedback?.postId ? await getPublishRecord(feedback.postId, reply.channel) : undefined;
  if (!feedback || !brand || !channel || !post?.externalId) {
    const error = 'the feedback, its brand channel or its post is gone: the reply cannot be sent';
    await recordReplyError(feedbackId, owner, error, {
      permanent: true,
      events: [replyEvent(reply, OutboundEvent.FeedbackReplyFailed, { error })],
    });
    throw new ConfigurationError(error, { context });
  }
  const adapter = await adapterFor(channel, brand, options.deps);
  const request: ReplyRequest = {
    idempotencyKey: `${feedbackId}:e${reply.edition}`,
    text: reply.text,
    parentId: feedback.platformId,
    postExternalId: post.externalId,
    notBefore: reply.intentAt,
    ...(reply.containerId ? { containerId: reply.containerId } : {}),
    onContainerCreated: (containerId) => recordReplyContainer(feedbackId, owner, containerId),
  };
  try {
    if (!adapter.reply) {
      throw new ChannelFailure(`channel ${reply.channel} takes no replies`, { kind: 'permanent', context });
    }
    const earlier = reply.attempts > 1 ? await adapter.findReply?.(request) : undefined;
    if (!earlier && adapter.keyless && reply.ambiguous) {
      // Without a key only the platform's list can tell, and it may lag: posting again could answer twice.
      throw new ChannelFailure('an earlier attempt may have replied and the platform does not show it yet', {
        kind: 'transient',
        ambiguous: true,
        context: { ...context, rule: 'look-before-repeat' },
      });
    }
    const sent = earlier ?? (await adapter.reply(request));
    const seconds = responseSeconds(feedback.createdAt, sent.publishedAt);
    await recordReplySent(
      feedbackId,
      owner,
      { externalId: sent.externalId, url: sent.url, sentAt: sent.publishedAt },
      seconds,
      [
        replyEvent(feedback, OutboundEvent.FeedbackReplied, {
          externalId: sent.externalId,
          url: sent.url,
          responseSeconds: seconds,
        }),
      ],
    );
    return 'sent';
  } catch (error) {
    if (!(error instanceof ChannelFailure)) throw error;
    const permanent = !error.retryable;
    await recordReplyError(feedbackId, owner, error.message, {
      ambiguous: error.ambiguous,
      permanent,
      events: [
        replyEvent(feedback, OutboundEvent.FeedbackReplyFailed, { error: error.message.slice(0, 500) }),
      ],
    });
    if (permanent) return 'already-settled';
    throw error;
  }
}

/** The lease, or the reply's settled state; while another attempt holds it, waits for its outcome within this attempt's time. */
function takeReplyLease(feedbackId: string, attemptId: string, remainingMs?: number) {
  return awaitLease(
    () => claimReplySend(feedbackId, attemptId),
    remainingMs,
    (holder) =>
      new PublishLeaseHeldError('another attempt is sending this reply and has not finished', {
        context: { feedbackId, holder },
      }),
  );
}
