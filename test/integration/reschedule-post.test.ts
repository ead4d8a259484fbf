import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  envelope,
  type Harness,
  hoursFromNow,
  newPostId,
  postApproved,
  postInReview,
  postPublishing,
  startHarnessWithBrand,
} from '../support/twin-harness.js';

let harness: Harness;
let reschedule: (detail: unknown) => Promise<unknown>;
/** Hands the reschedule function an event as EventBridge does: the same envelope again is a redelivery. */
let deliver: (event: ReturnType<typeof envelope>) => Promise<unknown>;

beforeAll(async () => {
  harness = await startHarnessWithBrand({ trusted: false });
  deliver = harness.handler('reschedule-post');
  reschedule = (detail) => deliver(envelope('Reschedule Post', detail));
});
afterAll(() => harness.aws.close());

/** Where the twin holds the post's execution and its review task now. */
async function reviewOf(postId: string, executionName: string) {
  const post = await harness.db.getPost(postId);
  return {
    status: post?.status,
    token: post?.reviewTaskToken,
    executionStatus: harness.twin.executions.get(executionName)?.status,
    // A copy: the execution's own list grows as it moves on.
    statesEntered: [...(harness.twin.executions.get(executionName)?.statesEntered ?? [])],
  };
}

/** The SendTaskFailure calls the twin's endpoint answered from `mark` on, with the error it answered each. */
const taskFailuresFrom = (mark: number) =>
  harness.twin.apiCalls
    .slice(mark)
    .filter((call) => call.operation === 'SendTaskFailure')
    .map((call) => ({
      taskToken: call.request.taskToken,
      error: call.request.error,
      errorCode: call.errorCode,
    }));

const request = (postId: string, scheduledAt: string) => ({
  postId,
  scheduledAt,
  requestedBy: { id: 'editor-1' },
});

