import { describe, expect, it } from 'vitest';
import { newPostId, postInReview, submission, useHarnessWithBrand } from '../support/twin-harness.js';

const harness = useHarnessWithBrand();

const decision = (postId: string, overrides: Record<string, unknown> = {}) =>
  harness.approval(postId, overrides);

describe('Review Decision', () => {
  it('approves: schedules the post and hands the approval to the waiting execution', async () => {
    // Prepare
    const postId = newPostId();
    const { token } = await postInReview(harness, postId);
    harness.aws.clear();
    // Act
    const result = await harness.h.reviewDecision(await decision(postId));
    // Assess
    expect(result).toMatchObject({ status: 'accepted', decision: 'approve' });
    const post = await harness.db.getPost(postId);
    expect(post).toMatchObject({ status: 'scheduled', approvedBy: 'reviewer-1' });
    expect(post?.approvedContentHash).toBe(post?.contentHash);
    expect(harness.aws.callsOf('SendTaskSuccess')).toEqual([
      {
        taskToken: token,
        output: JSON.stringify({ decision: 'approve', reviewer: 'reviewer-1', revision: 1 }),
      },
    ]);
    expect(harness.aws.events().map((e) => e.detailType)).toEqual(['Post Approved', 'Post Scheduled']);
    // The review time (dashboard p50/p95) runs from the start of the review to this decision.
    const approved = harness.aws.events()[0]?.detail;
    expect(Date.parse(String(approved?.reviewStartedAt))).toBeLessThanOrEqual(
      Date.parse(String(approved?.occurredAt)),
    );
    expect((await harness.db.listLifecycleLog(postId)).at(-1)).toMatchObject({
      action: 'review_decided',
      actor: { type: 'user', id: 'reviewer-1' },
    });
  });

  it.each([
    ['reject', 'rejected', 'ReviewRejected', 'Post Rejected'],
    ['request_changes', 'changes_requested', 'ChangesRequested', 'Changes Requested'],
  ])('%s: moves the post to %s and fails the review task with %s', async (kind, status, error, eventType) => {
    // Prepare
    const postId = newPostId();
    const { token } = await postInReview(harness, postId);
    harness.aws.clear();
    // Act
    const result = await harness.h.reviewDecision(
      await decision(postId, { decision: kind, comment: 'Off brand' }),
    );
    // Assess
    expect(result.status).toBe('accepted');
    expect(await harness.db.getPost(postId)).toMatchObject({ status });
    expect(harness.aws.callsOf('SendTaskFailure')).toEqual([{ taskToken: token, error, cause: 'Off brand' }]);
    expect(harness.aws.events(eventType)).toHaveLength(1);
  });

  it.each([
    ['an unknown post', { postId: 'no-such-post' }, 'no post has this id'],
    ['a revision that is not current', { revision: 2 }, 'not the current revision'],
    ['an unknown decision', { decision: 'maybe' }, 'decision'],
    ['a rejection without comment', { decision: 'reject' }, 'comment'],
    ['the author approving their own post', { reviewer: { id: 'author-1' } }, 'wrote the post'],
  ])('refuses %s with a reason and changes nothing', async (_name, overrides, reason) => {
    // Prepare
    const postId = newPostId();
    await postInReview(harness, postId);
    const before = await harness.db.listLifecycleLog(postId);
    harness.aws.clear();
    // Act
    const result = await harness.h.reviewDecision(await decision(postId, overrides));
    // Assess
    expect(result).toMatchObject({ status: 'refused', reason: expect.stringContaining(reason) });
    expect(await harness.db.getPost(postId)).toMatchObject({ status: 'in_review' });
    expect(await harness.db.listLifecycleLog(postId)).toEqual(before);
    expect(harness.aws.callsOf('SendTaskSuccess')).toHaveLength(0);
    expect(harness.aws.events('Review Decision Refused')).toHaveLength(1);
  });

  it('refuses a decision once the review is closed', async () => {
    // Prepare
    const postId = newPostId();
    await postInReview(harness, postId);
    await harness.h.reviewDecision(await decision(postId));
    // Act
    const result = await harness.h.reviewDecision(
      await decision(postId, { decision: 'reject', reviewer: { id: 'reviewer-2' }, comment: 'Too late' }),
    );
    // Assess
    expect(result).toMatchObject({ status: 'refused', reason: expect.stringContaining('review is closed') });
    expect(await harness.db.getPost(postId)).toMatchObject({ status: 'scheduled' });
  });

  it('re-sends a redelivered decision without writing again, even if the task already closed', async () => {
    // Prepare
    const postId = newPostId();
    const { token } = await postInReview(harness, postId);
    await harness.h.reviewDecision(await decision(postId));
    const logBefore = await harness.db.listLifecycleLog(postId);
    harness.aws.clear();
    // Act
    const result = await harness.h.reviewDecision(await decision(postId));
    // Assess
    expect(result.status).toBe('repeated');
    expect(await harness.db.listLifecycleLog(postId)).toEqual(logBefore);
    expect(harness.aws.callsOf('SendTaskSuccess')).toEqual([expect.objectContaining({ taskToken: token })]);
  });

  it('keeps a decision made before the review task started, and replays it when the task asks', async () => {
    // Prepare
    const postId = newPostId();
    const submitted = await harness.h.submitPost(submission(postId));
    const executionName = submitted.status === 'submitted' ? submitted.executionName : '';
    await harness.h.checkPolicy({ postId, executionName });
    await harness.h.reviewDecision(await decision(postId));
    harness.aws.clear();
    // Act
    await harness.h.requestReview({ postId, executionName, revision: 1, taskToken: 'late-token' });
    // Assess
    expect(harness.aws.callsOf('SendTaskSuccess')).toEqual([
      expect.objectContaining({ taskToken: 'late-token' }),
    ]);
  });
});

