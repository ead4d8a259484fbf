import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplyRequest } from '../../functions/channels/core/channel-adapter.js';
import { adapterFor } from '../../functions/channels/registry.js';
import { memoryCredentials } from '../support/platforms/memory-credentials.js';
import { GRAPH_REPLY_TOKEN, startFakeGraphReplies } from '../support/platforms/replies.js';

// Replies on Meta's Graph APIs, through each adapter against a fake that keeps what it was sent.

const USER_ID = '2718';
let fake: Awaited<ReturnType<typeof startFakeGraphReplies>>;
let counter = 0;

beforeAll(async () => {
  fake = await startFakeGraphReplies(USER_ID);
});
afterAll(() => fake?.server.close());

const platforms = {
  facebook: { calls: 1, settings: { pageId: '5678' } },
  instagram: { calls: 1, settings: { userId: USER_ID } },
  threads: { calls: 2, settings: { userId: USER_ID } },
} as const;

function adapterOf(name: keyof typeof platforms) {
  const account = `acme-${name}`;
  return adapterFor(
    {
      id: name,
      adapter: name,
      account,
      maxLength: 500,
      settings: { baseUrl: fake.server.url, ...platforms[name].settings },
    },
    { brandId: 'acme' },
    { credentials: memoryCredentials(account, { accessToken: GRAPH_REPLY_TOKEN }).store },
  );
}

function replyRequest(text: string): ReplyRequest {
  counter += 1;
  return {
    idempotencyKey: `graph-reply-${counter}`,
    text,
    parentId: `1790${counter}`,
    postExternalId: `1780${counter}`,
    notBefore: new Date(Date.now() - 1000).toISOString(),
  };
}

describe.each(Object.keys(platforms) as (keyof typeof platforms)[])('replying on %s', (name) => {
  it('publishes the reply under the item, in one reply call', async () => {
    // Prepare
    const adapter = await adapterOf(name);
    const request = replyRequest('Thanks for asking: Friday!');
    const callsBefore = fake.replyCalls().length;

    // Act
    const sent = await adapter.reply?.(request);

    // Assess
    expect(fake.replyCalls().length - callsBefore).toBe(platforms[name].calls);
    expect(fake.held.filter((r) => r.parentId === request.parentId)).toEqual([
      expect.objectContaining({ id: sent?.externalId, text: 'Thanks for asking: Friday!' }),
    ]);
  });

  it('a repeat finds the earlier reply under the item instead of posting again', async () => {
    // Prepare
    const adapter = await adapterOf(name);
    const request = replyRequest('Glad you liked it');
    const before = await adapter.findReply?.(request);
    const sent = await adapter.reply?.(request);
    const callsAfterReply = fake.replyCalls().length;

    // Act
    const found = await (await adapterOf(name)).findReply?.(request);

    // Assess
    expect(before).toBeUndefined();
    expect(found?.externalId).toBe(sent?.externalId);
    expect(fake.replyCalls()).toHaveLength(callsAfterReply);
  });

  it('a reply with another text under the same item is not taken for this one', async () => {
    // Prepare
    const adapter = await adapterOf(name);
    const request = replyRequest('Our answer');
    await adapter.reply?.({
      ...request,
      idempotencyKey: `${request.idempotencyKey}-other`,
      text: 'Another answer',
    });

    // Act
    const found = await adapter.findReply?.(request);

    // Assess
    expect(found).toBeUndefined();
  });
});

describe('a retried Threads reply', () => {
  it('publishes the container its first attempt created instead of making another', async () => {
    // Prepare: the first attempt's publish call fails after its container was made and stored.
    const request = replyRequest('We are on it');
    let stored: string | undefined;
    const threads = await adapterOf('threads');
    const attempt = () =>
      threads.reply?.({
        ...request,
        ...(stored ? { containerId: stored } : {}),
        onContainerCreated: async (containerId) => {
          stored = containerId;
        },
      });
    const containerCalls = () => fake.server.requests.filter((r) => r.path === `/${USER_ID}/threads`);
    const containersBefore = containerCalls().length;
    fake.server.inject({ on: 'publish', type: 'error', status: 503, body: { error: { message: 'down' } } });
    await expect(attempt()).rejects.toThrow();

    // Act
    const sent = await attempt();

    // Assess
    expect(containerCalls().length - containersBefore).toBe(1);
    expect(fake.held.filter((r) => r.parentId === request.parentId)).toEqual([
      expect.objectContaining({ id: sent?.externalId, text: 'We are on it' }),
    ]);
  });
});
