import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelFailure, type PublishRequest } from '../../functions/channels/core/channel-adapter.js';
import type { ChannelCredentials } from '../../functions/channels/core/credentials.js';
import { readFollowers } from '../../functions/channels/followers.js';
import {
  type LocalPds,
  type PdsAccount,
  pdsAdapter,
  startLocalPds,
  startLosingProxy,
} from '../support/bluesky-pds.js';

// The Bluesky adapter against a real AT Protocol PDS (@atproto/pds) on 127.0.0.1.

const POSTS = 'app.bsky.feed.post';
let pds: LocalPds;
let brand: PdsAccount;
let proxy: Awaited<ReturnType<typeof startLosingProxy>>;
let counter = 0;

beforeAll(async () => {
  pds = await startLocalPds();
  brand = await pds.createAccount('brandflowdemo');
  proxy = await startLosingProxy(pds.url);
});

afterAll(async () => {
  await proxy?.close();
  await pds?.stop();
});

function adapterFor(baseUrl: string, credentials: ChannelCredentials = {}) {
  return pdsAdapter(baseUrl, brand, credentials);
}

function nextRequest(text: string): PublishRequest {
  counter += 1;
  return {
    idempotencyKey: `pds-post-${counter}:bluesky:r1`,
    postId: `pds-post-${counter}`,
    content: { text },
    scheduledAt: new Date(Date.now() + counter * 60_000).toISOString(),
  };
}

const postsHeld = async () => (await pds.listRecords(brand.did, POSTS)).length;

describe('Bluesky adapter against a real PDS', () => {
  it('reads no follower count where the AppView serves no profile, as not available rather than zero', async () => {
    // Prepare: profiles (and their followersCount) come from the AppView; the local stand-in answers getPosts only.
    const adapter = adapterFor(pds.url);
    // Act
    const followers = await readFollowers(adapter);
    // Assess
    expect(followers).toBeNull();
  });

  it('publishes a post the PDS holds, with its text, a clickable link and the record key it chose', async () => {
    // Prepare
    const adapter = adapterFor(pds.url);
    const request = nextRequest('Spring blend is back 🌱 https://brand.example/spring');
    const before = await postsHeld();
    // Act
    const published = await adapter.publish(request);
    // Assess
    const rkey = published.externalId.split('/').at(-1) as string;
    expect(published.externalId).toBe(`at://${brand.did}/${POSTS}/${rkey}`);
    expect(published.url).toBe(`https://bsky.app/profile/${brand.handle}/post/${rkey}`);
    const held = await pds.xrpc<{ uri: string; value: Record<string, unknown> }>(
      'com.atproto.repo.getRecord',
      {
        params: { repo: brand.did, collection: POSTS, rkey },
      },
    );
    expect(held.uri).toBe(published.externalId);
    expect(held.value.text).toBe(request.content.text);
    expect(held.value.facets).toEqual([
      expect.objectContaining({
        features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://brand.example/spring' }],
      }),
    ]);
    expect(await postsHeld()).toBe(before + 1);
  });

  it('reads back a published post by its request, and finds nothing for a request never published', async () => {
    // Prepare
    const adapter = adapterFor(pds.url);
    const request = nextRequest('Read me back');
    const published = await adapter.publish(request);
    // Act
    const found = await adapterFor(pds.url).findPublished(request);
    const missing = await adapterFor(pds.url).findPublished(nextRequest('Never sent'));
    // Assess
    expect(found?.externalId).toBe(published.externalId);
    expect(found?.url).toBe(published.url);
    expect(missing).toBeUndefined();
  });

  it('never posts twice when the answer to createRecord is lost and the publish is retried', async () => {
    // Prepare
    const request = nextRequest('Answer lost on the way back');
    const before = await postsHeld();
    const forwardedBefore = proxy.createRecordsForwarded();
    const lostBefore = proxy.answersLost();
    proxy.loseNextCreateRecord();
    // Act: the first attempt's answer is lost; a second attempt follows, as after a crash
    // between the platform's success and our record of it.
    const first = await adapterFor(proxy.url).publish(request);
    const retry = await adapterFor(proxy.url).publish(request);
    // Assess
    expect(proxy.answersLost() - lostBefore).toBe(1);
    expect(proxy.createRecordsForwarded() - forwardedBefore).toBe(2);
    expect(first.externalId).toMatch(new RegExp(`^at://${brand.did}/${POSTS}/`));
    expect(retry.externalId).toBe(first.externalId);
    expect(await postsHeld()).toBe(before + 1);
  });

  it('reads likes, reposts and replies that other accounts made, as the normalized metrics', async () => {
    // Prepare
    const adapter = adapterFor(pds.url);
    const published = await adapter.publish(nextRequest('Tell us what you think'));
    const { cid } = await pds.xrpc<{ cid: string }>('com.atproto.repo.getRecord', {
      params: { repo: brand.did, collection: POSTS, rkey: published.externalId.split('/').at(-1) as string },
    });
    const subject = { uri: published.externalId, cid };
    const fans = [await pds.createAccount('fanone'), await pds.createAccount('fantwo')];
    const createdAt = new Date().toISOString();
    for (const fan of fans) {
      await pds.xrpc('com.atproto.repo.createRecord', {
        token: fan.accessJwt,
        body: { repo: fan.did, collection: 'app.bsky.feed.like', record: { subject, createdAt } },
      });
    }
    await pds.xrpc('com.atproto.repo.createRecord', {
      token: fans[0]?.accessJwt,
      body: { repo: fans[0]?.did, collection: 'app.bsky.feed.repost', record: { subject, createdAt } },
    });
    await pds.xrpc('com.atproto.repo.createRecord', {
      token: fans[1]?.accessJwt,
      body: {
        repo: fans[1]?.did,
        collection: POSTS,
        record: { text: 'Love it', createdAt, reply: { root: subject, parent: subject } },
      },
    });
    // Act
    const metrics = await adapter.fetchMetrics(published, new Date().toISOString());
    // Assess
    expect(metrics).toMatchObject({ likes: 2, shares: 1, comments: 1 });
    expect(metrics.notProvided).toEqual(['impressions', 'reach', 'saves', 'clicks', 'videoViews']);
  });

  it('asks for reconnection when the PDS refuses the app password, with its own message', async () => {
    // Prepare
    const adapter = adapterFor(pds.url, { appPassword: 'not-the-password' });
    const before = await postsHeld();
    // Act
    const failure = await adapter.publish(nextRequest('Wrong password')).catch((error: unknown) => error);
    // Assess
    expect(failure).toBeInstanceOf(ChannelFailure);
    expect(failure).toMatchObject({ kind: 'permanent', reconnect: true });
    expect((failure as ChannelFailure).message).toContain('Invalid identifier or password');
    expect(await postsHeld()).toBe(before);
  });
});
