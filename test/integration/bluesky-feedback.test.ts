import { describe, expect, it } from 'vitest';
import { type PdsAccount, usePdsWithBrand } from '../support/bluesky-pds.js';

// Bluesky feedback against a real AT Protocol PDS (@atproto/pds) on 127.0.0.1: replies are
// real post records in other accounts' repositories.

const POSTS = 'app.bsky.feed.post';
const { pds, brand, adapter } = usePdsWithBrand('brandfeedback');

describe('Bluesky feedback against a real PDS', () => {
  it('reads every reply of the thread, nested ones too, with the author as a DID', async () => {
    // Prepare: a post, a fan's reply to it and a second fan's reply to that reply.
    const bluesky = adapter();
    const published = await bluesky.publish({
      idempotencyKey: 'feedback-post:bluesky:r1',
      postId: 'feedback-post',
      content: { text: 'What should we bake next?' },
      scheduledAt: new Date().toISOString(),
    });
    const reply = async (fan: PdsAccount, parent: { uri: string; cid: string }, text: string) =>
      pds.xrpc<{ uri: string; cid: string }>('com.atproto.repo.createRecord', {
        token: fan.accessJwt,
        body: {
          repo: fan.did,
          collection: POSTS,
          record: { text, createdAt: new Date().toISOString(), reply: { root: root, parent } },
        },
      });
    const { cid } = await pds.xrpc<{ cid: string }>('com.atproto.repo.getRecord', {
      params: { repo: brand.did, collection: POSTS, rkey: published.externalId.split('/').at(-1) as string },
    });
    const root = { uri: published.externalId, cid };
    const [ana, li] = [await pds.createAccount('fanana'), await pds.createAccount('fanli')];
    const first = await reply(ana, root, 'Rye bread please!');
    const second = await reply(li, first, '请问什么时候有货？');

    // Act
    const feedback = await bluesky.fetchFeedback?.(published);

    // Assess
    expect(feedback?.map(({ platformId, text, author }) => ({ platformId, text, author }))).toEqual([
      { platformId: first.uri, text: 'Rye bread please!', author: ana.did },
      { platformId: second.uri, text: '请问什么时候有货？', author: li.did },
    ]);
  });
});
