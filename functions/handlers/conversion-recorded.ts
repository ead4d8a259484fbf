import { detailOf } from '../aws/event-bus.js';
import { conversionRecordedSchema } from '../contract/inbound.js';
import type { InputProblem } from '../domain/errors.js';
import { OutboundEvent } from '../domain/events.js';
import { issueProblems } from '../domain/schema-messages.js';
import { inboundHandler } from '../middleware/inbound-handler.js';
import type { EventBridgeEnvelope } from '../middleware/schemas.js';
import { putConversion } from '../persistence/conversions.js';
import { emit } from '../persistence/outbox.js';
import { getPost } from '../persistence/posts.js';

export type ConversionRecordedResult =
  | { status: 'recorded' | 'repeated'; postId: string; conversionId: string }
  | { status: 'rejected'; errors: InputProblem[] }
  | { status: 'refused'; reason: string };

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
    return {
      status: 'rejected',
      errors: issueProblems(parsed.error, '(detail)'),
    };
  }
  const { conversionId, postId, channel, kind, value, occurredAt } = parsed.data;
  const post = await getPost(postId);
  if (!post) return { status: 'refused', reason: 'no post has this id' };
  if (!post.channels.includes(channel)) {
    return { status: 'refused', reason: `the post is not published on channel ${channel}` };
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

export const handler = inboundHandler('conversion-recorded', recordConversion);
