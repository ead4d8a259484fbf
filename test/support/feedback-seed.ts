import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type FeedbackCategory, retentionExpiry } from '../../functions/domain/feedback.js';
import { toUtc } from '../../functions/domain/time.js';
import { feedbackIdOf, putFeedback } from '../../functions/persistence/feedback.js';
import { getBrand, putMembership } from '../../functions/persistence/index.js';
import { recordFeedback } from '../../functions/use-cases/record-feedback.js';
import { seedConnectedBrand, uniqueId } from '../workflow/support.js';
import { REPLY_TOKEN } from './platforms/replies.js';

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

/**
 * A brand connected to the fake Mastodon at `platformUrl` (an editor-1 and a viewer-1), a published post
 * and one feedback item under it, on the twin's table.
 *
 * @example
 * ```ts
 * const { feedbackId } = await publishedFeedback(fake.server.url, 'Where can I buy it?');
 * ```
 */
export async function publishedFeedback(platformUrl: string, text: string) {
  const { brandId } = await seedConnectedBrand(
    { id: 'mastodon', adapter: 'mastodon', maxLength: 500, settings: { instanceUrl: platformUrl } },
    { accessToken: REPLY_TOKEN },
  );
  const at = new Date().toISOString();
  for (const [memberId, role] of [
    ['editor-1', 'editor'],
    ['viewer-1', 'viewer'],
  ] as const) {
    await putMembership({ brandId, memberId, roles: [role], updatedBy: 'admin-1', updatedAt: at });
  }
  const postId = uniqueId('post');
  await DynamoDBDocumentClient.from(new DynamoDBClient({})).send(
    new PutCommand({
      TableName: process.env.TABLE_NAME,
      Item: {
        pk: `POST#${postId}`,
        sk: 'PUBLISH#mastodon',
        channel: 'mastodon',
        status: 'published',
        externalId: uniqueId('status'),
        url: `${platformUrl}/@acme/1`,
        publishedAt: at,
      },
    }),
  );
  const platformId = uniqueId('reply');
  const brand = await getBrand(brandId);
  if (!brand) throw new Error('the brand was not saved');
  await recordFeedback(
    { postId, revision: 1, brandId },
    brand,
    'mastodon',
    { platformId, createdAt: at, text },
    'platform',
  );
  return { postId, platformId, feedbackId: feedbackIdOf(brandId, 'mastodon', platformId) };
}
