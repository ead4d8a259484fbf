import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearBlueskySessions, recordKeyFor } from '../../functions/channels/bluesky.js';
import {
  type ChannelAdapter,
  ChannelFailure,
  type PublishRequest,
} from '../../functions/channels/core/channel-adapter.js';
import type { ChannelCredentials } from '../../functions/channels/core/credentials.js';
import { readFollowers } from '../../functions/channels/followers.js';
import { adapterFor } from '../../functions/channels/registry.js';
import type { ChannelConfig } from '../../functions/domain/brand.js';
import type { ChannelContent } from '../../functions/domain/post.js';
import { failureOf } from '../support/channel-failure.js';
import {
  BLUESKY_FOLLOWERS,
  BLUESKY_IDENTIFIER,
  BLUESKY_PASSWORD,
  startFakeBluesky,
} from '../support/platforms/bluesky.js';
import type { FakePlatform, Fault } from '../support/platforms/fake-platform.js';
import {
  FACEBOOK_FOLLOWERS,
  GRAPH_TOKEN,
  INSTAGRAM_FOLLOWERS,
  startFakeContainers,
  startFakeFacebook,
  THREADS_FOLLOWERS,
} from '../support/platforms/graph.js';
import { LINKEDIN_TOKEN, startFakeLinkedIn } from '../support/platforms/linkedin.js';
import { MASTODON_FOLLOWERS, MASTODON_TOKEN, startFakeMastodon } from '../support/platforms/mastodon.js';
import { memoryCredentials } from '../support/platforms/memory-credentials.js';
import { startFakeWebhook } from '../support/platforms/webhook.js';
import { startFakeX, X_FOLLOWERS } from '../support/platforms/x.js';

/** Short enough to keep the suite quick, long enough for a loopback answer. */
const TIMEOUT_MS = 400;
const inAMinute = () => String(Math.floor(Date.now() / 1000) + 60);

interface Platform {
  server: FakePlatform;
  /** Posts the platform holds. */
  count(): number;
  channel: ChannelConfig;
  credentials: ChannelCredentials;
  /** Credentials the platform refuses (and cannot refresh). */
  revoked: ChannelCredentials;
  content: ChannelContent;
  unavailable: Fault;
  rateLimited: Fault;
  refusal: Fault;
  refusalMessage: string;
  invalid: { content: ChannelContent; rule: string };
  metrics: Record<string, number>;
  /** The posting account's followers as the platform reports them; absent where it does not. */
  followers?: number;
}

const graphRateLimit: Fault = {
  on: 'publish',
  type: 'error',
  status: 400,
  body: {
    error: {
      message: '(#4) Application request limit reached',
      type: 'OAuthException',
      code: 4,
      is_transient: true,
    },
  },
  headers: {
    'x-business-use-case-usage': JSON.stringify({
      '1': [{ type: 'pages', call_count: 100, estimated_time_to_regain_access: 2 }],
    }),
  },
};
const graphRefusal: Fault = {
  on: 'publish',
  type: 'error',
  status: 400,
  body: {
    error: {
      message: "(#200) The user hasn't authorized the application to perform this action",
      type: 'OAuthException',
      code: 200,
    },
  },
};
const graphUnavailable: Fault = {
  on: 'publish',
  type: 'error',
  status: 500,
  body: {
    error: {
      message: 'An unexpected error has occurred. Please retry your request later.',
      type: 'OAuthException',
      code: 2,
      is_transient: true,
    },
  },
};

