import { beforeAll, describe, expect, it } from 'vitest';
import { getPost, listPublishRecords } from '../../functions/persistence/index.js';
import {
  cancelPost,
  decideReview,
  executionsOf,
  HOUR,
  inFuture,
  seedBrand,
  submitPost,
  uniqueId,
  untilEvent,
  untilReviewRequested,
  useLocalRun,
} from './support.js';

const runtime = useLocalRun({ waitMs: 100 });
let brand: { brandId: string; channels: string[] };

beforeAll(async () => {
  brand = await seedBrand();
});

/** Submits a post, approves it and returns once it waits for its scheduled time. */
async function approvedAndWaiting(postId: string, scheduledAt = inFuture(HOUR)) {
  await submitPost(runtime, { postId, ...brand, scheduledAt });
  await untilReviewRequested(runtime, postId);
  // This wait lasts long enough for the test to act during it; the engine reads the
  // duration when the wait starts, so the later waits are short again.
  runtime.speed.waitMs = 1500;
  try {
    await decideReview(runtime, postId, 'approve');
    await runtime.waitForState(`${postId}-r1`, 'WaitUntilScheduledTime');
  } finally {
    runtime.speed.waitMs = 100;
  }
}

describe('the synthesized lifecycle, run locally with the real handlers, around the schedule', () => {
  it('ends the execution when the post is cancelled during review (3 state transitions)', async () => {
    // Prepare
    const postId = uniqueId('cancel-review');
    await submitPost(runtime, { postId, ...brand });
    await untilReviewRequested(runtime, postId);

    // Act
    await cancelPost(runtime, postId);
    const execution = await runtime.waitForExecution(`${postId}-r1`);

    // Assess
    expect(execution.statesEntered).toEqual(['CheckPolicy', 'AwaitReview', 'EndCancelled']);
    expect((await getPost(postId))?.status).toBe('cancelled');
    await untilEvent(runtime, postId, 'Post Cancelled');
    expect(execution.stateTransitions).toBe(3);
  });

  it('publishes nothing when the post is cancelled while it waits for its time (5 state transitions)', async () => {
    // Prepare
    const postId = uniqueId('cancel-wait');
    await approvedAndWaiting(postId);

    // Act
    await cancelPost(runtime, postId);
    const execution = await runtime.waitForExecution(`${postId}-r1`);

    // Assess
    expect(execution.statesEntered).toEqual([
      'CheckPolicy',
      'AwaitReview',
      'WaitUntilScheduledTime',
      'ConfirmStillScheduled',
      'EndCancelled',
    ]);
    expect((await getPost(postId))?.status).toBe('cancelled');
    expect(await listPublishRecords(postId)).toEqual([]);
    expect(execution.stateTransitions).toBe(5);
  });

  it('waits again for the new time when the post is rescheduled while waiting (13 state transitions)', async () => {
    // Prepare
    const postId = uniqueId('reschedule');
    await approvedAndWaiting(postId);
    const later = inFuture(3 * HOUR);

    // Act: the same content as revision 2, two hours later
    await submitPost(runtime, { postId, revision: 2, ...brand, scheduledAt: later });
    const execution = await runtime.waitForExecution(`${postId}-r1`);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.statesEntered.filter((s) => s === 'WaitUntilScheduledTime')).toHaveLength(1);
    expect(execution.statesEntered.filter((s) => s === 'ReadNewScheduledTime')).toHaveLength(1);
    expect(execution.statesEntered.filter((s) => s === 'WaitUntilNewScheduledTime')).toHaveLength(1);
    expect(execution.statesEntered.filter((s) => s === 'CheckPolicy')).toHaveLength(1);
    expect(executionsOf(runtime, postId)).toHaveLength(1);
    const records = await listPublishRecords(postId);
    expect(records).toHaveLength(2);
    for (const record of records)
      expect(Date.parse(record.publishedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(later));
    expect(execution.stateTransitions).toBe(13);
  });

  it('checks and reviews new content of an approved post at once in a new execution; the sleeping one stands down', async () => {
    // Prepare
    const postId = uniqueId('edit');
    await approvedAndWaiting(postId);

    // Act
    await submitPost(runtime, { postId, revision: 2, ...brand, text: 'Spring blend: now also decaf.' });
    await untilReviewRequested(runtime, postId, 2);
    await decideReview(runtime, postId, 'approve', 2);
    const first = await runtime.waitForExecution(`${postId}-r1`);
    const second = await runtime.waitForExecution(`${postId}-r2`);

    // Assess
    expect(first.statesEntered).toEqual([
      'CheckPolicy',
      'AwaitReview',
      'WaitUntilScheduledTime',
      'ConfirmStillScheduled',
      'EndSuperseded',
    ]);
    expect(second.status).toBe('SUCCEEDED');
    expect(second.statesEntered.slice(0, 3)).toEqual([
      'CheckPolicy',
      'AwaitReview',
      'WaitUntilScheduledTime',
    ]);
    const records = await listPublishRecords(postId);
    expect(records.map((r) => r.revision)).toEqual([2, 2]);
    expect((await getPost(postId))?.status).toBe('completed');
    expect(executionsOf(runtime, postId)).toHaveLength(2);
  });
});
