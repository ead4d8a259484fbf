import { beforeAll, describe, expect, it } from 'vitest';
import {
  getPost,
  listLifecycleLog,
  listMetricSnapshots,
  listPublishRecords,
} from '../../functions/persistence/index.js';
import {
  cancelPost,
  decideReview,
  eventsAbout,
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

const runtime = useLocalRun();
let brand: { brandId: string; channels: string[] };

beforeAll(async () => {
  brand = await seedBrand();
});

/** A new post of the brand, submitted and waiting for its review; its id. */
async function inReview(prefix: string) {
  const postId = uniqueId(prefix);
  await submitPost(runtime, { postId, ...brand });
  await untilReviewRequested(runtime, postId);
  return postId;
}

describe('the synthesized lifecycle, run locally with the real handlers, through review', () => {
  it('publishes an approved post on every channel and records three metric rounds (10 state transitions)', async () => {
    // Prepare
    const postId = await inReview('approved');

    // Act
    await decideReview(runtime, postId, 'approve');
    const execution = await runtime.waitForExecution(`${postId}-r1`);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect((await getPost(postId))?.status).toBe('completed');
    const records = await listPublishRecords(postId);
    expect(records.map((r) => [r.channel, r.status]).sort()).toEqual([
      ['bluesky', 'published'],
      ['x', 'published'],
    ]);
    const snapshots = await listMetricSnapshots(postId);
    expect(snapshots.map((s) => `${s.channel}#${s.round}`).sort()).toEqual([
      'bluesky#1',
      'bluesky#2',
      'bluesky#3',
      'x#1',
      'x#2',
      'x#3',
    ]);
    const actions = (await listLifecycleLog(postId)).map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining(['submitted', 'policy_checked', 'review_decided', 'completed']),
    );
    // Events reach the bus through the outbox, after the step that wrote them.
    await untilEvent(runtime, postId, 'Post Completed');
    expect(eventsAbout(runtime, postId)).toEqual(
      expect.arrayContaining([
        'Post Submitted',
        'Review Requested',
        'Post Approved',
        'Post Published',
        'Post Completed',
      ]),
    );
    expect(executionsOf(runtime, postId)).toHaveLength(1);
    expect(execution.stateTransitions).toBe(10);
  });

  it('ends a rejected post in review without publishing anything (3 state transitions)', async () => {
    // Prepare
    const postId = await inReview('rejected');

    // Act
    await decideReview(runtime, postId, 'reject');
    const execution = await runtime.waitForExecution(`${postId}-r1`);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.statesEntered).toEqual(['CheckPolicy', 'AwaitReview', 'EndRejectedInReview']);
    expect((await getPost(postId))?.status).toBe('rejected');
    expect(await listPublishRecords(postId)).toEqual([]);
    await untilEvent(runtime, postId, 'Post Rejected');
    expect(execution.stateTransitions).toBe(3);
  });

  it('sends a post back to draft when the reviewer asks for changes (3 state transitions)', async () => {
    // Prepare
    const postId = await inReview('changes');

    // Act
    await decideReview(runtime, postId, 'request_changes');
    const execution = await runtime.waitForExecution(`${postId}-r1`);

    // Assess
    expect(execution.statesEntered.at(-1)).toBe('EndChangesRequested');
    expect((await getPost(postId))?.status).toBe('changes_requested');
    await untilEvent(runtime, postId, 'Changes Requested');
    expect(await listPublishRecords(postId)).toEqual([]);
    expect(execution.stateTransitions).toBe(3);
  });

  it('stops a post whose text breaks the brand policy before anyone reviews it (2 state transitions)', async () => {
    // Prepare
    const postId = uniqueId('blocked');

    // Act
    await submitPost(runtime, { postId, ...brand, text: 'This blend is a guaranteed cure for Mondays.' });
    const execution = await runtime.waitForExecution(`${postId}-r1`);

    // Assess
    expect(execution.statesEntered).toEqual(['CheckPolicy', 'EndRejectedByPolicy']);
    expect((await getPost(postId))?.status).toBe('rejected_by_policy');
    expect(eventsAbout(runtime, postId)).not.toContain('Review Requested');
    expect(execution.stateTransitions).toBe(2);
  });

  it('expires a post whose review window closes before the scheduled time (4 state transitions)', async () => {
    // Prepare: the review window (one hour) compresses to a quarter of a second
    const postId = uniqueId('expired');
    const saved = { ...runtime.speed };
    Object.assign(runtime.speed, { timeoutMinMs: 0, timeoutMaxMs: 250 });

    // Act
    await submitPost(runtime, { postId, ...brand });
    const execution = await runtime
      .waitForExecution(`${postId}-r1`)
      .finally(() => Object.assign(runtime.speed, saved));

    // Assess
    expect(execution.statesEntered.slice(0, 3)).toEqual([
      'CheckPolicy',
      'AwaitReview',
      'CheckReviewDeadline',
    ]);
    expect(execution.statesEntered.at(-1)).toBe('EndReviewExpired');
    expect((await getPost(postId))?.status).toBe('expired');
    await untilEvent(runtime, postId, 'Post Expired');
    expect(execution.statesEntered).toHaveLength(4);
    expect(execution.stateTransitions).toBe(4);
  });

  it('keeps waiting for review when the post is scheduled beyond the 24.8-day range of Node timers', async () => {
    // Prepare
    const postId = uniqueId('far');
    await submitPost(runtime, { postId, ...brand, scheduledAt: inFuture(40 * 24 * HOUR) });
    await untilReviewRequested(runtime, postId);

    // Act: an overflowing timer fires within a millisecond; a later event's whole delivery
    // (bus, rule, handler, table) takes the event loop through many timer phases first.
    await runtime.waitForDelivery(await cancelPost(runtime, uniqueId('unknown')));
    const waiting = [...(runtime.executions.get(`${postId}-r1`)?.statesEntered ?? [])];
    await decideReview(runtime, postId, 'reject');
    await runtime.waitForExecution(`${postId}-r1`);

    // Assess
    expect(waiting).toEqual(['CheckPolicy', 'AwaitReview']);
  });

  it('starts one execution when the same Submit Post is delivered twice', async () => {
    // Prepare
    const postId = await inReview('twice');

    // Act
    const repeat = await submitPost(runtime, { postId, ...brand });
    await runtime.waitForDelivery(repeat);
    await decideReview(runtime, postId, 'reject');
    await runtime.waitForExecution(`${postId}-r1`);

    // Assess
    expect(executionsOf(runtime, postId)).toHaveLength(1);
    expect(eventsAbout(runtime, postId).filter((t) => t === 'Review Requested')).toHaveLength(1);
  });
});
