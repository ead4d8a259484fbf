import { feedbackReceivedSchema } from '../contract/inbound.js';
import { problem, schemaProblems } from '../contract/problems.js';
import type { InputProblem } from '../domain/errors.js';
import { feedbackSettingsOf } from '../domain/feedback.js';
import { inboundHandler } from '../middleware/inbound-handler.js';
import type { EventBridgeEnvelope } from '../middleware/schemas.js';
import { getBrand } from '../persistence/brands.js';
import { feedbackIdOf } from '../persistence/feedback.js';
import { getPost } from '../persistence/posts.js';
import { alertOnSpike, recordFeedback } from '../use-cases/record-feedback.js';

export type FeedbackReceivedResult =
  | { status: 'recorded' | 'repeated'; feedbackId: string }
  | { status: 'rejected'; errors: InputProblem[] }
  | { status: 'refused'; reason: string; errors: InputProblem[] };

/**
 * Handles `Feedback Received`: an integrator's comment, message or survey answer becomes a
 * feedback record like a collected reply (triaged, due in business hours, author hashed),
 * once per `sourceId`.
 *
 * @example
 * ```ts
 * await receiveFeedback({ 'detail-type': 'Feedback Received', detail: { brandId: 'aurora', sourceId: 't-1', channel: 'email', text: 'Refund?', receivedAt } });
 * ```
 */
export async function receiveFeedback(event: EventBridgeEnvelope): Promise<FeedbackReceivedResult> {
  const parsed = feedbackReceivedSchema.safeParse(event.detail);
  if (!parsed.success) return { status: 'rejected', errors: schemaProblems(parsed.error) };
  const { brandId, sourceId, channel, postId, text, author, receivedAt } = parsed.data;
  const brand = await getBrand(brandId);
  if (!brand) return refused(problem('brandId', 'known-brand', 'no brand has this id'));
  const post = postId ? await getPost(postId) : undefined;
  if (postId && post?.brandId !== brandId) {
    return refused(problem('postId', 'known-post', 'no post of this brand has this id'));
  }
  const about = { postId: postId ?? '', revision: post?.revision ?? 0, brandId };
  const category = await recordFeedback(
    about,
    brand,
    channel,
    { platformId: sourceId, createdAt: new Date(Date.parse(receivedAt)).toISOString(), text, author },
    'integrator',
  );
  const isNew = category !== undefined;
  if (isNew) await alertOnSpike(about, brandId, feedbackSettingsOf(brand.feedback));
  return { status: isNew ? 'recorded' : 'repeated', feedbackId: feedbackIdOf(brandId, channel, sourceId) };
}

function refused(error: InputProblem): FeedbackReceivedResult {
  return { status: 'refused', reason: error.message, errors: [error] };
}

export const handler = inboundHandler('feedback-received', receiveFeedback);