describe('Reschedule Post', () => {
  it('moves a post in review, re-measures the waiting stage, and changes nothing when the event is delivered again', async () => {
    // Prepare
    const postId = newPostId();
    const { executionName, token } = await postInReview(harness, postId);
    harness.aws.clear();
    const mark = harness.twin.apiCalls.length;
    const later = hoursFromNow(5);
    const event = envelope('Reschedule Post', request(postId, later));
    // Act
    const first = await deliver(event);
    const afterFirst = await reviewOf(postId, executionName);
    const redelivered = await deliver(event);
    // Assess
    expect(first).toMatchObject({ status: 'rescheduled', scheduledAt: later, reReview: false });
    expect(redelivered).toMatchObject({ status: 'duplicate-event', first });
    // The twin took the failure on the waiting task: the execution measured the window against
    // the new time (CheckReviewDeadline) and waits in review again, under a token of its own.
    expect(taskFailuresFrom(mark)).toEqual([
      { taskToken: token, error: 'PostRescheduled', errorCode: undefined },
    ]);
    expect(harness.aws.callsOf('SendTaskFailure')).toEqual([
      { taskToken: token, error: 'PostRescheduled', cause: 'the post was rescheduled' },
    ]);
    expect(afterFirst.statesEntered?.slice(-3)).toEqual([
      'AwaitReview',
      'CheckReviewDeadline',
      'AwaitReview',
    ]);
    expect(afterFirst.token).toEqual(expect.any(String));
    expect(afterFirst.token).not.toBe(token);
    expect(await reviewOf(postId, executionName)).toEqual(afterFirst);
    expect(await harness.db.getPost(postId)).toMatchObject({ status: 'in_review', scheduledAt: later });
    expect(harness.aws.events('Post Rescheduled')).toHaveLength(1);
  });

  it('refuses a time its execution cannot wait for: publishing and every metric round must fit in the execution’s year', async () => {
    // Prepare
    const postId = newPostId();
    await postApproved(harness, postId);
    await harness.setPostAttribute(postId, 'executionStartedAt', hoursFromNow(-24 * 300));
    const before = await harness.db.getPost(postId);
    // Act
    const tooLate = await reschedule(request(postId, hoursFromNow(24 * 40)));
    const inTime = await reschedule(request(postId, hoursFromNow(24 * 30)));
    // Assess
    expect(tooLate).toMatchObject({
      status: 'refused',
      errors: [{ field: 'scheduledAt', rule: 'within-one-year' }],
    });
    expect(inTime).toMatchObject({ status: 'rescheduled' });
    expect(before?.status).toBe('scheduled');
  });

  it('refuses a time in the past or without an offset, and a post already publishing', async () => {
    // Prepare
    const postId = newPostId();
    await postPublishing(harness, postId);
    // Act
    const past = await reschedule(request(postId, hoursFromNow(-1)));
    const noOffset = await reschedule(request(postId, '2031-01-01T09:00:00'));
    const publishing = await reschedule(request(postId, hoursFromNow(3)));
    // Assess
    expect(past).toMatchObject({ status: 'refused', reason: expect.stringContaining('in-future') });
    expect(noOffset).toMatchObject({ status: 'refused', reason: expect.stringContaining('offset') });
    expect(publishing).toEqual({
      status: 'refused',
      reason: 'the post cannot be rescheduled: it is publishing',
      errors: [
        { field: 'postId', rule: 'cancellable', message: 'the post cannot be rescheduled: it is publishing' },
      ],
    });
  });

  it('refuses to move an approved post earlier, since its wait cannot be woken, but moves it later', async () => {
    // Prepare
    const postId = newPostId();
    const { executionName } = await postApproved(harness, postId);
    const original = (await harness.db.getPost(postId))?.scheduledAt;
    const earlierTime = hoursFromNow(1);
    const laterTime = hoursFromNow(5);
    // Act
    const earlier = await reschedule(request(postId, earlierTime));
    const afterRefusal = (await harness.db.getPost(postId))?.scheduledAt;
    const later = await reschedule(request(postId, laterTime));
    // Assess
    expect(earlier).toMatchObject({
      status: 'refused',
      reason: expect.stringContaining('not-earlier-once-approved'),
    });
    expect(afterRefusal).toBe(original);
    expect(later).toMatchObject({ status: 'rescheduled', scheduledAt: laterTime });
    // The execution sleeps on in its Wait state: nothing was sent to it, and only a later time can be met.
    expect(harness.twin.executions.get(executionName)?.statesEntered.at(-1)).toBe('WaitUntilScheduledTime');
  });

  it('tells the waiting review again, and subscribers once, when the handler stopped after writing the move and the event comes back', async () => {
    // Prepare: the move is written, then every attempt to end the review's wait fails, so the
    // invocation fails and EventBridge delivers the same event again.
    const postId = newPostId();
    const { executionName, token } = await postInReview(harness, postId);
    const later = hoursFromNow(6);
    const event = envelope('Reschedule Post', request(postId, later));
    const outageFrom = harness.twin.apiCalls.length;
    harness.aws.failNext('SendTaskFailure', 10);
    await expect(deliver(event)).rejects.toThrow();
    harness.aws.failNext('SendTaskFailure', 0);
    const duringOutage = taskFailuresFrom(outageFrom);
    const afterOutage = await reviewOf(postId, executionName);
    const announcedWithTheWrite = harness.aws
      .events('Post Rescheduled')
      .filter((e) => e.detail.postId === postId);
    harness.aws.clear();
    const redeliveryFrom = harness.twin.apiCalls.length;
    // Act: the redelivery of the same event
    const again = await deliver(event);
    // Assess
    // The outage met the live review task: the SDK retried the call on it, every attempt failed,
    // and the execution kept waiting in review on that same task (the post no longer names it:
    // the move was written, and the log entry keeps the token for the repair).
    expect(duringOutage.length).toBeGreaterThan(1);
    expect(duringOutage).toEqual(
      duringOutage.map(() => ({ taskToken: token, error: 'PostRescheduled', errorCode: 'InternalFailure' })),
    );
    expect(afterOutage).toEqual({
      status: 'in_review',
      token: undefined,
      executionStatus: 'RUNNING',
      statesEntered: ['CheckPolicy', 'AwaitReview'],
    });
    // The redelivery repaired the side effect: the task took the failure and the execution moved on.
    expect(again).toMatchObject({ status: 'unchanged', scheduledAt: later });
    expect(taskFailuresFrom(redeliveryFrom)).toEqual([
      { taskToken: token, error: 'PostRescheduled', errorCode: undefined },
    ]);
    const afterRedelivery = await reviewOf(postId, executionName);
    expect(afterRedelivery.statesEntered?.slice(-2)).toEqual(['CheckReviewDeadline', 'AwaitReview']);
    expect(afterRedelivery.token).not.toBe(token);
    expect(announcedWithTheWrite).toHaveLength(1);
    expect(harness.aws.events('Post Rescheduled')).toHaveLength(0);
  });
});
