import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PostRecord } from '../../functions/domain/post.js';
import { createTestTable } from '../support/dynamodb.js';
import { itemsBeginningWith } from '../support/store-fixtures.js';

type Posts = typeof import('../../functions/persistence/posts.js');
type Log = typeof import('../../functions/persistence/lifecycle-log.js');
let posts: Posts;
let log: Log;

beforeAll(async () => {
  await createTestTable();
  // The persistence modules build their client from the environment the table setup completes.
  [posts, log] = await Promise.all([
    import('../../functions/persistence/posts.js'),
    import('../../functions/persistence/lifecycle-log.js'),
  ]);
});

const actor = { type: 'user' as const, id: 'author-1' };
const hash = 'a'.repeat(64);

function newPost(overrides: Partial<PostRecord> = {}): PostRecord {
  const postId = `post-${randomUUID().slice(0, 8)}`;
  return {
    postId,
    brandId: 'acme',
    campaign: 'spring',
    authorId: 'author-1',
    contentType: 'text',
    content: {
      x: { text: 'Our spring blend is back. '.repeat(30) },
      linkedin: { text: 'Spring is here.', link: 'https://example.com/spring' },
    },
    channels: ['x', 'linkedin'],
    scheduledAt: '2030-05-01T09:00:00Z',
    timeZone: 'Europe/Paris',
    status: 'submitted',
    revision: 1,
    contentHash: hash,
    executionName: `${postId}-r1`,
    executionRevision: 1,
    createdAt: '2030-04-01T09:00:00.000Z',
    updatedAt: '2030-04-01T09:00:00.000Z',
    ...overrides,
  };
}

/** Every stored item of the post's partition whose sort key starts with `POST`, by sort key. */
async function storedItems(postId: string) {
  const items = await itemsBeginningWith(`POST#${postId}`, 'POST');
  return Object.fromEntries(items.map((item) => [item.sk as string, item]));
}

const policy = { outcome: 'pass' as const, findings: [], policyVersion: 1 };
const review = {
  contentHash: hash,
  stages: [{ name: 'legal', approvers: ['reviewer-1'], mode: 'any' as const, backupApprovers: [] }],
  stage: 0,
  stageStartedAt: '2030-04-01T09:01:00.000Z',
  sla: {},
  approvals: [],
  seq: 1,
};

