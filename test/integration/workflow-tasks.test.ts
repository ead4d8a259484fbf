import { SendTaskHeartbeatCommand, SFNClient } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { StateName, WorkflowError } from '../../workflows/contract.js';
import {
  hoursFromNow,
  newPostId,
  postInReview,
  submission,
  useHarnessWithBrand,
} from '../support/twin-harness.js';

const harness = useHarnessWithBrand();
const scheduleMetricsRounds = (input: unknown) => harness.handler('schedule-metrics-rounds')(input);
/** A task input's token where the task must fail before it answers any task. */
const UNANSWERED_TOKEN = 'token-the-task-never-answers';

async function submitted(overrides: Record<string, unknown> = {}) {
  const postId = newPostId();
  const result = await harness.h.submitPost(submission(postId, overrides));
  if (result.status !== 'submitted') throw new Error(`setup failed: ${JSON.stringify(result)}`);
  return { postId, executionName: result.executionName };
}

const approve = async (postId: string, revision = 1) =>
  harness.h.reviewDecision(await harness.approval(postId, { revision }));

/** Whether Step Functions still waits for an answer on `token` (a heartbeat is accepted only then). */
async function isOpenTask(token: string | undefined): Promise<boolean> {
  const sfn = new SFNClient({ endpoint: harness.twin.env.AWS_ENDPOINT_URL_SFN, maxAttempts: 1 });
  try {
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    return true;
  } catch (error) {
    if (['TaskDoesNotExist', 'InvalidToken', 'TaskTimedOut'].includes((error as Error).name)) return false;
    throw error;
  }
}

/**
 * A post in review whose edit to revision 2 is written while Step Functions is out, so its
 * review task never heard of it: the post is `submitted` with no review token, and the
 * execution still waits in AwaitReview for revision 1, as in the moment before its token was
 * stored or its window ended.
 */
async function editedUnbeknownToItsReview() {
  const postId = newPostId();
  const { executionName, token } = await postInReview(harness, postId);
  harness.aws.failNext('SendTaskFailure', 10);
  await expect(harness.h.submitPost(submission(postId, { revision: 2 }))).rejects.toThrow();
  harness.aws.failNext('SendTaskFailure', 0);
  if (!(await isOpenTask(token))) throw new Error('setup failed: the review task closed');
  return { postId, executionName, token };
}

