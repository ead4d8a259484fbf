import { describe, expect, it } from 'vitest';
import { StateName, WorkflowError } from '../../workflows/contract.js';
import { hoursFromNow } from '../support/fixtures.js';
import { newPostId, postInReview, submission, useHarnessWithBrand } from '../support/twin-harness.js';

const harness = useHarnessWithBrand();

const decision = (postId: string, overrides: Record<string, unknown> = {}) =>
  harness.approval(postId, overrides);

const reschedule = (detail: unknown) => harness.handler('reschedule-post', 'Reschedule Post')(detail);

/** The task callbacks of one kind since `clear()`: who sent each, on which token, and AWS's error if it refused it. */
const callbacks = (operation: 'SendTaskSuccess' | 'SendTaskFailure') =>
  harness.aws
    .recordsOf(operation)
    .map(({ caller, request, errorCode }) => ({ caller, taskToken: request.taskToken, errorCode }));

describe('Review Decision', () => {
  it('approves: schedules the post and hands the approval to the waiting execution', async () => {
    // Prepare
    const postId = newPostId();
    const { executionName, token } = await postInReview(harness, postId);
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
    // The execution left AwaitReview with the approval and sleeps until the scheduled time.
    expect(harness.historyOf(executionName, 'StateExited', StateName.AwaitReview)).toEqual([
      expect.objectContaining({
        output: expect.objectContaining({
          approval: { decision: 'approve', reviewer: 'reviewer-1', revision: 1 },
        }),
      }),
    ]);
    harness.expectWaitingIn(executionName, StateName.WaitUntilScheduledTime);
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
    ['reject', 'rejected', 'ReviewRejected', 'Post Rejected', StateName.EndRejectedInReview],
    [
      'request_changes',
      'changes_requested',
      'ChangesRequested',
      'Changes Requested',
      StateName.EndChangesRequested,
    ],
  ])(
    '%s: moves the post to %s and fails the review task with %s',
    async (kind, status, error, eventType, end) => {
      // Prepare
      const postId = newPostId();
      const { executionName, token } = await postInReview(harness, postId);
      harness.aws.clear();
      // Act
      const result = await harness.h.reviewDecision(
        await decision(postId, { decision: kind, comment: 'Off brand' }),
      );
      // Assess
      expect(result.status).toBe('accepted');
      expect(await harness.db.getPost(postId)).toMatchObject({ status });
      expect(harness.aws.callsOf('SendTaskFailure')).toEqual([
        { taskToken: token, error, cause: 'Off brand' },
      ]);
      expect(harness.historyOf(executionName, 'StateFailed', StateName.AwaitReview)).toEqual([
        expect.objectContaining({ error, cause: 'Off brand' }),
      ]);
      expect(harness.restingPlace(executionName)).toEqual({ status: 'SUCCEEDED', state: end });
      expect(harness.aws.events(eventType)).toHaveLength(1);
    },
  );

  it.each([
    ['an unknown post', { postId: 'no-such-post' }, 'no post has this id'],
    ['a revision that is not current', { revision: 2 }, 'not the current revision'],
    ['an unknown decision', { decision: 'maybe' }, 'decision'],
    ['a rejection without comment', { decision: 'reject' }, 'comment'],
    ['the author approving their own post', { reviewer: { id: 'author-1' } }, 'wrote the post'],
  ])('refuses %s with a reason and changes nothing', async (_name, overrides, reason) => {
    // Prepare
    const postId = newPostId();
    const { executionName, token } = await postInReview(harness, postId);
    const before = await harness.db.listLifecycleLog(postId);
    harness.aws.clear();
    // Act
    const result = await harness.h.reviewDecision(await decision(postId, overrides));
    // Assess
    expect(result).toMatchObject({ status: 'refused', reason: expect.stringContaining(reason) });
    expect(await harness.db.getPost(postId)).toMatchObject({ status: 'in_review', reviewTaskToken: token });
    expect(await harness.db.listLifecycleLog(postId)).toEqual(before);
    expect(harness.aws.callsOf('SendTaskSuccess')).toHaveLength(0);
    expect(harness.aws.callsOf('SendTaskFailure')).toHaveLength(0);
    harness.expectWaitingIn(executionName, StateName.AwaitReview);
    expect(harness.aws.events('Review Decision Refused')).toHaveLength(1);
  });

  it('refuses a decision once the review is closed', async () => {
    // Prepare
    const postId = newPostId();
    const { executionName } = await postInReview(harness, postId);
    await harness.h.reviewDecision(await decision(postId));
    harness.aws.clear();
    // Act
    const result = await harness.h.reviewDecision(
      await decision(postId, { decision: 'reject', reviewer: { id: 'reviewer-2' }, comment: 'Too late' }),
    );
    // Assess
    expect(result).toMatchObject({ status: 'refused', reason: expect.stringContaining('review is closed') });
    expect(await harness.db.getPost(postId)).toMatchObject({ status: 'scheduled' });
    expect(harness.aws.callsOf('SendTaskFailure')).toHaveLength(0);
    harness.expectWaitingIn(executionName, StateName.WaitUntilScheduledTime);
  });

  it('re-sends a redelivered decision without writing again, even if the task already closed', async () => {
    // Prepare
    const postId = newPostId();
    const { executionName, token } = await postInReview(harness, postId);
    await harness.h.reviewDecision(await decision(postId));
    const logBefore = await harness.db.listLifecycleLog(postId);
    harness.aws.clear();
    // Act
    const result = await harness.h.reviewDecision(await decision(postId));
    // Assess
    expect(result.status).toBe('repeated');
    expect(await harness.db.listLifecycleLog(postId)).toEqual(logBefore);
    // The task had closed with the first answer: Step Functions refuses the resend, which is tolerated.
    expect(callbacks('SendTaskSuccess')).toEqual([
      expect.objectContaining({
        taskToken: token,
        errorCode: expect.stringMatching(/^(TaskDoesNotExist|InvalidToken)$/),
      }),
    ]);
    expect(harness.historyOf(executionName, 'StateExited', StateName.AwaitReview)).toHaveLength(1);
    harness.expectWaitingIn(executionName, StateName.WaitUntilScheduledTime);
  });

  it('keeps a decision made before the review task started, and replays it when the task asks', async () => {
    // Prepare: a move to a later time is written while Step Functions is out, so the review
    // waits for a new task (AwaitReview, after CheckReviewDeadline) that has not started yet
    const postId = newPostId();
    const { executionName, token } = await postInReview(harness, postId);
    const move = { postId, scheduledAt: hoursFromNow(6), requestedBy: { id: 'editor-1' } };
    harness.aws.failNext('SendTaskFailure', 10);
    await expect(reschedule(move)).rejects.toThrow();
    harness.aws.failNext('SendTaskFailure', 0);
    const kept = await harness.h.reviewDecision(await decision(postId));
    const afterDecision = await harness.db.getPost(postId);
    harness.aws.clear();
    // Act: the move is delivered again and ends the old task, so AwaitReview starts a new one
    await reschedule(move);
    // Assess
    expect(kept).toMatchObject({ status: 'accepted', decision: 'approve' });
    expect(afterDecision).toMatchObject({ status: 'scheduled' });
    expect(callbacks('SendTaskFailure')).toEqual([
      expect.objectContaining({ taskToken: token, errorCode: undefined }),
    ]);
    const [replayed] = callbacks('SendTaskSuccess');
    expect(callbacks('SendTaskSuccess')).toEqual([
      { caller: harness.functionOf('request-review'), taskToken: expect.any(String), errorCode: undefined },
    ]);
    expect(replayed?.taskToken).not.toBe(token);
    expect(harness.historyOf(executionName, 'StateEntered', StateName.AwaitReview)).toHaveLength(2);
    expect(
      harness.historyOf(executionName, 'StateExited', StateName.AwaitReview).at(-1)?.output,
    ).toMatchObject({
      approval: { decision: 'approve', reviewer: 'reviewer-1', revision: 1 },
    });
    expect(harness.historyOf(executionName, 'StateFailed', StateName.AwaitReview)).toEqual([
      expect.objectContaining({ error: WorkflowError.PostRescheduled }),
    ]);
    harness.expectWaitingIn(executionName, StateName.WaitUntilScheduledTime);
  });
});

describe('Cancel Post', () => {
  it('cancels a post in review and fails its review task with PostCancelled', async () => {
    // Prepare
    const postId = newPostId();
    const { executionName, token } = await postInReview(harness, postId);
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
    expect(harness.restingPlace(executionName)).toEqual({
      status: 'SUCCEEDED',
      state: StateName.EndCancelled,
    });
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
