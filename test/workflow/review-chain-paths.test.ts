import { describe, expect, it } from 'vitest';
import type { ReviewChain } from '../../functions/domain/review-chain.js';
import { getPost, listLifecycleLog, putBrand } from '../../functions/persistence/index.js';
import {
  cancelPost,
  HOUR,
  inFuture,
  type PostDraft,
  putEvent,
  submitPost,
  submitPostDetail,
  trustIntegrator,
  uniqueId,
  untilEvent,
  useLocalRun,
} from './support.js';

const runtime = useLocalRun();

/** A brand whose chain is brand (any of brand-lead, brand-editor) then, for paid posts, legal (all of legal-1, legal-2). */
async function seedChainBrand(extra: Partial<ReviewChain> = {}) {
  const brandId = uniqueId('chain');
  await putBrand({
    brandId,
    name: 'Aurora Tea',
    channels: [{ id: 'x', adapter: 'sandbox', maxLength: 280 }],
    reviewChain: {
      stages: [
        {
          name: 'brand',
          approvers: ['brand-lead', 'brand-editor'],
          mode: 'any',
          backupApprovers: ['brand-backup'],
        },
        { name: 'legal', approvers: ['legal-1', 'legal-2'], mode: 'all', appliesTo: 'promoted' },
      ],
      ...extra,
    },
  });
  await trustIntegrator(brandId);
  return { brandId, channels: ['x'] };
}

const put = (detailType: string, detail: object) => putEvent(runtime, detailType, detail);

const paid = (draft: PostDraft) => ({
  ...submitPostDetail(draft),
  content: { x: { text: `${draft.text ?? 'Our spring blend is back.'} #ad` } },
  promotion: { type: 'paid' },
});

/** Sends a decision and waits until the handler has taken it. */
async function decide(
  postId: string,
  reviewer: string,
  decision: 'approve' | 'reject' | 'request_changes' = 'approve',
  extra: Record<string, unknown> = {},
) {
  const id = await put('Review Decision', {
    postId,
    revision: 1,
    decision,
    reviewer: { id: reviewer },
    ...(decision === 'approve'
      ? { contentHash: (await getPost(postId))?.contentHash }
      : { comment: 'Please soften the claim.' }),
    ...extra,
  });
  await runtime.waitForDelivery(id);
}

function untilStageRequested(postId: string, stage: string, revision = 1) {
  return runtime.waitForEvent(
    (e) =>
      e['detail-type'] === 'Review Requested' &&
      e.detail.postId === postId &&
      e.detail.stage === stage &&
      e.detail.revision === revision,
  );
}

const refusals = (postId: string) =>
  runtime.events
    .filter((e) => e['detail-type'] === 'Review Decision Refused' && e.detail.postId === postId)
    .map((e) => e.detail.reason);

/** A new chain brand's post, submitted (paid, or organic) and waiting in the brand stage. */
async function waitingInBrandStage(prefix: string, kind: 'paid' | 'organic' = 'organic') {
  const brand = await seedChainBrand();
  const postId = uniqueId(prefix);
  await put(
    'Submit Post',
    kind === 'paid' ? paid({ postId, ...brand }) : submitPostDetail({ postId, ...brand }),
  );
  await untilStageRequested(postId, 'brand');
  return { brand, postId };
}