describe('every task routes a post that is no longer its own', () => {
  const tasks = [
    ['CheckPolicy', (i: Record<string, unknown>) => harness.h.checkPolicy(i)],
    [
      'AwaitReview',
      (i: Record<string, unknown>) =>
        harness.h.requestReview({ ...i, revision: 1, taskToken: UNANSWERED_TOKEN }),
    ],
    ['CheckReviewDeadline', (i: Record<string, unknown>) => harness.h.checkReviewDeadline(i)],
    ['ConfirmStillScheduled', (i: Record<string, unknown>) => harness.h.confirmStillScheduled(i)],
    [
      'PublishToChannel',
      (i: Record<string, unknown>) => harness.h.publishToChannel({ ...i, revision: 1, channel: 'x' }),
    ],
    [
      'RecordChannelFailure',
      (i: Record<string, unknown>) =>
        harness.h.recordChannelFailure({ ...i, revision: 1, channel: 'x', error: { Error: 'Boom' } }),
    ],
    [
      'RecordPublication',
      (i: Record<string, unknown>) => harness.h.recordPublication({ ...i, channelOutcomes: [] }),
    ],
    [
      'AwaitMetricsRounds',
      (i: Record<string, unknown>) =>
        scheduleMetricsRounds({ ...i, taskToken: UNANSWERED_TOKEN, metricsRounds: [] }),
    ],
    [
      'CompleteLifecycle',
      (i: Record<string, unknown>) =>
        harness.h.completeLifecycle({ ...i, metricsOutcome: { roundsCollected: 0 } }),
    ],
    [
      'RecordWorkflowFailure',
      (i: Record<string, unknown>) => harness.h.recordWorkflowFailure({ ...i, failure: { Error: 'Boom' } }),
    ],
  ] as const;

  /** The task failed by name, which the state machine routes on, and answered no task. */
  async function expectRoutedBy(outcome: Promise<unknown>, error: string) {
    await expect(outcome).rejects.toMatchObject({ name: error });
    expect([...harness.aws.callsOf('SendTaskSuccess'), ...harness.aws.callsOf('SendTaskFailure')]).toEqual(
      [],
    );
  }

  it.each(tasks)('%s throws PostSuperseded for another execution', async (_state, run) => {
    // Prepare
    const { postId } = await submitted();
    harness.aws.clear();
    // Act
    const outcome = run({ postId, executionName: `${postId}-r0` });
    // Assess
    await expectRoutedBy(outcome, WorkflowError.PostSuperseded);
  });

  it.each(tasks)('%s throws PostCancelled for a cancelled post', async (_state, run) => {
    // Prepare
    const { postId, executionName } = await submitted();
    await harness.h.cancelPost({ postId, requestedBy: { id: 'author-1' } });
    harness.aws.clear();
    // Act
    const outcome = run({ postId, executionName });
    // Assess
    await expectRoutedBy(outcome, WorkflowError.PostCancelled);
  });

  it('lets a metrics round that arrives for another execution or a cancelled post end quietly, so Lambda does not run it again', async () => {
    // Prepare
    const superseded = await submitted();
    const cancelled = await submitted();
    await harness.h.cancelPost({ postId: cancelled.postId, requestedBy: { id: 'author-1' } });
    const round = { round: 1, at: hoursFromNow(1) };
    // Act
    const outcomes = await Promise.all([
      harness.h.collectMetrics({
        postId: superseded.postId,
        executionName: `${superseded.postId}-r0`,
        ...round,
      }),
      harness.h.collectMetrics({ ...cancelled, ...round }),
    ]);
    // Assess
    expect(outcomes).toEqual([
      { round: 1, outcome: 'skipped', reason: 'PostSuperseded', waitClosed: false },
      { round: 1, outcome: 'skipped', reason: 'PostCancelled', waitClosed: false },
    ]);
  });

  it('rejects a task input without a post id, naming the field', async () => {
    // Act
    const outcome = harness.h.checkPolicy({ executionName: 'x-r1' });
    // Assess
    await expect(outcome).rejects.toMatchObject({
      name: 'InvalidInputError',
      message: expect.stringContaining('postId'),
    });
  });
});

