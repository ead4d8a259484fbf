import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ChannelCredentials } from '../../functions/channels/core/credentials.js';
import type { ChannelConfig } from '../../functions/domain/brand.js';
import { feedbackSettingsOf } from '../../functions/domain/feedback.js';
import { feedbackIdOf } from '../../functions/persistence/feedback.js';
import { getBrand, putMembership } from '../../functions/persistence/index.js';
import { recordFeedback } from '../../functions/use-cases/record-feedback.js';
import { REPLY_TOKEN } from '../support/platforms/replies.js';
import { seedConnectedBrand, uniqueId } from './support.js';

/**
 * A brand connected to `connection` (by default the fake Mastodon at `platformUrl`) (an editor-1 and a viewer-1), a published post
 * and one feedback item under it, on the twin's table.
 *
 * @example
 * ```ts
 * const { feedbackId } = await publishedFeedback(fake.server.url, 'Where can I buy it?');
 * ```
 */
export async function publishedFeedback(
  platformUrl: string,
  text: string,
  connection: { channel: Omit<ChannelConfig, 'account'>; credentials: ChannelCredentials } = {
    channel: { id: 'mastodon', adapter: 'mastodon', maxLength: 500, settings: { instanceUrl: platformUrl } },
    credentials: { accessToken: REPLY_TOKEN },
  },
) {
  const on = connection.channel.id;
  const { brandId } = await seedConnectedBrand(connection.channel, connection.credentials);
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
        sk: `PUBLISH#${on}`,
        channel: on,
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
  // No response target, so no SLA schedules: the twin fires a schedule by moving its one clock
  // forward hours, which would expire a send lease mid-call (a jump AWS time never makes).
  await recordFeedback(
    { postId, revision: 1, brandId },
    { ...brand, feedback: { ...feedbackSettingsOf(brand.feedback), slaHours: {} } },
    on,
    { platformId, createdAt: at, text },
    'platform',
  );
  return { postId, platformId, feedbackId: feedbackIdOf(brandId, on, platformId) };
}
