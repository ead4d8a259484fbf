import { describe, expect, it } from 'vitest';
import {
  getPost,
  listMetricSnapshots,
  listPublishRecords,
  putBrand,
} from '../../functions/persistence/index.js';
import { useFakePlatform } from '../support/file-fixture.js';
import { startFakeLinkedIn } from '../support/platforms/linkedin.js';
import { MASTODON_FOLLOWERS, MASTODON_TOKEN, startFakeMastodon } from '../support/platforms/mastodon.js';
import { startFakeWebhook } from '../support/platforms/webhook.js';
import {
  connectAccount,
  publishApproved,
  trustIntegrator,
  uniqueId,
  untilEvent,
  useLocalRun,
} from './support.js';

const runtime = useLocalRun({ waitMs: 50 });
const mastodon = useFakePlatform(() => startFakeMastodon());
const webhook = useFakePlatform(() => startFakeWebhook('whsec-workflow'));
const linkedin = useFakePlatform(() => startFakeLinkedIn());

describe('the lifecycle publishing through real channel adapters against local platform servers', () => {
  it('publishes on Mastodon and a webhook once each, and records LinkedIn refusing the token as failed and needing reconnection', async () => {
    // Prepare
    const suffix = uniqueId('acct');
    const brandId = uniqueId('brand');
    await connectAccount(
      { account: `mastodon-${suffix}`, brandId, platform: 'mastodon', destination: mastodon.server.url },
      { accessToken: MASTODON_TOKEN },
    );
    await connectAccount(
      { account: `hook-${suffix}`, brandId, platform: 'webhook', destination: `${webhook.server.url}/hook` },
      { signingSecret: 'whsec-workflow' },
    );
    await connectAccount(
      { account: `li-${suffix}`, brandId, platform: 'linkedin' },
      { accessToken: 'revoked-by-member' },
    );
    await putBrand({
      brandId,
      name: 'Acme Coffee',
      bannedTerms: [],
      reviewers: ['reviewer-1'],
      channels: [
        {
          id: 'mastodon',
          adapter: 'mastodon',
          account: `mastodon-${suffix}`,
          maxLength: 500,
          settings: { instanceUrl: mastodon.server.url },
        },
        {
          id: 'chat',
          adapter: 'webhook',
          account: `hook-${suffix}`,
          maxLength: 4000,
          settings: { url: `${webhook.server.url}/hook` },
        },
        {
          id: 'linkedin',
          adapter: 'linkedin',
          account: `li-${suffix}`,
          maxLength: 3000,
          settings: { baseUrl: linkedin.server.url, organizationUrn: 'urn:li:organization:1' },
        },
      ],
    });
    await trustIntegrator(brandId);
    const postId = uniqueId('post');
    const mastodonBefore = mastodon.posts.length;
    // The first publish answer from Mastodon is lost after the instance accepted the post.
    mastodon.server.inject({ on: 'publish', type: 'lost' });

    // Act
    const execution = await publishApproved(
      runtime,
      { postId, brandId, channels: ['mastodon', 'chat', 'linkedin'] },
      60_000,
    );

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    const records = Object.fromEntries((await listPublishRecords(postId)).map((r) => [r.channel, r]));
    expect(records.mastodon).toMatchObject({
      status: 'published',
      attempts: 2,
      followersAtPostTime: MASTODON_FOLLOWERS,
    });
    expect(records.chat?.followersAtPostTime).toBeUndefined();
    expect(records.chat).toMatchObject({ status: 'published', externalId: expect.stringMatching(/^msg-/) });
    expect(records.linkedin).toMatchObject({ status: 'failed' });
    expect(records.linkedin?.lastError).toContain('Invalid access token');
    expect(mastodon.posts.length).toBe(mastodonBefore + 1);
    expect(linkedin.posts).toHaveLength(0);
    const reconnect = await untilEvent(runtime, postId, 'Channel Needs Reconnect');
    expect(reconnect.detail).toMatchObject({ channel: 'linkedin', account: `li-${suffix}` });
    expect(JSON.stringify(reconnect.detail)).not.toContain('revoked-by-member');
    await untilEvent(runtime, postId, 'Post Completed');
    const snapshots = await listMetricSnapshots(postId);
    expect(snapshots.find((s) => s.channel === 'mastodon')?.metrics).toMatchObject({
      likes: 7,
      shares: 2,
      comments: 1,
    });
    expect(snapshots.find((s) => s.channel === 'mastodon')?.followers).toBe(MASTODON_FOLLOWERS);
    expect(snapshots.find((s) => s.channel === 'chat')?.followers).toBeUndefined();
    expect(['completed', 'publish_failed']).toContain((await getPost(postId))?.status);
  });
});