const platforms: Record<string, () => Promise<Platform>> = {
  mastodon: async () => {
    const fake = await startFakeMastodon();
    return {
      server: fake.server,
      count: () => fake.posts.length,
      channel: {
        id: 'mastodon',
        adapter: 'mastodon',
        account: 'acme-mastodon',
        maxLength: 500,
        settings: { instanceUrl: fake.server.url },
      },
      credentials: { accessToken: MASTODON_TOKEN },
      revoked: { accessToken: 'revoked' },
      content: { text: 'Spring blend is back & better', link: 'https://acme.example/spring' },
      unavailable: { on: 'publish', type: 'error', status: 503, body: { error: 'Service Unavailable' } },
      rateLimited: {
        on: 'publish',
        type: 'error',
        status: 429,
        body: { error: 'Too many requests' },
        headers: { 'x-ratelimit-reset': new Date(Date.now() + 60_000).toISOString() },
      },
      refusal: {
        on: 'publish',
        type: 'error',
        status: 422,
        body: { error: 'Validation failed: Text character limit of 500 exceeded' },
      },
      refusalMessage: 'Validation failed: Text character limit of 500 exceeded',
      invalid: { content: { text: 'a'.repeat(501) }, rule: 'max-length' },
      metrics: { likes: 7, shares: 2, comments: 1 },
      followers: MASTODON_FOLLOWERS,
    };
  },
  bluesky: async () => {
    const fake = await startFakeBluesky();
    clearBlueskySessions();
    return {
      server: fake.server,
      count: () => fake.posts.size,
      channel: {
        id: 'bluesky',
        adapter: 'bluesky',
        account: 'acme-bsky',
        maxLength: 300,
        settings: { baseUrl: fake.server.url },
      },
      credentials: { identifier: BLUESKY_IDENTIFIER, appPassword: BLUESKY_PASSWORD },
      revoked: { identifier: BLUESKY_IDENTIFIER, appPassword: 'revoked' },
      content: { text: 'Spring blend is back 🌱 https://acme.example/spring' },
      unavailable: {
        on: 'publish',
        type: 'error',
        status: 502,
        body: { error: 'UpstreamFailure', message: 'Upstream Failure' },
      },
      rateLimited: {
        on: 'publish',
        type: 'error',
        status: 429,
        body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' },
        headers: { 'ratelimit-reset': inAMinute() },
      },
      refusal: {
        on: 'publish',
        type: 'error',
        status: 400,
        body: {
          error: 'InvalidRequest',
          message: 'Invalid app.bsky.feed.post record: Record/text must not be longer than 3000 graphemes',
        },
      },
      refusalMessage: 'Record/text must not be longer than 3000 graphemes',
      invalid: { content: { text: '🌱'.repeat(301) }, rule: 'max-length' },
      metrics: { likes: 9, shares: 4, comments: 2 },
      followers: BLUESKY_FOLLOWERS,
    };
  },
  x: async () => {
    const fake = await startFakeX();
    return {
      server: fake.server,
      count: () => fake.posts.length,
      channel: {
        id: 'x',
        adapter: 'x',
        account: 'acme-x',
        maxLength: 280,
        settings: { baseUrl: fake.server.url },
      },
      credentials: {
        accessToken: fake.tokens.access,
        refreshToken: fake.tokens.refresh,
        clientId: 'client-1',
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
      revoked: { accessToken: 'revoked', refreshToken: 'revoked', clientId: 'client-1' },
      content: { text: 'Spring blend is back', link: 'https://acme.example/spring' },
      unavailable: {
        on: 'publish',
        type: 'error',
        status: 503,
        body: {
          title: 'Service Unavailable',
          detail: 'Service Unavailable',
          type: 'about:blank',
          status: 503,
        },
      },
      rateLimited: {
        on: 'publish',
        type: 'error',
        status: 429,
        body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
        headers: { 'x-rate-limit-reset': inAMinute(), 'x-rate-limit-remaining': '0' },
      },
      refusal: {
        on: 'publish',
        type: 'error',
        status: 403,
        body: {
          title: 'Forbidden',
          detail: 'You are not permitted to perform this action.',
          type: 'about:blank',
          status: 403,
        },
      },
      refusalMessage: 'You are not permitted to perform this action.',
      invalid: { content: { text: '春'.repeat(141) }, rule: 'max-length' },
      metrics: { impressions: 250, likes: 11, comments: 2, shares: 4, saves: 4 },
      followers: X_FOLLOWERS,
    };
  },
  linkedin: async () => {
    const fake = await startFakeLinkedIn();
    return {
      server: fake.server,
      count: () => fake.posts.length,
      channel: {
        id: 'linkedin',
        adapter: 'linkedin',
        account: 'acme-li',
        maxLength: 3000,
        settings: { baseUrl: fake.server.url, organizationUrn: 'urn:li:organization:5515715' },
      },
      credentials: { accessToken: LINKEDIN_TOKEN },
      revoked: { accessToken: 'revoked', refreshToken: 'revoked', clientId: 'c', clientSecret: 's' },
      content: { text: 'Spring blend is back (in every shop) #coffee', link: 'https://acme.example/spring' },
      unavailable: {
        on: 'publish',
        type: 'error',
        status: 504,
        body: { status: 504, message: 'Gateway timeout' },
      },
      rateLimited: {
        on: 'publish',
        type: 'error',
        status: 429,
        body: { status: 429, message: 'Resource level throttle limit reached' },
        headers: { 'retry-after': '60' },
      },
      refusal: {
        on: 'publish',
        type: 'error',
        status: 403,
        body: {
          status: 403,
          serviceErrorCode: 100,
          code: 'ACCESS_DENIED',
          message: 'Not enough permissions to access: partnerApiPostsExternal.CREATE',
        },
      },
      refusalMessage: 'Not enough permissions to access: partnerApiPostsExternal.CREATE',
      invalid: { content: { text: 'x'.repeat(3001) }, rule: 'max-length' },
      metrics: { impressions: 900, reach: 600, clicks: 30, likes: 21, comments: 4, shares: 5 },
    };
  },
  facebook: async () => {
    const fake = await startFakeFacebook('1234');
    return {
      server: fake.server,
      count: () => fake.posts.length,
      channel: {
        id: 'facebook',
        adapter: 'facebook',
        account: 'acme-fb',
        maxLength: 5000,
        settings: { baseUrl: fake.server.url, pageId: '1234' },
      },
      credentials: { accessToken: GRAPH_TOKEN },
      revoked: { accessToken: 'revoked' },
      content: { text: 'Spring blend is back', link: 'https://acme.example/spring' },
      unavailable: graphUnavailable,
      rateLimited: graphRateLimit,
      refusal: graphRefusal,
      refusalMessage: "The user hasn't authorized the application",
      invalid: {
        content: { text: 'Hi', mediaUrls: ['https://acme.example/a.jpg', 'https://acme.example/b.jpg'] },
        rule: 'max-items',
      },
      metrics: { impressions: 500, reach: 320, clicks: 17, likes: 13, comments: 6, shares: 2 },
      followers: FACEBOOK_FOLLOWERS,
    };
  },
  instagram: async () => {
    const fake = await startFakeContainers('instagram', '1784');
    return {
      server: fake.server,
      count: () => fake.posts.length,
      channel: {
        id: 'instagram',
        adapter: 'instagram',
        account: 'acme-ig',
        maxLength: 2200,
        settings: { baseUrl: fake.base, userId: '1784' },
      },
      credentials: { accessToken: GRAPH_TOKEN },
      revoked: { accessToken: 'revoked', expiresAt: new Date(Date.now() - 1000).toISOString() },
      content: { text: 'Spring blend is back #coffee', mediaUrls: ['https://cdn.acme.example/spring.jpg'] },
      unavailable: graphUnavailable,
      rateLimited: graphRateLimit,
      refusal: graphRefusal,
      refusalMessage: "The user hasn't authorized the application",
      invalid: { content: { text: 'No picture' }, rule: 'required' },
      metrics: { impressions: 10, reach: 20, saves: 30, likes: 40, comments: 50, shares: 60 },
      followers: INSTAGRAM_FOLLOWERS,
    };
  },
  threads: async () => {
    const fake = await startFakeContainers('threads', '2718');
    return {
      server: fake.server,
      count: () => fake.posts.length,
      channel: {
        id: 'threads',
        adapter: 'threads',
        account: 'acme-threads',
        maxLength: 500,
        settings: { baseUrl: fake.base, userId: '2718' },
      },
      credentials: { accessToken: GRAPH_TOKEN },
      revoked: { accessToken: 'revoked', expiresAt: new Date(Date.now() - 1000).toISOString() },
      content: { text: 'Spring blend is back', link: 'https://acme.example/spring' },
      unavailable: graphUnavailable,
      rateLimited: graphRateLimit,
      refusal: graphRefusal,
      refusalMessage: "The user hasn't authorized the application",
      invalid: { content: { text: 'y'.repeat(501) }, rule: 'max-length' },
      metrics: { impressions: 10, likes: 20, comments: 30, shares: 40 + 50 + 60 },
      followers: THREADS_FOLLOWERS,
    };
  },
  webhook: async () => {
    const fake = await startFakeWebhook('whsec-1');
    return {
      server: fake.server,
      count: () => fake.posts.size,
      channel: {
        id: 'chat',
        adapter: 'webhook',
        account: 'acme-chat',
        maxLength: 4000,
        settings: { url: `${fake.server.url}/hook` },
      },
      credentials: { signingSecret: 'whsec-1' },
      revoked: { signingSecret: 'rotated-elsewhere' },
      content: { text: 'Spring blend is back', link: 'https://acme.example/spring' },
      unavailable: { on: 'publish', type: 'error', status: 503, body: { message: 'try later' } },
      rateLimited: {
        on: 'publish',
        type: 'error',
        status: 429,
        body: { message: 'slow down' },
        headers: { 'retry-after': '60' },
      },
      refusal: { on: 'publish', type: 'error', status: 400, body: { message: 'unknown channel' } },
      refusalMessage: 'unknown channel',
      invalid: { content: { text: ' ' }, rule: 'required' },
      metrics: {},
    };
  },
};

/** What PublishToChannel does across the workflow's retries: look first after a failed attempt, then publish. */
async function publishWithRetries(adapter: ChannelAdapter, request: PublishRequest, firstAttempt = 1) {
  const attempts = firstAttempt + 3;
  for (let attempt = firstAttempt; ; attempt += 1) {
    try {
      const earlier = attempt > 1 ? await adapter.findPublished(request) : undefined;
      return earlier ?? (await adapter.publish(request));
    } catch (error) {
      if (!(error instanceof ChannelFailure) || !error.retryable || attempt >= attempts) throw error;
    }
  }
}

describe.each(Object.keys(platforms))('the %s adapter', (name) => {
  let platform: Platform;
  let counter = 0;
  const setup = async (credentials?: ChannelCredentials) => {
    const memory = memoryCredentials(platform.channel.account as string, credentials ?? platform.credentials);
    clearBlueskySessions();
    const adapter = await adapterFor(
      platform.channel,
      { brandId: 'acme' },
      {
        credentials: memory.store,
        http: { timeoutMs: TIMEOUT_MS },
      },
    );
    counter += 1;
    const request: PublishRequest = {
      idempotencyKey: `post-${counter}:${platform.channel.id}:r1`,
      postId: `post-${counter}`,
      content: { ...platform.content, text: `${platform.content.text} ${counter}` },
      scheduledAt: new Date(Date.UTC(2030, 0, 1, 9, counter)).toISOString(),
      notBefore: new Date().toISOString(),
    };
    // As PublishToChannel stores a container's id on the publish record, every later attempt gets it.
    request.onContainerCreated = async (containerId) => {
      request.containerId = containerId;
    };
    return { adapter, request, memory };
  };

  beforeAll(async () => {
    platform = await (platforms[name] as () => Promise<Platform>)();
  });
  afterAll(() => platform.server.close());

  it('publishes and returns the platform post id and a public URL', async () => {
    // Prepare
    const { adapter, request } = await setup();
    const before = platform.count();
    // Act
    const published = await adapter.publish(request);
    // Assess
    expect(published.externalId).toBeTruthy();
    expect(published.url).toMatch(/^https?:\/\//);
    expect(Date.parse(published.publishedAt)).not.toBeNaN();
    expect(platform.count()).toBe(before + 1);
  });

  it.each([
    ['a response lost after the platform accepted the post', { type: 'lost' as const }],
    ['a response slower than the timeout', { type: 'slow' as const, delayMs: TIMEOUT_MS * 2 }],
  ])('never posts twice after %s', async (_, fault) => {
    // Prepare
    const { adapter, request } = await setup();
    const before = platform.count();
    platform.server.inject({ on: 'publish', ...fault });
    // Act
    const first = await adapter.publish(request).catch((error: unknown) => error);
    await platform.server.settled();
    const published = await publishWithRetries(adapter, request, 2);
    // Assess
    if (first instanceof ChannelFailure) {
      expect(first).toMatchObject({ kind: 'transient', ambiguous: true });
    } else {
      // Bluesky looks its record up before reporting the failure, and finds it.
      expect(first).toEqual(published);
    }
    expect(published.externalId).toBeTruthy();
    expect(platform.count()).toBe(before + 1);
  });

  it('takes no earlier post with the same text for this publication, as after a week', async () => {
    // Prepare: last week's post of the same text; this publication's intent is recorded after it.
    const { adapter, request } = await setup();
    const lastWeek = await adapter.publish({
      ...request,
      idempotencyKey: `${request.idempotencyKey}-last-week`,
    });
    const later = { ...request, notBefore: new Date(Date.now() + 5 * 60_000).toISOString() };
    // Act
    const found = await adapter.findPublished(later);
    // Assess
    expect(lastWeek.externalId).toBeTruthy();
    expect(found).toBeUndefined();
  });

  it('treats a 5xx error body as transient and publishes once on the retry', async () => {
    // Prepare
    const { adapter, request } = await setup();
    const before = platform.count();
    platform.server.inject(platform.unavailable);
    // Act
    const published = await publishWithRetries(adapter, request);
    // Assess
    expect(published.externalId).toBeTruthy();
    expect(platform.count()).toBe(before + 1);
  });

  it('reports a rate limit with the wait the platform names', async () => {
    // Prepare
    const { adapter, request } = await setup();
    platform.server.inject(platform.rateLimited);
    // Act
    const failure = await failureOf(adapter.publish(request));
    // Assess
    expect(failure.kind).toBe('rate_limited');
    expect(failure.retryAfterSeconds).toBeGreaterThanOrEqual(55);
    expect(failure.retryAfterSeconds).toBeLessThanOrEqual(120);
  });

  it('records a permanent refusal with the platform own message', async () => {
    // Prepare
    const { adapter, request } = await setup();
    const before = platform.count();
    platform.server.inject(platform.refusal);
    // Act
    const failure = await failureOf(publishWithRetries(adapter, request));
    // Assess
    expect(failure.kind).toBe('permanent');
    expect(failure.reconnect).toBe(false);
    expect(failure.message).toContain(platform.refusalMessage);
    expect(platform.count()).toBe(before);
  });

  it('asks for reconnection when the platform refuses the credentials', async () => {
    // Prepare
    const { adapter, request } = await setup(platform.revoked);
    const before = platform.count();
    // Act
    const failure = await failureOf(adapter.publish(request));
    // Assess
    expect(failure.kind).toBe('permanent');
    expect(failure.reconnect).toBe(true);
    expect(platform.count()).toBe(before);
  });

  it('reads the metrics of a published post in the normalized shape', async () => {
    // Prepare
    const { adapter, request } = await setup();
    const published = await adapter.publish(request);
    // Act
    const metrics = await adapter.fetchMetrics(published, new Date().toISOString());
    // Assess
    expect(metrics).toMatchObject(platform.metrics);
    for (const missing of metrics.notProvided ?? []) expect(metrics[missing]).toBe(0);
    expect(
      Object.keys(platform.metrics).filter((key) => metrics.notProvided?.includes(key as never)),
    ).toEqual([]);
  });

  it('reads the posting account follower count, or not available where the platform does not give it', async () => {
    // Prepare
    const { adapter } = await setup();
    // Act
    const followers = await readFollowers(adapter);
    // Assess
    expect(followers).toBe(platform.followers ?? null);
  });

  it('reads a refused follower count as not available instead of failing', async () => {
    // Prepare
    const { adapter } = await setup(platform.revoked);
    // Act
    const followers = await readFollowers(adapter);
    // Assess
    expect(followers).toBeNull();
  });

  it('refuses content the platform would refuse, before any call, naming the rule', async () => {
    // Prepare
    const { adapter, request } = await setup();
    const calls = platform.server.requests.length;
    // Act
    const failure = await failureOf(adapter.publish({ ...request, content: platform.invalid.content }));
    // Assess
    expect(failure.kind).toBe('permanent');
    expect(failure.message).toContain(`(${platform.invalid.rule})`);
    expect(platform.server.requests.length).toBe(calls);
  });
});

describe('follower counts in docs/kpis.md', () => {
  it('names exactly the platforms whose adapter reads a follower count', async () => {
    // Prepare
    const doc = readFileSync(new URL('../../docs/kpis.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## Followers'));
    const documented = [...section.matchAll(/^\| (\w+)\s+\| `/gm)].map((m) => m[1]);
    // Act
    const reading: string[] = [];
    for (const [name, start] of Object.entries(platforms)) {
      const platform = await start();
      if (platform.followers !== undefined) reading.push(name);
      await platform.server.close();
    }
    // Assess
    expect(documented.sort()).toEqual(reading.sort());
  });
});

describe('Bluesky record keys', () => {
  it('differ for posts scheduled at the same second, and stay the same across attempts', () => {
    // Prepare
    const scheduledAt = '2030-01-01T09:00:00.000Z';
    const requests = Array.from({ length: 3000 }, (_, i) => ({
      idempotencyKey: `post-${i}:bsky:r1`,
      postId: `post-${i}`,
      content: { text: 'Same second' },
      scheduledAt,
    }));
    // Act
    const keys = requests.map((request) => recordKeyFor(request));
    // Assess
    expect(new Set(keys).size).toBe(requests.length);
    expect(requests.map((request) => recordKeyFor(request))).toEqual(keys);
  });

  it('writes its own record when another post holds its first key, and finds that record again', async () => {
    // Prepare: another post's record already sits at this publication's first key.
    const fake = await startFakeBluesky();
    clearBlueskySessions();
    const channel: ChannelConfig = {
      id: 'bluesky',
      adapter: 'bluesky',
      account: 'acme-bsky',
      maxLength: 300,
      settings: { baseUrl: fake.server.url },
    };
    const memory = memoryCredentials('acme-bsky', {
      identifier: BLUESKY_IDENTIFIER,
      appPassword: BLUESKY_PASSWORD,
    });
    const adapter = await adapterFor(
      channel,
      { brandId: 'acme' },
      { credentials: memory.store, http: { timeoutMs: TIMEOUT_MS } },
    );
    const request: PublishRequest = {
      idempotencyKey: 'post-b:bluesky:r1',
      postId: 'post-b',
      content: { text: 'Same second, other post' },
      scheduledAt: '2030-01-01T09:00:00Z',
    };
    const taken = recordKeyFor(request);
    fake.posts.set(taken, {
      uri: `at://did:plc:acme/app.bsky.feed.post/${taken}`,
      cid: `bafyrei${taken}`,
      value: {
        text: 'Same second, first post',
        createdAt: '2030-01-01T09:00:00Z',
        brandflowPublication: 'other',
      },
    });
    try {
      // Act
      const published = await adapter.publish(request);
      const found = await adapter.findPublished(request);
      // Assess
      expect(published.externalId).toBe(`at://did:plc:acme/app.bsky.feed.post/${recordKeyFor(request, 1)}`);
      expect(found).toEqual(published);
      expect(fake.posts.size).toBe(2);
    } finally {
      await fake.server.close();
    }
  });
});

describe.each(['instagram', 'threads'] as const)('%s video containers', (platform) => {
  let fake: Awaited<ReturnType<typeof startFakeContainers>>;
  let adapter: ChannelAdapter;
  let counter = 0;
  const request = (): PublishRequest => {
    counter += 1;
    const built: PublishRequest = {
      idempotencyKey: `video-${counter}:${platform}:r1`,
      postId: `video-${counter}`,
      content: {
        text: `Spring blend, brewed on camera ${counter}`,
        mediaUrls: ['https://cdn.acme.example/spring.mp4'],
      },
      notBefore: new Date().toISOString(),
    };
    built.onContainerCreated = async (containerId) => {
      built.containerId = containerId;
    };
    return built;
  };

  beforeAll(async () => {
    fake = await startFakeContainers(platform, '1784');
    const channel: ChannelConfig = {
      id: platform,
      adapter: platform,
      account: `acme-${platform}`,
      maxLength: 2200,
      settings: { baseUrl: fake.base, userId: '1784' },
    };
    const memory = memoryCredentials(`acme-${platform}`, { accessToken: GRAPH_TOKEN });
    adapter = await adapterFor(
      channel,
      { brandId: 'acme' },
      { credentials: memory.store, http: { timeoutMs: TIMEOUT_MS } },
    );
  });
  afterAll(() => fake.server.close());

  it('waits while the container is IN_PROGRESS, creates no other container, and publishes it once', async () => {
    // Prepare
    const video = request();
    const containersBefore = fake.containers.size;
    const postsBefore = fake.posts.length;
    fake.scriptNextContainer('IN_PROGRESS', 'IN_PROGRESS', 'IN_PROGRESS', 'FINISHED');
    // Act: each attempt is one run of the task after the workflow's wait.
    const failures: ChannelFailure[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) failures.push(await failureOf(adapter.publish(video)));
    const earlier = await adapter.findPublished(video);
    const published = await adapter.publish(video);
    // Assess
    expect(failures.map((failure) => failure.kind)).toEqual(['processing', 'processing', 'processing']);
    expect(earlier).toBeUndefined();
    expect(published.externalId).toBeTruthy();
    expect(fake.containers.size).toBe(containersBefore + 1);
    expect(fake.posts.length).toBe(postsBefore + 1);
  });

  it.each([
    ['ERROR', 'could not be processed'],
    ['EXPIRED', 'expired before it was published'],
  ])('fails for good when the container reports %s, saying why', async (status, reason) => {
    // Prepare
    const video = request();
    const postsBefore = fake.posts.length;
    fake.scriptNextContainer(status);
    // Act
    const failure = await failureOf(adapter.publish(video));
    // Assess
    expect(failure.kind).toBe('permanent');
    expect(failure.message).toContain(reason);
    expect(fake.posts.length).toBe(postsBefore);
  });

  it('makes a new container for a retry whose stored one expired unpublished, and publishes it once', async () => {
    // Prepare: an earlier run's container expired (a retry the next day).
    const video = request();
    fake.scriptNextContainer('EXPIRED');
    await failureOf(adapter.publish(video));
    const expired = video.containerId;
    const postsBefore = fake.posts.length;
    // Act
    const published = await adapter.publish(video);
    // Assess
    expect(video.containerId).not.toBe(expired);
    expect(published.externalId).toBeTruthy();
    expect(fake.posts.length).toBe(postsBefore + 1);
  });

  it('finds its post when the publish answer was lost, without publishing or creating again', async () => {
    // Prepare
    const video = request();
    const containersBefore = fake.containers.size;
    const postsBefore = fake.posts.length;
    fake.server.inject({ on: 'publish', type: 'lost' });
    await failureOf(adapter.publish(video));
    // Act
    const earlier = await adapter.findPublished(video);
    // Assess
    expect(earlier?.externalId).toBe(fake.posts.at(-1)?.id);
    expect(fake.containers.size).toBe(containersBefore + 1);
    expect(fake.posts.length).toBe(postsBefore + 1);
  });
});

describe('a metric the platform retired', () => {
  it('is read as not provided while the other metrics of the same read still arrive', async () => {
    // Prepare
    const fake = await startFakeFacebook('5678', { retired: ['post_video_views'] });
    const channel: ChannelConfig = {
      id: 'facebook',
      adapter: 'facebook',
      account: 'acme-fb',
      maxLength: 5000,
      settings: { baseUrl: fake.server.url, pageId: '5678' },
    };
    const memory = memoryCredentials('acme-fb', { accessToken: GRAPH_TOKEN });
    const adapter = await adapterFor(
      channel,
      { brandId: 'acme' },
      { credentials: memory.store, http: { timeoutMs: TIMEOUT_MS } },
    );
    const published = await adapter.publish({
      idempotencyKey: 'retired-1:facebook:r1',
      postId: 'retired-1',
      content: { text: 'Spring blend is back' },
      scheduledAt: new Date(Date.UTC(2030, 0, 1, 9)).toISOString(),
    });
    // Act
    const metrics = await adapter.fetchMetrics(published, new Date().toISOString());
    fake.server.close();
    // Assess
    expect(metrics).toMatchObject({ impressions: 500, reach: 320, clicks: 17, likes: 13 });
    expect(metrics.notProvided).toContain('videoViews');
  });
});
