import { detailOf } from '../aws/event-bus.js';
import { conversionRecordedSchema } from '../contract/inbound.js';
import { problem, schemaProblems } from '../contract/problems.js';
import type { InputProblem } from '../domain/errors.js';
import { OutboundEvent } from '../domain/events.js';
import { PostStatus } from '../domain/lifecycle.js';
import type { EventBridgeEnvelope } from '../middleware/schemas.js';
import { putConversion } from '../persistence/conversions.js';
import { emit } from '../persistence/outbox.js';
import { getPost } from '../persistence/posts.js';

const publishedStatuses: PostStatus[] = [
  PostStatus.Published,
  PostStatus.CollectingMetrics,
  PostStatus.Completed,
];

export type ConversionRecordedResult =
  | { status: 'recorded' | 'repeated'; postId: string; conversionId: string }
  | { status: 'rejected'; errors: InputProblem[] }
  | { status: 'refused'; reason: string; errors: InputProblem[] };

/**
 * Handles `Conversion Recorded`: stores the conversion beside its post, once per
 * `conversionId`, and answers `Conversion Attributed`. Reports read conversions per post
 * and channel.
 *
 * @example
 * ```ts
 * await recordConversion({ 'detail-type': 'Conversion Recorded', detail: { conversionId: 'order-1', postId, channel: 'x', kind: 'purchase', occurredAt } });
 * ```
 */
export async function recordConversion(event: EventBridgeEnvelope): Promise<ConversionRecordedResult> {
  const parsed = conversionRecordedSchema.safeParse(event.detail);
  if (!parsed.success) {
    return { status: 'rejected', errors: schemaProblems(parsed.error) };
  }
  const { conversionId, postId, channel, kind, value, occurredAt } = parsed.data;
  const post = await getPost(postId);
  if (!post) return refused(problem('postId', 'known-post', 'no post has this id'));
  // A conversion is attributed to a publication: a draft or a cancelled post has none.
  if (!post.publishedAt && !publishedStatuses.includes(post.status)) {
    return refused(
      problem('postId', 'published', `the post was never published: it is ${post.status.replace('_', ' ')}`),
    );
  }
  if (!post.channels.includes(channel)) {
    return refused(
      problem('channel', 'published-channel', `the post is not published on channel ${channel}`),
    );
  }
  const attributed = (repeated?: true) => ({
    type: OutboundEvent.ConversionAttributed,
    detail: detailOf(post, { conversionId, channel, kind, repeated }),
  });
  const isNew = await putConversion(
    { conversionId, postId, channel, kind, value, occurredAt, recordedAt: new Date().toISOString() },
    [attributed()],
  );
  if (!isNew) await emit(attributed(true));
  return { status: isNew ? 'recorded' : 'repeated', postId, conversionId };
}

function refused(error: InputProblem): ConversionRecordedResult {
  return { status: 'refused', reason: error.message, errors: [error] };
}
