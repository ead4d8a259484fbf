import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrandProfile, brandProfileSchema } from '../../functions/domain/brand.js';
import { authorHash } from '../../functions/domain/feedback.js';
import type { PublishRecord } from '../../functions/persistence/publish-records.js';
import { type FeedbackTwin, startFeedbackTwin } from '../support/feedback-twin.js';
import { type FakeReply, FEEDBACK_TOKEN, startFakeFeedback } from '../support/platforms/feedback.js';
import { memoryCredentials } from '../support/platforms/memory-credentials.js';

type Collect = typeof import('../../functions/use-cases/collect-feedback.js');
type Records = typeof import('../../functions/persistence/feedback.js');
let collect: Collect;
let records: Records;
let fake: Awaited<ReturnType<typeof startFakeFeedback>>;
let brandCounter = 0;

let twin: FeedbackTwin;

beforeAll(async () => {
  // A new item's SLA checks are scheduled: the twin's Scheduler answers before the modules load.
  twin = await startFeedbackTwin();
  [collect, records] = await Promise.all([
    import('../../functions/use-cases/collect-feedback.js'),
    import('../../functions/persistence/feedback.js'),
  ]);
  fake = await startFakeFeedback();
});
afterAll(async () => {
  fake?.server.close();
  await twin?.stop();
});

function newBrand(feedback: Record<string, unknown> = {}): BrandProfile {
  brandCounter += 1;
  return brandProfileSchema.parse({
    brandId: `fb-brand-${brandCounter}-${Date.now()}`,
    name: 'Acme',
    timeZone: 'Europe/Paris',
    channels: [
      {
        id: 'mastodon',
        adapter: 'mastodon',
        account: 'acme-mastodon',
        maxLength: 500,
        settings: { baseUrl: fake.server.url, instanceUrl: 'https://mastodon.example' },
      },
    ],
    feedback,
  });
}

const deps = () => ({
  credentials: memoryCredentials('acme-mastodon', { accessToken: FEEDBACK_TOKEN }).store,
});
const published = (postId: string, externalId: string): PublishRecord => ({
  revision: 1,
  idempotencyKey: `${postId}:mastodon:r1`,
  attempts: 1,
  updatedAt: '2026-03-27T08:00:00.000Z',
  channel: 'mastodon',
  status: 'published',
  externalId,
  url: `https://mastodon.example/@acme/${externalId}`,
  publishedAt: '2026-03-27T08:00:00.000Z',
});

/**
 * A new brand (with these feedback settings) and one of its posts, published on Mastodon as
 * `externalId`, under which the fake serves `replies`; `collectNow` collects them as a metrics round does.
 */
function postWithReplies(externalId: string, replies: FakeReply[], feedback: Record<string, unknown> = {}) {
  const brand = newBrand(feedback);
  const post = { postId: `post-${brandCounter}`, revision: 1, brandId: brand.brandId };
  fake.replies.set(externalId, replies);
  const collectNow = (options: Parameters<Collect['collectFeedback']>[3] = {}) =>
    collect.collectFeedback(post, brand, [published(post.postId, externalId)], { deps: deps(), ...options });
  return { brand, post, collectNow };
}

const itemsOf = async (brandId: string) =>
  (
    await twin.documents.send(
      new ScanCommand({
        TableName: twin.table,
        FilterExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `BRAND#${brandId}` },
      }),
    )
  ).Items ?? [];

