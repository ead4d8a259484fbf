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
let deliver: (event: ReturnType<typeof envelope>) => Promise<unknown>;

beforeAll(async () => {
  harness = await startHarnessWithBrand({ trusted: false });
  const handler = await import('../../functions/handlers/reschedule-post.js');
  deliver = harness.relayed(async (event: Parameters<typeof deliver>[0]) =>
    handler.handler(event, {} as never),
  );
  reschedule = (detail) => deliver(envelope('Reschedule Post', detail));
});
afterAll(() => harness.aws.close());

const request = (postId: string, scheduledAt: string) => ({
  postId,
  scheduledAt,
  requestedBy: { id: 'editor-1' },
});

describe('Reschedule Post', () => {
  it('moves a post in review, re-measures the waiting stage, and changes nothing when the event is delivered again', async () => {
    // Prepare
    const postId = newPostId();
    const { token } = await postInReview(harness, postId);
    harness.aws.clear();
    const later = hoursFromNow(5);
    const event = envelope('Reschedule Post', request(postId, later));
    // Act
    const first = await deliver(event);
    const redelivered = await deliver(event);
    // Assess
    expect(first).toMatchObject({ status: 'rescheduled', scheduledAt: later, reReview: false });
    expect(redelivered).toMatchObject({ status: 'duplicate-event', first });
    expect(harness.aws.callsOf('SendTaskFailure')).toEqual([
      { taskToken: token, error: 'PostRescheduled', cause: 'the post was rescheduled' },
    ]);
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
    await postApproved(harness, postId);
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
  });

  it('tells the waiting review again, and subscribers once, when the handler stopped after writing the move and the event comes back', async () => {
    // Prepare: the move is written, then every attempt to end the review's wait fails
    const postId = newPostId();
    const { token } = await postInReview(harness, postId);
    const later = hoursFromNow(6);
    harness.aws.failNext('SendTaskFailure', 10);
    await expect(reschedule(request(postId, later))).rejects.toThrow();
    harness.aws.failNext('SendTaskFailure', 0);
    const announcedWithTheWrite = harness.aws
      .events('Post Rescheduled')
      .filter((event) => event.detail.postId === postId);
    harness.aws.clear();
    // Act: the redelivery of the same request
    const again = await reschedule(request(postId, later));
    // Assess
    expect(again).toMatchObject({ status: 'unchanged', scheduledAt: later });
    expect(harness.aws.callsOf('SendTaskFailure')).toEqual([
      expect.objectContaining({ taskToken: token, error: 'PostRescheduled' }),
    ]);
    expect(announcedWithTheWrite).toHaveLength(1);
    expect(harness.aws.events('Post Rescheduled')).toHaveLength(0);
  });
});