describe('multi-stage review, run locally through the synthesized definition', () => {
  it('takes a paid post through brand (any) then legal (all), each stage its own wait', async () => {
    // Prepare
    const { postId } = await waitingInBrandStage('paid', 'paid');

    // Act
    await decide(postId, 'brand-lead');
    await untilStageRequested(postId, 'legal');
    await decide(postId, 'legal-1');
    const afterOneLegal = (await getPost(postId))?.status;
    await decide(postId, 'legal-2');
    await runtime.waitForState(`${postId}-r1`, 'WaitUntilScheduledTime');

    // Assess
    expect(afterOneLegal).toBe('in_review');
    expect((await getPost(postId))?.status).toBe('scheduled');
    const entered = runtime.executions.get(`${postId}-r1`)?.statesEntered ?? [];
    expect(entered.slice(0, 5)).toEqual([
      'CheckPolicy',
      'AwaitReview',
      'CheckReviewDeadline',
      'AwaitReview',
      'WaitUntilScheduledTime',
    ]);
    const decisions = (await listLifecycleLog(postId)).filter((e) => e.action === 'review_decided');
    expect(decisions.map((e) => [e.actor.id, e.details?.stage, e.details?.result])).toEqual([
      ['brand-lead', 'brand', 'stage-passed'],
      ['legal-1', 'legal', 'pending'],
      ['legal-2', 'legal', 'approved'],
    ]);
    expect(decisions.every((e) => e.details?.contentHash === decisions[0]?.details?.contentHash)).toBe(true);
    await cancelPost(runtime, postId);
    await runtime.waitForExecution(`${postId}-r1`);
  });

  it('skips the legal stage for an organic post: one stage, one wait', async () => {
    // Prepare
    const { postId } = await waitingInBrandStage('organic');

    // Act
    await decide(postId, 'brand-editor', 'reject');
    const execution = await runtime.waitForExecution(`${postId}-r1`);

    // Assess
    expect(execution.statesEntered).toEqual(['CheckPolicy', 'AwaitReview', 'EndRejectedInReview']);
    expect((await getPost(postId))?.status).toBe('rejected');
  });

  it('refuses self-approval, a second stage by the same person, outsiders and closed stages, changing nothing', async () => {
    // Prepare: brand-lead approves brand; the author and brand-lead then try legal
    const brand = await seedChainBrand();
    const postId = uniqueId('duties');
    await putBrand({
      brandId: brand.brandId,
      name: 'Aurora Tea',
      channels: [{ id: 'x', adapter: 'sandbox', maxLength: 280 }],
      reviewChain: {
        stages: [
          { name: 'brand', approvers: ['brand-lead', 'author-1'] },
          { name: 'legal', approvers: ['brand-lead', 'legal-1'], appliesTo: 'promoted' },
        ],
      },
    });
    await put('Submit Post', paid({ postId, ...brand }));
    await untilStageRequested(postId, 'brand');

    // Act
    await decide(postId, 'author-1');
    await decide(postId, 'mallory');
    await decide(postId, 'brand-lead');
    await untilStageRequested(postId, 'legal');
    await decide(postId, 'brand-lead', 'approve', { stage: 'legal' });
    await decide(postId, 'legal-1', 'approve', { stage: 'brand' });
    await put('Review Decision', {
      postId: uniqueId('unknown'),
      revision: 1,
      decision: 'approve',
      reviewer: { id: 'legal-1' },
    });
    await decide(postId, 'legal-1', 'approve', { revision: 2 });
    // The refusals reach the bus through the outbox, after the handler has answered.
    await runtime.waitForEvent(
      (e) =>
        e['detail-type'] === 'Review Decision Refused' &&
        e.detail.postId === postId &&
        String(e.detail.reason).startsWith('revision 2'),
    );

    // Assess
    expect(refusals(postId)).toEqual([
      'the reviewer wrote the post and cannot review it',
      'the reviewer is not an approver of stage "brand"',
      'the reviewer approved stage "brand"; one person approves one stage of a post',
      'stage "brand" is closed; the post waits in stage "legal"',
      'revision 2 is not the current revision (1)',
    ]);
    const post = await getPost(postId);
    expect(post?.status).toBe('in_review');
    expect(post?.review?.approvals.map((a) => a.reviewerId)).toEqual(['brand-lead']);
    await cancelPost(runtime, postId);
    await runtime.waitForExecution(`${postId}-r1`);
  });

  it('returns an edited post to the first stage and keeps the old approval, marked superseded', async () => {
    // Prepare
    const { brand, postId } = await waitingInBrandStage('edited', 'paid');
    await decide(postId, 'brand-lead');
    await untilStageRequested(postId, 'legal');

    // Act
    await put(
      'Submit Post',
      paid({ postId, ...brand, revision: 2, text: 'Our spring blend is back, now in tins.' }),
    );
    await untilStageRequested(postId, 'brand', 2);

    // Assess
    const post = await getPost(postId);
    expect(post?.review?.stage).toBe(0);
    expect(post?.review?.approvals).toEqual([
      expect.objectContaining({ reviewerId: 'brand-lead', superseded: true }),
    ]);
    const checks = (await listLifecycleLog(postId)).filter((e) => e.action === 'policy_checked');
    expect(checks.at(-1)?.details?.supersededApprovals).toEqual([
      expect.objectContaining({ reviewerId: 'brand-lead' }),
    ]);
    await cancelPost(runtime, postId);
    await runtime.waitForExecution(`${postId}-r1`);
  });

  it('records two identical decisions delivered at the same moment once', async () => {
    // Prepare
    const { postId } = await waitingInBrandStage('race', 'paid');

    // Act
    await Promise.all([decide(postId, 'brand-lead'), decide(postId, 'brand-lead')]);
    await untilStageRequested(postId, 'legal');

    // Assess
    const decisions = (await listLifecycleLog(postId)).filter((e) => e.action === 'review_decided');
    expect(decisions).toHaveLength(1);
    expect((await getPost(postId))?.review?.stage).toBe(1);
    await cancelPost(runtime, postId);
    await runtime.waitForExecution(`${postId}-r1`);
  });

  it('reminds, then escalates to the backup approver, who approves', async () => {
    // Prepare: review windows compress to a few milliseconds
    const brand = await seedChainBrand({ sla: { reminderAfterMinutes: 60, escalateAfterMinutes: 120 } });
    const postId = uniqueId('sla');
    const saved = { ...runtime.speed };
    Object.assign(runtime.speed, { timeoutMinMs: 0, timeoutMaxMs: 100 });
    try {
      await submitPost(runtime, { postId, ...brand, scheduledAt: inFuture(6 * HOUR) });

      // Act
      await untilEvent(runtime, postId, 'Review Reminder');
      await untilEvent(runtime, postId, 'Review Escalated');
    } finally {
      Object.assign(runtime.speed, saved);
    }
    await decide(postId, 'brand-backup');
    await runtime.waitForState(`${postId}-r1`, 'WaitUntilScheduledTime');

    // Assess
    const actions = (await listLifecycleLog(postId)).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['review_reminded', 'review_escalated', 'review_decided']),
    );
    expect((await getPost(postId))?.status).toBe('scheduled');
    await cancelPost(runtime, postId);
    await runtime.waitForExecution(`${postId}-r1`);
  });

  it('sends a post back to draft on request for changes; the resubmission is a new execution that passes', async () => {
    // Prepare
    const { brand, postId } = await waitingInBrandStage('resubmit');
    await decide(postId, 'brand-lead', 'request_changes');
    await runtime.waitForExecution(`${postId}-r1`);

    // Act
    await submitPost(runtime, { postId, ...brand, revision: 2, text: 'Our spring blend is back.' });
    await untilStageRequested(postId, 'brand', 2);
    await decide(postId, 'brand-editor', 'approve', { revision: 2 });
    await runtime.waitForState(`${postId}-r2`, 'WaitUntilScheduledTime');

    // Assess
    expect(runtime.executions.get(`${postId}-r1`)?.statesEntered.at(-1)).toBe('EndChangesRequested');
    expect((await getPost(postId))?.status).toBe('scheduled');
    await cancelPost(runtime, postId);
    await runtime.waitForExecution(`${postId}-r2`);
  });

  it('reschedules a post in review: the wait measures the new window and the review goes on', async () => {
    // Prepare
    const { postId } = await waitingInBrandStage('moved');

    // Act
    const later = inFuture(3 * HOUR);
    await runtime.waitForDelivery(
      await put('Reschedule Post', { postId, scheduledAt: later, requestedBy: { id: 'editor-1' } }),
    );
    await runtime.waitForState(`${postId}-r1`, 'AwaitReview', { occurrence: 2 });
    await decide(postId, 'brand-lead');
    await runtime.waitForState(`${postId}-r1`, 'WaitUntilScheduledTime');

    // Assess
    const post = await getPost(postId);
    expect(post).toMatchObject({ status: 'scheduled', scheduledAt: later });
    expect(runtime.executions.get(`${postId}-r1`)?.statesEntered.slice(0, 4)).toEqual([
      'CheckPolicy',
      'AwaitReview',
      'CheckReviewDeadline',
      'AwaitReview',
    ]);
    await cancelPost(runtime, postId);
    await runtime.waitForExecution(`${postId}-r1`);
  });
});
