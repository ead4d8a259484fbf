import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChannelFailure } from '../../functions/channels/core/channel-adapter.js';
import { adapterFor } from '../../functions/channels/registry.js';
import type { ChannelConfig } from '../../functions/domain/brand.js';
import { FEEDBACK_PAGES_PER_ROUND } from '../../functions/domain/feedback.js';
import { type FakeReply, FEEDBACK_TOKEN, startFakeFeedback } from '../support/platforms/feedback.js';
import { memoryCredentials } from '../support/platforms/memory-credentials.js';

let fake: Awaited<ReturnType<typeof startFakeFeedback>>;

beforeAll(async () => {
  fake = await startFakeFeedback();
});
afterAll(() => fake.server.close());
afterEach(() => {
  fake.paging.size = 100;
});

type Platform = { channel: ChannelConfig; postId: string; expectedId: (r: FakeReply) => string };
const sameId = (r: FakeReply) => r.id;
/** A channel of `adapter` pointed at the fake, whose post `postId` the replies answer. */
const platform = (
  adapter: ChannelConfig['adapter'],
  postId: string,
  settings: Record<string, string> = {},
  expectedId = sameId,
): Platform => ({
  channel: {
    id: adapter,
    adapter,
    account: `acme-${adapter}`,
    maxLength: 500,
    settings: { baseUrl: fake.server.url, ...settings },
  } as ChannelConfig,
  postId,
  expectedId,
});
const graph = (id: string) => ({ baseUrl: `${fake.server.url}/v23.0`, pageId: id, userId: id });
const linkedInPost = 'urn:li:share:7000000000000000001';

const channels = (): Record<string, Platform> => ({
  mastodon: platform('mastodon', '109001'),
  x: platform('x', '1899000000000000001'),
  linkedin: platform(
    'linkedin',
    linkedInPost,
    { organizationUrn: 'urn:li:organization:5515715' },
    (r) => `urn:li:comment:(${linkedInPost},${r.id})`,
  ),
  facebook: platform('facebook', '1234_5678', graph('1234')),
  instagram: platform('instagram', '17900000000000001', graph('1784')),
  threads: platform('threads', '18000000000000001', graph('2718')),
});

/** The adapter of platform `name` reading from the fake with `token`, and a post published there. */
const connect = async (name: string, token = FEEDBACK_TOKEN) => {
  const chosen = channels()[name];
  if (!chosen) throw new Error(`no platform ${name}`);
  const memory = memoryCredentials(chosen.channel.account as string, {
    accessToken: token,
    clientId: 'client',
    refreshToken: '',
  });
  const adapter = await adapterFor(
    chosen.channel,
    { brandId: 'acme' },
    { credentials: memory.store, http: { timeoutMs: 400 } },
  );
  const published = {
    externalId: chosen.postId,
    url: 'https://example.com/p',
    publishedAt: '2030-01-01T09:00:00.000Z',
  };
  return { adapter, published, platform: chosen };
};

describe.each(['mastodon', 'x', 'linkedin', 'facebook', 'instagram', 'threads'])('%s feedback', (name) => {
  const setup = (token = FEEDBACK_TOKEN) => connect(name, token);

  it('reads every reply under the post with its id, time, text and author, and nothing else', async () => {
    // Prepare
    const { adapter, published, platform } = await setup();
    const replies: FakeReply[] = [
      { id: `${name}-r1`, text: 'Where can I buy it?', author: 'ana', createdAt: '2030-01-01T09:05:00.000Z' },
      { id: `${name}-r2`, text: '我要退款', author: 'li', createdAt: '2030-01-01T09:07:00.000Z' },
    ];
    fake.replies.set(platform.postId, replies);

    // Act
    const collected = await adapter.fetchFeedback?.(published);

    // Assess
    expect(collected).toEqual(
      replies.map((r) => ({
        platformId: platform.expectedId(r),
        createdAt: r.createdAt,
        text: r.text,
        author: r.author,
      })),
    );
  });

  it('asks for reconnection when the platform refuses the token, as publishing does', async () => {
    // Prepare
    const { adapter, published } = await setup('revoked');

    // Act
    const reading = adapter.fetchFeedback?.(published);

    // Assess
    await expect(reading).rejects.toBeInstanceOf(ChannelFailure);
    await expect(reading).rejects.toMatchObject({ reconnect: true, kind: 'permanent' });
  });
});

describe.each(['x', 'linkedin', 'facebook', 'instagram', 'threads'])('%s feedback paging', (name) => {
  const setup = () => connect(name);
  const busyPost = (count: number): FakeReply[] =>
    Array.from({ length: count }, (_, i) => ({
      id: `${name}-busy-${i}`,
      text: `reply ${i}`,
      author: `fan${i}`,
      createdAt: new Date(Date.UTC(2030, 0, 1, 9, i)).toISOString(),
    }));
  const feedbackReads = () =>
    fake.server.requests.filter((r) => /comments|replies|search|context/.test(r.path)).length;

  it('follows the platform cursor past the first page, so every reply of a busy post is read', async () => {
    // Prepare
    const { adapter, published, platform } = await setup();
    const replies = busyPost(5);
    fake.replies.set(platform.postId, replies);
    fake.paging.size = 2;
    const before = feedbackReads();

    // Act
    const collected = await adapter.fetchFeedback?.(published);

    // Assess
    expect(collected?.map((c) => c.platformId)).toEqual(replies.map(platform.expectedId));
    expect(feedbackReads() - before).toBeGreaterThan(1);
  });

  it(`reads at most ${FEEDBACK_PAGES_PER_ROUND} pages a round and keeps the earliest replies`, async () => {
    // Prepare
    const { adapter, published, platform } = await setup();
    const replies = busyPost(FEEDBACK_PAGES_PER_ROUND + 5);
    fake.replies.set(platform.postId, replies);
    fake.paging.size = 1;
    const before = feedbackReads();

    // Act
    const collected = await adapter.fetchFeedback?.(published);

    // Assess
    expect(feedbackReads() - before).toBe(FEEDBACK_PAGES_PER_ROUND);
    // X lists the conversation's own post first: it takes one of the pages.
    const firstPages = name === 'x' ? FEEDBACK_PAGES_PER_ROUND - 1 : FEEDBACK_PAGES_PER_ROUND;
    expect(collected?.map((c) => c.platformId)).toEqual(
      replies.slice(0, firstPages).map(platform.expectedId),
    );
  });
});

describe.each([
  ['x', 'x'],
  ['facebook', 'is_hidden'],
  ['instagram', 'hide'],
])('%s moderation', (name, how) => {
  it('hides a reply under the post as the platform takes it, and hiding it again changes nothing', async () => {
    // Prepare
    const { adapter } = await connect(name);
    const replyId = `${name}-spam-1`;

    // Act
    await adapter.hideFeedback?.(replyId);
    await adapter.hideFeedback?.(replyId);

    // Assess
    expect(fake.hidden.get(replyId)).toBe(how);
  });
});

describe.each(['mastodon', 'linkedin', 'threads'])('%s moderation', (name) => {
  it('offers no hiding where the platform lets no one hide a reply: the brand records it only', async () => {
    // Act
    const { adapter } = await connect(name);

    // Assess
    expect(adapter.hideFeedback).toBeUndefined();
  });
});