describe('CheckPolicy', () => {
  it('sends a clean post to review with a timeout that ends at the scheduled time', async () => {
    // Act: the post's execution runs CheckPolicy
    const { postId, executionName } = await submitted({ scheduledAt: hoursFromNow(1) });
    // Assess
    const [checked] = harness.historyOf(executionName, 'StateExited', StateName.CheckPolicy);
    const state = checked?.output as { reviewTimeoutSeconds: number };
    expect(state).toMatchObject({ postId, revision: 1, channels: ['x', 'mastodon'] });
    expect(state.reviewTimeoutSeconds).toBeGreaterThan(3500);
    expect(state.reviewTimeoutSeconds).toBeLessThanOrEqual(3600);
    harness.expectWaitingIn(executionName, StateName.AwaitReview);
    expect(await harness.db.getPost(postId)).toMatchObject({
      status: 'in_review',
      policy: { outcome: 'pass' },
    });
    expect(harness.aws.events('Policy Checked').at(-1)?.detail).toMatchObject({ postId, outcome: 'pass' });
  });

  it('rejects a post with a banned term and throws PolicyBlocked', async () => {
    // Act: the post's execution runs CheckPolicy
    const { postId, executionName } = await submitted({ content: { x: { text: 'So CHEAP today' } } });
    // Assess
    expect(harness.historyOf(executionName, 'StateFailed', StateName.CheckPolicy)).toEqual([
      expect.objectContaining({ error: WorkflowError.PolicyBlocked }),
    ]);
    expect(harness.restingPlace(executionName)).toEqual({
      status: 'SUCCEEDED',
      state: StateName.EndRejectedByPolicy,
    });
    const post = await harness.db.getPost(postId);
    expect(post?.status).toBe('rejected_by_policy');
    expect(post?.policy?.findings).toContainEqual(
      expect.objectContaining({ rule: 'banned-term', term: 'cheap' }),
    );
  });

  it('checks the new revision again after an edit during review', async () => {
    // Prepare
    const postId = newPostId();
    const { executionName } = await postInReview(harness, postId);
    // Act: the edit ends the review with PostEdited and the execution runs CheckPolicy again
    await harness.h.submitPost(submission(postId, { revision: 2, content: { x: { text: 'Now cheap!' } } }));
    // Assess
    expect(harness.historyOf(executionName, 'StateEntered', StateName.CheckPolicy)).toHaveLength(2);
    expect(harness.historyOf(executionName, 'StateFailed', StateName.CheckPolicy)).toEqual([
      expect.objectContaining({ error: WorkflowError.PolicyBlocked }),
    ]);
    expect(harness.restingPlace(executionName)).toEqual({
      status: 'SUCCEEDED',
      state: StateName.EndRejectedByPolicy,
    });
    expect(await harness.db.getPost(postId)).toMatchObject({ revision: 2, policyRevision: 2 });
  });
});

describe('AwaitReview (request review)', () => {
  it('stores the token, announces the review without it, and changes nothing on a retry', async () => {
    // Prepare: the execution's AwaitReview has invoked RequestReview with its token
    const { postId, executionName } = await submitted();
    const token = (await harness.db.getPost(postId))?.reviewTaskToken;
    const [awaiting] = harness.historyOf(executionName, 'StateEntered', StateName.AwaitReview);
    const reviewTimeoutSeconds = (awaiting?.input as { reviewTimeoutSeconds?: number } | undefined)
      ?.reviewTimeoutSeconds;
    const logBefore = await harness.db.listLifecycleLog(postId);
    // Act: Lambda runs the same invocation again
    await harness.h.requestReview({
      postId,
      executionName,
      revision: 1,
      taskToken: token,
      reviewTimeoutSeconds,
    });
    // Assess
    expect(await isOpenTask(token)).toBe(true);
    expect(await harness.db.getPost(postId)).toMatchObject({ reviewTaskToken: token, reviewRevision: 1 });
    expect(await harness.db.listLifecycleLog(postId)).toEqual(logBefore);
    const requested = harness.aws.events('Review Requested').filter((e) => e.detail.postId === postId);
    expect(requested).toHaveLength(1);
    expect(requested[0]?.detail).toMatchObject({ revision: 1, brandId: 'acme', reviewTimeoutSeconds });
    expect(JSON.stringify(requested[0])).not.toContain(String(token));
  });

  it('throws PostEdited when the post changed before the token was stored', async () => {
    // Prepare
    const { postId, executionName, token } = await editedUnbeknownToItsReview();
    // Act: AwaitReview's invocation for revision 1 comes now
    const outcome = harness.h.requestReview({ postId, executionName, revision: 1, taskToken: token });
    // Assess
    await expect(outcome).rejects.toMatchObject({ name: WorkflowError.PostEdited });
    const post = await harness.db.getPost(postId);
    expect(post).toMatchObject({ revision: 2, status: 'submitted' });
    expect(post?.reviewTaskToken).toBeUndefined();
  });
});

