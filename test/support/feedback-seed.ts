import { randomUUID } from 'node:crypto';
import { type FeedbackCategory, retentionExpiry } from '../../functions/domain/feedback.js';
import { toUtc } from '../../functions/domain/time.js';
import { feedbackIdOf, putFeedback } from '../../functions/persistence/feedback.js';

const HOUR = 3_600_000;

/** One stored feedback item of a test: what it says, its category, how long ago it was written. */
export interface SeededFeedback {
  text: string;
  category: FeedbackCategory;
  agoMs: number;
  /** Its target; with every hour a working hour, `dueAt` is that many hours after it was written. */
  slaHours?: number;
  collectedAgoMs?: number;
}

/**
 * Stores a feedback item on channel `x` as a metrics round records it (record, text with a
 * 90 days' retention and an author hash), without scheduling its checks: for tests of what is
 * read back. Returns its feedback id.
 */
export async function storeFeedback(brandId: string, item: SeededFeedback): Promise<string> {
  const platformId = randomUUID();
  const feedbackId = feedbackIdOf(brandId, 'x', platformId);
  const createdAt = Date.now() - item.agoMs;
  const collectedAt = Date.now() - (item.collectedAgoMs ?? 0);
  await putFeedback(
    {
      feedbackId,
      brandId,
      postId: 'seeded-post',
      channel: 'x',
      platformId,
      source: 'platform',
      createdAt: new Date(createdAt).toISOString(),
      collectedAt: new Date(collectedAt).toISOString(),
      category: item.category,
      rule: { kind: 'term', term: item.text.split(' ')[0] ?? '', fromProfile: false },
      status: 'open',
      ...(item.slaHours ? { dueAt: toUtc(createdAt + item.slaHours * HOUR) } : {}),
    },
    { feedbackId, text: item.text, authorHash: 'a1b2c3d4', expiresAt: retentionExpiry(collectedAt, 90) },
  );
  return feedbackId;
}