describe('feedback collection into records', () => {
  it('records each reply once however often it is collected, triaged, with its response due in business hours', async () => {
    // Prepare: a complaint written Friday 27 March 2026, 17:00 in Paris.
    const { brand, post, collectNow } = postWithReplies('5001', [
      {
        id: '9001',
        text: 'Still waiting for my refund',
        author: '@ana@example.social',
        createdAt: '2026-03-27T16:00:00.000Z',
      },
    ]);
    const now = Date.parse('2026-03-27T16:10:00Z');

    // Act: a metrics round and a retry of it both collect.
    const first = await collectNow({ now });
    const second = await collectNow({ now });

    // Assess
    expect([first.recorded, second.recorded]).toEqual([1, 0]);
    expect(first.byCategory).toEqual({ complaint: 1 });
    const [record] = await records.listFeedback(brand.brandId);
    expect(record).toMatchObject({
      feedbackId: records.feedbackIdOf(brand.brandId, 'mastodon', '9001'),
      postId: post.postId,
      platformId: '9001',
      category: 'complaint',
      rule: { kind: 'term', term: 'refund' },
      status: 'open',
      // 4 business hours: Friday 17:00-18:00, then Monday 9:00-12:00 (after the DST change).
      dueAt: '2026-03-30T10:00:00Z',
    });
    const stored = await itemsOf(brand.brandId);
    const outboxes = stored.flatMap(
      (item) => (item.outbox ?? []) as { detailType: string; detail: string }[],
    );
    expect(outboxes.map((e) => e.detailType)).toEqual(['Feedback Recorded']);
    expect(JSON.stringify(outboxes)).not.toContain('Still waiting');
  });

  it('keeps the author only as a keyed hash, and the text apart with its retention time', async () => {
    // Prepare
    const { brand, collectNow } = postWithReplies(
      '5002',
      [{ id: '9002', text: 'Love it', author: '@ana@example.social', createdAt: '2026-03-02T10:00:00.000Z' }],
      { retentionDays: 30 },
    );
    const now = Date.parse('2026-03-02T10:05:00Z');

    // Act
    await collectNow({ now });

    // Assess
    const feedbackId = records.feedbackIdOf(brand.brandId, 'mastodon', '9002');
    const key = records.parseFeedbackId(feedbackId)?.key;
    const text = (
      await twin.documents.send(
        new GetCommand({
          TableName: twin.table,
          Key: { pk: `BRAND#${brand.brandId}`, sk: `FEEDBACKTEXT#${key}` },
        }),
      )
    ).Item;
    expect(text).toMatchObject({ text: 'Love it', expiresAt: Math.floor(now / 1000) + 30 * 86_400 });
    // Hashed with the stack's generated key, read from Secrets Manager once for the container.
    expect(text?.authorHash).toBe(authorHash(twin.authorKey.key, 'mastodon', '@ana@example.social'));
    expect(twin.authorKey.reads.count).toBe(1);
    expect(JSON.stringify(await itemsOf(brand.brandId))).not.toContain('ana@example.social');
  });

  it('records nothing without the author key, and records the reply once the key can be read', async () => {
    // Prepare: a stack whose functions name no key secret, then one naming a secret that does not exist.
    const { brand, collectNow } = postWithReplies('5005', [
      {
        id: '9005',
        text: 'Hello there',
        author: '@bo@example.social',
        createdAt: '2026-03-02T10:00:00.000Z',
      },
    ]);
    const secretName = process.env.FEEDBACK_AUTHOR_KEY_SECRET;

    // Act
    delete process.env.FEEDBACK_AUTHOR_KEY_SECRET;
    const unnamed = await collectNow();
    process.env.FEEDBACK_AUTHOR_KEY_SECRET = 'brandflow-test/no-such-secret';
    const missing = await collectNow();
    process.env.FEEDBACK_AUTHOR_KEY_SECRET = secretName;
    const restored = await collectNow();

    // Assess
    const refused = { recorded: 0, byCategory: {}, unreadable: ['mastodon'], spike: false };
    expect([unnamed, missing]).toEqual([refused, refused]);
    expect(restored.recorded).toBe(1);
    expect(await records.listFeedback(brand.brandId)).toHaveLength(1);
  });

  it('raises one spike alert for an hour of complaints well above the week before', async () => {
    // Prepare: six complaints in one hour, none in the week before.
    const { brand, collectNow } = postWithReplies(
      '5003',
      Array.from({ length: 6 }, (_, n) => ({
        id: `93${n}`,
        text: `Broken again ${n}`,
        author: `@user${n}@example.social`,
        createdAt: '2026-03-03T10:00:00.000Z',
      })),
    );
    const now = Date.parse('2026-03-03T10:30:00Z');

    // Act: collected twice in the same hour.
    const first = await collectNow({ now });
    fake.replies
      .get('5003')
      ?.push({ id: '9399', text: 'Broken', author: '@x', createdAt: '2026-03-03T10:40:00.000Z' });
    await collectNow({ now: now + 60_000 });

    // Assess
    expect(first.spike).toBe(true);
    const spikes = (await itemsOf(brand.brandId))
      .flatMap((item) => (item.outbox ?? []) as { detailType: string; detail: Record<string, unknown> }[])
      .filter((e) => e.detailType === 'Feedback Spike Detected');
    expect(spikes).toHaveLength(1);
    expect(JSON.parse(JSON.stringify(spikes[0]?.detail))).toMatchObject({
      urgentInHour: 6,
      baselinePerHour: 0,
    });
  });

  it('skips a channel it cannot read now and keeps what it collected elsewhere', async () => {
    // Prepare
    const { collectNow } = postWithReplies('5004', []);
    const refused = { credentials: memoryCredentials('acme-mastodon', { accessToken: 'revoked' }).store };

    // Act
    const outcome = await collectNow({ deps: refused });

    // Assess
    expect(outcome).toEqual({ recorded: 0, byCategory: {}, unreadable: ['mastodon'], spike: false });
  });
});
