import { describe, expect, it } from 'vitest';
import type { ReplyRequest } from '../../functions/channels/core/channel-adapter.js';
import { usePdsWithBrand } from '../support/bluesky-pds.js';
import { useBeforeAll } from '../support/file-fixture.js';

// Bluesky replies against a real AT Protocol PDS (@atproto/pds) on 127.0.0.1: the brand's
// reply is a real post record whose strong refs the PDS validates.

const POSTS = 'app.bsky.feed.post';
const { pds, brand, adapter } = usePdsWithBrand('brandreplies');
const fan = useBeforeAll(() => pds.createAccount('fanreplies'));

/** The brand's post and a fan's reply to it, as collection finds them. */
async function postWithFanReply(key: string) {
  const published = await adapter().publish({
    idempotencyKey: `${key}:bluesky:r1`,
    postId: key,
    content: { text: 'Which loaf do you like best?' },
    scheduledAt: new Date().toISOString(),
  });
  const rkey = published.externalId.split('/').at(-1) as string;
  const { cid } = await pds.xrpc<{ cid: string }>('com.atproto.repo.getRecord', {
    params: { repo: brand.did, collection: POSTS, rkey },
  });
  const root = { uri: published.externalId, cid };
  const fanReply = await pds.xrpc<{ uri: string; cid: string }>('com.atproto.repo.createRecord', {
    token: fan.accessJwt,
    body: {
      repo: fan.did,
      collection: POSTS,
      record: {
        text: 'The rye, when is it back?',
        createdAt: new Date().toISOString(),
        reply: { root, parent: root },
      },
    },
  });
  return { published, root, fanReply };
}

/** One reply of the brand to `parentId`, under the brand's post `postExternalId`. */
function replyRequest(
  postExternalId: string,
  parentId: string,
  idempotencyKey: string,
  text: string,
): ReplyRequest {
  return { idempotencyKey, text, parentId, postExternalId, notBefore: new Date().toISOString() };
}

/** The brand's records that answer `parentUri`. */
async function brandRepliesTo(parentUri: string) {
  const { records } = await pds.xrpc<{ records: { uri: string; value: Record<string, unknown> }[] }>(
    'com.atproto.repo.listRecords',
    { params: { repo: brand.did, collection: POSTS } },
  );
  return records.filter((r) => (r.value.reply as { parent?: { uri?: string } })?.parent?.uri === parentUri);
}

describe('Bluesky replies against a real PDS', () => {
  it('writes one reply record with the thread root and the fan reply as parent, its link clickable', async () => {
    // Prepare
    const { published, root, fanReply } = await postWithFanReply('reply-post-1');
    const request = replyRequest(
      published.externalId,
      fanReply.uri,
      'reply-1',
      'Rye is back on Friday: https://acme.example/rye',
    );

    // Act
    const sent = await adapter().reply?.(request);

    // Assess
    const replies = await brandRepliesTo(fanReply.uri);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.uri).toBe(sent?.externalId);
    expect(replies[0]?.value).toMatchObject({
      text: 'Rye is back on Friday: https://acme.example/rye',
      facets: [{ features: [{ uri: 'https://acme.example/rye' }] }],
      reply: { root, parent: { uri: fanReply.uri, cid: fanReply.cid } },
    });
  });

  it('replying twice with one request leaves one record, and findReply finds it', async () => {
    // Prepare
    const { published, fanReply } = await postWithFanReply('reply-post-2');
    const request = replyRequest(published.externalId, fanReply.uri, 'reply-2', 'Thanks, glad you like it!');
    const bluesky = adapter();
    const before = await bluesky.findReply?.(request);

    // Act
    const first = await bluesky.reply?.(request);
    const second = await adapter().reply?.(request);
    const found = await bluesky.findReply?.(request);

    // Assess
    expect(before).toBeUndefined();
    expect(second?.externalId).toBe(first?.externalId);
    expect(found?.externalId).toBe(first?.externalId);
    expect(await brandRepliesTo(fanReply.uri)).toHaveLength(1);
  });

  it('a different reply to the same item is a record of its own', async () => {
    // Prepare
    const { published, fanReply } = await postWithFanReply('reply-post-3');
    const bluesky = adapter();

    // Act
    const one = await bluesky.reply?.(
      replyRequest(published.externalId, fanReply.uri, 'reply-3a', 'First answer'),
    );
    const two = await bluesky.reply?.(
      replyRequest(published.externalId, fanReply.uri, 'reply-3b', 'Second answer'),
    );

    // Assess
    expect(one?.externalId).not.toBe(two?.externalId);
    expect(await brandRepliesTo(fanReply.uri)).toHaveLength(2);
  });
});
