import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplyRequest } from '../../functions/channels/core/channel-adapter.js';
import { adapterFor } from '../../functions/channels/registry.js';
import { memoryCredentials } from '../support/platforms/memory-credentials.js';
import { REPLY_TOKEN, startFakeReplies } from '../support/platforms/replies.js';

// LinkedIn comment replies through the adapter, against a fake that keeps what it was sent.

const ORGANIZATION = 'urn:li:organization:42';
const POST_URN = 'urn:li:share:7001';
let fake: Awaited<ReturnType<typeof startFakeReplies>>;
let counter = 0;

beforeAll(async () => {
  fake = await startFakeReplies();
});
afterAll(() => fake?.server.close());

function linkedIn() {
  return adapterFor(
    {
      id: 'li',
      adapter: 'linkedin',
      account: 'acme-li',
      maxLength: 1250,
      settings: { baseUrl: fake.server.url, organizationUrn: ORGANIZATION },
    },
    { brandId: 'acme' },
    { credentials: memoryCredentials('acme-li', { accessToken: REPLY_TOKEN }).store },
  );
}

function replyTo(text: string): ReplyRequest {
  counter += 1;
  return {
    idempotencyKey: `li-reply-${counter}`,
    text,
    parentId: `urn:li:comment:(urn:li:activity:7001,${900 + counter})`,
    postExternalId: POST_URN,
    notBefore: new Date(Date.now() - 1000).toISOString(),
  };
}

describe('replying on LinkedIn', () => {
  it('comments on the comment as the organization, in one call', async () => {
    // Prepare
    const request = replyTo('Thanks, we will look into it');
    const callsBefore = fake.replyCalls().length;

    // Act
    const sent = await (await linkedIn()).reply?.(request);

    // Assess
    const calls = fake.replyCalls().slice(callsBefore);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.path).toBe(`/rest/socialActions/${encodeURIComponent(request.parentId)}/comments`);
    expect(calls[0]?.body).toMatchObject({
      actor: ORGANIZATION,
      object: POST_URN,
      parentComment: request.parentId,
      message: { text: 'Thanks, we will look into it' },
    });
    expect(sent?.externalId).toMatch(/^urn:li:comment:/);
  });

  it('a repeat finds the earlier comment under the item instead of commenting again', async () => {
    // Prepare
    const request = replyTo('Glad it arrived safely');
    const before = await (await linkedIn()).findReply?.(request);
    const sent = await (await linkedIn()).reply?.(request);
    const callsAfterReply = fake.replyCalls().length;

    // Act
    const found = await (await linkedIn()).findReply?.(request);

    // Assess
    expect(before).toBeUndefined();
    expect(found?.externalId).toBe(sent?.externalId);
    expect(fake.replyCalls()).toHaveLength(callsAfterReply);
  });
});