describe('Cancel Post', () => {
  it('cancels a post in review and fails its review task with PostCancelled', async () => {
    // Prepare
    const postId = newPostId();
    const { token } = await postInReview(harness, postId);
    harness.aws.clear();
    // Act
    const result = await harness.h.cancelPost({
      postId,
      requestedBy: { id: 'author-1' },
      reason: 'Event moved',
    });
    // Assess
    expect(result.status).toBe('cancelled');
    const post = await harness.db.getPost(postId);
    expect(post).toMatchObject({ status: 'cancelled' });
    expect(post?.reviewTaskToken).toBeUndefined();
    expect(harness.aws.callsOf('SendTaskFailure')).toEqual([
      expect.objectContaining({ taskToken: token, error: 'PostCancelled' }),
    ]);
    expect(harness.aws.events('Post Cancelled')).toHaveLength(1);
  });

  it('treats a repeated cancellation as done, writes nothing and announces it again in case the first stopped half-way', async () => {
    // Prepare
    const postId = newPostId();
    await harness.h.submitPost(submission(postId));
    await harness.h.cancelPost({ postId, requestedBy: { id: 'author-1' } });
    const logBefore = await harness.db.listLifecycleLog(postId);
    harness.aws.clear();
    // Act
    const result = await harness.h.cancelPost({ postId, requestedBy: { id: 'author-1' } });
    // Assess
    expect(result.status).toBe('already_cancelled');
    expect(await harness.db.listLifecycleLog(postId)).toEqual(logBefore);
    expect(harness.aws.events().map((e) => e.detailType)).toEqual(['Post Cancelled']);
  });

  it('refuses to cancel a published post, with the reason', async () => {
    // Prepare
    const postId = newPostId();
    const { executionName } = await postInReview(harness, postId);
    await harness.h.reviewDecision(await decision(postId));
    await harness.setScheduledAt(postId, new Date(Date.now() - 1000).toISOString());
    await harness.h.confirmStillScheduled({ postId, executionName });
    // Act
    const result = await harness.h.cancelPost({ postId, requestedBy: { id: 'author-1' } });
    // Assess
    expect(result).toMatchObject({ status: 'refused', reason: expect.stringContaining('publishing') });
    expect(await harness.db.getPost(postId)).toMatchObject({ status: 'publishing' });
  });

  it('refuses an unknown post', async () => {
    // Act
    const result = await harness.h.cancelPost({ postId: 'no-such-post', requestedBy: { id: 'author-1' } });
    // Assess
    expect(result).toEqual({
      status: 'refused',
      reason: 'no post has this id',
      errors: [{ field: 'postId', rule: 'known-post', message: 'no post has this id' }],
    });
  });
});