describe('CheckReviewDeadline', () => {
  it('waits again when the post was rescheduled later', async () => {
    // Prepare
    const postId = newPostId();
    const { executionName } = await postInReview(harness, postId);
    const move = { postId, scheduledAt: hoursFromNow(3), requestedBy: { id: 'editor-1' } };
    // Act: the move ends the review's wait with PostRescheduled, and the execution runs CheckReviewDeadline
    await harness.handler('reschedule-post', 'Reschedule Post')(move);
    // Assess
    const [checked] = harness.historyOf(executionName, 'StateExited', StateName.CheckReviewDeadline);
    const state = checked?.output as { reviewTimeoutSeconds: number } | undefined;
    expect(state?.reviewTimeoutSeconds).toBeGreaterThan(3 * 3600 - 60);
    expect(harness.historyOf(executionName, 'StateEntered', StateName.AwaitReview)).toHaveLength(2);
    harness.expectWaitingIn(executionName, StateName.AwaitReview);
  });

  it('throws PostEdited when a new revision arrived', async () => {
    // Prepare
    const { postId, executionName } = await editedUnbeknownToItsReview();
    // Act: the review window of revision 1 ends
    const outcome = harness.h.checkReviewDeadline({ postId, executionName });
    // Assess
    await expect(outcome).rejects.toMatchObject({ name: WorkflowError.PostEdited });
    expect(await harness.db.getPost(postId)).toMatchObject({ revision: 2, status: 'submitted' });
  });

  it('expires the review when the scheduled time passed', async () => {
    // Prepare
    const postId = newPostId();
    const { executionName } = await postInReview(harness, postId);
    await harness.setScheduledAt(postId, hoursFromNow(-0.01));
    // Act
    const outcome = harness.h.checkReviewDeadline({ postId, executionName });
    // Assess
    await expect(outcome).rejects.toMatchObject({ name: 'ReviewExpired' });
    const post = await harness.db.getPost(postId);
    expect(post?.status).toBe('expired');
    expect(post?.reviewTaskToken).toBeUndefined();
    expect(harness.aws.events('Post Expired').some((e) => e.detail.postId === postId)).toBe(true);
  });
});

describe('ConfirmStillScheduled', () => {
  it('starts publishing an approved post that is due', async () => {
    // Prepare
    const postId = newPostId();
    const { executionName } = await postInReview(harness, postId);
    await approve(postId);
    await harness.setScheduledAt(postId, hoursFromNow(-0.001));
    // Act
    const check = await harness.h.confirmStillScheduled({ postId, executionName });
    // Assess
    expect(check).toMatchObject({ postId, channels: ['x', 'mastodon'] });
    expect(check).not.toHaveProperty('next');
    expect(await harness.db.getPost(postId)).toMatchObject({ status: 'publishing' });
  });

  it('throws ScheduledTimeMoved with exactly the new time for a post rescheduled later', async () => {
    // Prepare
    const postId = newPostId();
    const { executionName } = await postInReview(harness, postId);
    await approve(postId);
    const later = hoursFromNow(6);
    await harness.h.submitPost(submission(postId, { revision: 2, scheduledAt: later }));
    // Act
    const check = harness.h.confirmStillScheduled({ postId, executionName });
    // Assess
    await expect(check).rejects.toMatchObject({ name: 'ScheduledTimeMoved', message: later });
    expect(await harness.db.getPost(postId)).toMatchObject({ status: 'scheduled' });
  });

  it('stands down with PostSuperseded when new content after approval started a new execution', async () => {
    // Prepare
    const postId = newPostId();
    const { executionName } = await postInReview(harness, postId);
    await approve(postId);
    await harness.h.submitPost(submission(postId, { revision: 2, content: { x: { text: 'New words' } } }));
    // Act
    const outcome = harness.h.confirmStillScheduled({ postId, executionName });
    // Assess
    await expect(outcome).rejects.toMatchObject({ name: 'PostSuperseded' });
    expect(await harness.db.getPost(postId)).toMatchObject({ executionName: `${postId}-r2` });
  });
});
