import { describe, expect, it } from 'vitest';
import type { ChannelCredentials } from '../../functions/channels/core/credentials.js';
import type { ChannelConfig } from '../../functions/domain/brand.js';
import { getBrand, getPost, listPublishRecords, putBrand } from '../../functions/persistence/index.js';
import { deliveredByKey, untilAllDelivered, writtenEventKeys } from '../support/counting-subscriber.js';
import { useFakePlatform } from '../support/file-fixture.js';
import type { FakePlatform } from '../support/platforms/fake-platform.js';
import { GRAPH_TOKEN, startFakeFacebook } from '../support/platforms/graph.js';
import { LINKEDIN_TOKEN, startFakeLinkedIn } from '../support/platforms/linkedin.js';
import { startFakeX } from '../support/platforms/x.js';
import { publishApproved, seedConnectedBrand, uniqueId, useLocalRun } from './support.js';

/*
 * Fault injection on the local runtime against the fake platform servers: a platform without
 * an idempotency key accepts the post, its answer is lost, and its list lags behind every
 * retry. The channel must not be posted twice; it fails, and a later look (the metric rounds)
 * finds the post and corrects the channel with one event. Every event reaches a subscriber
 * that counts, once.
 */

/** Longer than every retry of the publish (they do not move the local clock), shorter than the first round (1 h). */
const LAG_MS = 10 * 60_000;

const runtime = useLocalRun({ waitMs: 50 });
const x = useFakePlatform(() => startFakeX({ refuseDuplicates: false, listLagMs: LAG_MS }));
const linkedIn = useFakePlatform(() => startFakeLinkedIn({ listLagMs: LAG_MS }));
const facebook = useFakePlatform(() => startFakeFacebook('5150', { listLagMs: LAG_MS }));

interface Platform {
  name: string;
  channel: () => Omit<ChannelConfig, 'account'>;
  credentials: ChannelCredentials;
  loseNextPublishAnswer: () => void;
  /** The posts the platform holds with this text. */
  postsWith: (text: string) => { id: string }[];
}

const far = '2099-01-01T00:00:00Z';

/** A platform whose channel is named after its adapter, on its fake server, with one access token. */
function platformOn(
  name: string,
  server: () => FakePlatform,
  channel: { adapter: ChannelConfig['adapter']; maxLength: number; settings?: Record<string, string> },
  credentials: ChannelCredentials,
  postsWith: Platform['postsWith'],
): Platform {
  const { adapter, maxLength, settings } = channel;
  return {
    name,
    channel: () => ({ id: adapter, adapter, maxLength, settings: { baseUrl: server().url, ...settings } }),
    credentials,
    loseNextPublishAnswer: () => server().inject({ on: 'publish', type: 'lost' }),
    postsWith,
  };
}

const onX = platformOn(
  'X',
  () => x.server,
  { adapter: 'x', maxLength: 280 },
  { accessToken: 'x-access-1', expiresAt: far },
  (text) => x.posts.filter((post) => post.text === text),
);

const platforms: Platform[] = [
  onX,
  platformOn(
    'LinkedIn',
    () => linkedIn.server,
    { adapter: 'linkedin', maxLength: 3000, settings: { organizationUrn: 'urn:li:organization:7' } },
    { accessToken: LINKEDIN_TOKEN, expiresAt: far },
    (text) => linkedIn.posts.filter((post) => post.commentary === text),
  ),
  platformOn(
    'Facebook',
    () => facebook.server,
    { adapter: 'facebook', maxLength: 63_206, settings: { pageId: '5150' } },
    { accessToken: GRAPH_TOKEN },
    (text) => facebook.posts.filter((post) => post.message === text),
  ),
];

/** Asserts what a counting subscriber saw of the post: every event written, each key once. */
async function expectEachEventDeliveredOnce(postId: string) {
  const keys = await writtenEventKeys(runtime, [postId]);
  await untilAllDelivered(runtime, keys);
  const byKey = deliveredByKey(runtime);
  expect(keys.length).toBeGreaterThan(0);
  expect(keys.map((key) => byKey.get(key)?.length ?? 0)).toEqual(keys.map(() => 1));
}

const deliveredOf = (postId: string, detailType: string) =>
  runtime.events.filter(
    (e) => e.source === 'brandflow' && e['detail-type'] === detailType && e.detail.postId === postId,
  );

describe('reconciling a publication whose answer was lost while the platform’s list lagged', () => {
  it.each(platforms)(
    '$name: posts once, fails the channel, then a metric round finds the post and corrects it with one event',
    async (platform) => {
      // Prepare: the post is the brand's only channel, so every channel of the post fails.
      const { brandId } = await seedConnectedBrand(platform.channel(), platform.credentials);
      const postId = uniqueId(`lagged-${platform.name.toLowerCase()}`);
      const text = `Lost and lagging ${postId}`;
      platform.loseNextPublishAnswer();
      // Act
      const execution = await publishApproved(runtime, {
        postId,
        brandId,
        channels: [platform.channel().id],
        text,
      });
      await runtime.lambdaIdle();
      // Assess
      expect(execution.status).toBe('SUCCEEDED');
      expect(platform.postsWith(text)).toHaveLength(1);
      const [record] = await listPublishRecords(postId);
      expect(record).toMatchObject({ status: 'published', externalId: platform.postsWith(text)[0]?.id });
      expect(record?.ambiguous).toBeUndefined();
      expect((await getPost(postId))?.status).toBe('completed');
      expect(deliveredOf(postId, 'Channel Publish Failed')).toHaveLength(1);
      expect(deliveredOf(postId, 'Channel Publish Corrected')).toHaveLength(1);
      expect(deliveredOf(postId, 'Post Published')[0]?.detail.status).toBe('publish_failed');
      await expectEachEventDeliveredOnce(postId);
    },
  );

  it('corrects the lagging channel beside one that published, and reads its metrics from then on', async () => {
    // Prepare: X lags and loses its answer; a sandbox channel publishes at once.
    const { brandId, channel } = await seedConnectedBrand(onX.channel(), onX.credentials);
    const brand = await getBrand(brandId);
    await putBrand({
      ...(brand as NonNullable<typeof brand>),
      channels: [channel, { id: 'bluesky', adapter: 'sandbox', maxLength: 300 }],
    });
    const postId = uniqueId('lagged-beside');
    const text = `Lost beside another ${postId}`;
    onX.loseNextPublishAnswer();
    // Act
    const execution = await publishApproved(runtime, { postId, brandId, channels: ['x', 'bluesky'], text });
    await runtime.lambdaIdle();
    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(onX.postsWith(text)).toHaveLength(1);
    const records = await listPublishRecords(postId);
    expect(records.map((r) => [r.channel, r.status]).sort()).toEqual([
      ['bluesky', 'published'],
      ['x', 'published'],
    ]);
    expect(deliveredOf(postId, 'Channel Publish Corrected')).toHaveLength(1);
    const lastRound = deliveredOf(postId, 'Metrics Collected').at(-1);
    expect(Object.keys(lastRound?.detail.metrics as object).sort()).toEqual(['bluesky', 'x']);
    await expectEachEventDeliveredOnce(postId);
  });
});