describe('post storage', () => {
  it('reads a post back as the record that was created', async () => {
    // Prepare
    const post = newPost();
    // Act
    await posts.createPost(post, { action: 'submitted', actor, revision: 1 });
    // Assess
    expect(await posts.getPost(post.postId)).toEqual(post);
  });

  it('reads the policy and review a step stored as part of the post', async () => {
    // Prepare
    const post = newPost();
    await posts.createPost(post, { action: 'submitted', actor, revision: 1 });
    // Act
    await posts.changePost(post.postId, {
      set: { status: 'in_review', policy, policyRevision: 1, review },
      when: { statusIn: ['submitted'], reviewSeq: null },
      log: { action: 'policy_checked', actor, revision: 1 },
    });
    // Assess
    const stored = await posts.getPost(post.postId);
    expect(stored).toEqual({
      ...post,
      status: 'in_review',
      policy,
      policyRevision: 1,
      review,
      updatedAt: stored?.updatedAt,
    });
  });

  it('keeps the item rewritten by every status change under 1 KB, with the content apart', async () => {
    // Prepare
    const post = newPost();
    // Act
    await posts.createPost(post, { action: 'submitted', actor, revision: 1 });
    // Assess
    const items = await storedItems(post.postId);
    expect(JSON.stringify(items.POST).length).toBeLessThan(1024);
    expect(items.POST).not.toHaveProperty('content');
    expect(items['POST#CONTENT']).toMatchObject({ content: post.content });
  });

  it('rewrites neither the content nor the review item on a status change', async () => {
    // Prepare
    const post = newPost();
    await posts.createPost(post, { action: 'submitted', actor, revision: 1 });
    await posts.changePost(post.postId, {
      set: { status: 'in_review', policy, policyRevision: 1, review },
      when: { statusIn: ['submitted'] },
      log: { action: 'policy_checked', actor, revision: 1 },
    });
    const before = await storedItems(post.postId);
    // Act
    await posts.changePost(post.postId, {
      set: { status: 'cancelled' },
      when: { statusIn: ['in_review'] },
      log: { action: 'cancelled', actor, revision: 1 },
    });
    // Assess
    const after = await storedItems(post.postId);
    expect(after['POST#CONTENT']).toEqual(before['POST#CONTENT']);
    expect(after['POST#REVIEW']).toEqual(before['POST#REVIEW']);
    expect(after.POST).toMatchObject({ status: 'cancelled' });
  });

  it('applies a review change once when two race on the same review sequence', async () => {
    // Prepare
    const post = newPost();
    await posts.createPost(post, { action: 'submitted', actor, revision: 1 });
    await posts.changePost(post.postId, {
      set: { status: 'in_review', review },
      when: { statusIn: ['submitted'] },
      log: { action: 'policy_checked', actor, revision: 1 },
    });
    const decide = (reviewerId: string) =>
      posts.changePost(post.postId, {
        set: {
          review: {
            ...review,
            seq: 2,
            approvals: [{ reviewerId, at: '2030-04-01T10:00:00.000Z', stage: 'legal', contentHash: hash }],
          },
        },
        when: { statusIn: ['in_review'], reviewSeq: 1 },
        log: { action: 'review_decided', actor: { type: 'user', id: reviewerId }, revision: 1 },
      });
    // Act
    const first = await decide('reviewer-1');
    const second = await decide('reviewer-2');
    // Assess
    expect([first, second]).toEqual([true, false]);
    expect((await posts.getPost(post.postId))?.review?.approvals.map((a) => a.reviewerId)).toEqual([
      'reviewer-1',
    ]);
    expect((await log.listLifecycleLog(post.postId)).map((e) => e.action)).toEqual([
      'submitted',
      'policy_checked',
      'review_decided',
    ]);
  });

  it('writes no part and no log entry when the condition on the review does not hold', async () => {
    // Prepare
    const post = newPost();
    await posts.createPost(post, { action: 'submitted', actor, revision: 1 });
    const before = await storedItems(post.postId);
    // Act
    const changed = await posts.changePost(post.postId, {
      set: { status: 'cancelled', content: { x: { text: 'replaced' } } },
      when: { statusIn: ['submitted'], reviewSeq: 7 },
      log: { action: 'cancelled', actor, revision: 1 },
    });
    // Assess
    expect(changed).toBe(false);
    expect(await storedItems(post.postId)).toEqual(before);
    expect((await log.listLifecycleLog(post.postId)).map((e) => e.action)).toEqual(['submitted']);
  });

  it('lists whole posts on the calendar and follows a reschedule', async () => {
    // Prepare
    const brandId = `brand-${randomUUID().slice(0, 8)}`;
    const post = newPost({ brandId });
    await posts.createPost(post, { action: 'submitted', actor, revision: 1 });
    await posts.changePost(post.postId, {
      set: { status: 'in_review', policy, review },
      when: { statusIn: ['submitted'] },
      log: { action: 'policy_checked', actor, revision: 1 },
    });
    // Act
    await posts.changePost(post.postId, {
      set: { brandId, scheduledAt: '2030-05-02T09:00:00Z' },
      when: { statusIn: ['in_review'] },
      log: { action: 'rescheduled', actor, revision: 1 },
    });
    // Assess
    const day = (from: string, to: string) => posts.listCalendar(brandId, from, to);
    expect(await day('2030-05-01T00:00:00Z', '2030-05-02T00:00:00Z')).toEqual([]);
    const listed = await day('2030-05-02T00:00:00Z', '2030-05-03T00:00:00Z');
    expect(listed).toEqual([await posts.getPost(post.postId)]);
    expect(listed[0]).toMatchObject({ status: 'in_review', policy, review, content: post.content });
  });
});
