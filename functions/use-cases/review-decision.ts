import { type StagePassedCause, WorkflowError } from '../../workflows/contract.js';
import { detailOf, type OutboundEntry } from '../aws/event-bus.js';
import { failTask } from '../aws/workflow.js';
import { echoedRevision } from '../contract/inbound.js';
import { detailFields, problem, reasonOf, schemaProblems } from '../contract/problems.js';
import { approvedDestinations } from '../domain/account-binding.js';
import { reviewChainOf } from '../domain/brand.js';
import { ConcurrentChangeError, type InputProblem } from '../domain/errors.js';
import { OutboundEvent } from '../domain/events.js';
import { PostStatus } from '../domain/lifecycle.js';
import { BrandAction } from '../domain/permissions.js';
import type { PostRecord } from '../domain/post.js';
import {
  decisionOutcome,
  type ReviewDecision,
  refusalProblem,
  reviewDecisionSchema,
} from '../domain/review.js';
import {
  decideStage,
  type ReviewProgress,
  type ReviewRefusalRule,
  startReview,
} from '../domain/review-chain.js';
import { untrustedSourceProblem } from '../identity/decision-sources.js';
import type { EventBridgeEnvelope } from '../middleware/schemas.js';
import { getBrand } from '../persistence/brands.js';
import { changeAttempts } from '../persistence/change-attempts.js';
import { listLifecycleLog } from '../persistence/lifecycle-log.js';
import { changePost, getPost } from '../persistence/posts.js';
import { refuseCommand } from './refusals.js';
import { sendResult } from './review-result.js';

export type ReviewDecisionResult =
  | {
      status: 'accepted' | 'repeated';
      postId: string;
      revision: number;
      decision: ReviewDecision['decision'];
    }
  | { status: 'refused'; rule: ReviewRefusalRule; reason: string; errors: InputProblem[] }
  | { status: 'rejected'; errors: InputProblem[] };

/**
 * Handles `Review Decision`: applies approve, reject or request changes to a post in review
 * and hands the result to the waiting execution. At the front door, `reviewer.groups` are the
 * verified caller's groups, which `group:<name>` approvers match. Anything that cannot apply is refused with
 * a reason and changes nothing; a redelivered decision re-sends its result.
 *
 * @example
 * ```ts
 * await decideReview({ 'detail-type': 'Review Decision', detail: { postId, revision: 1, decision: 'approve', reviewer: { id } } });
 * ```
 */
export async function decideReview(
  event: EventBridgeEnvelope,
  reviewer: { groups?: readonly string[]; requireNamedApprover?: boolean } = {},
): Promise<ReviewDecisionResult> {
  for (const _ of changeAttempts()) {
    const result = await tryDecide(event.detail, reviewer);
    if (result) return result;
  }
  throw new ConcurrentChangeError('the post kept changing while the decision was applied');
}

async function tryDecide(
  detail: unknown,
  reviewer: { groups?: readonly string[]; requireNamedApprover?: boolean },
): Promise<ReviewDecisionResult | undefined> {
  const raw = detailFields(detail);
  const parsed = reviewDecisionSchema.safeParse(detail);
  const post =
    typeof raw.postId === 'string' && raw.postId.length <= 64 ? await getPost(raw.postId) : undefined;
  if (!parsed.success) return refuse(raw, post, 'invalid', schemaProblems(parsed.error));
  const decision = parsed.data;
  const brand = post ? await getBrand(post.brandId) : undefined;
  const refusal = refusalProblem(decision, post);
  if (refusal || !post) {
    if (post && post.status !== PostStatus.InReview && (await resendRecorded(decision, post))) {
      return repeated(post, decision);
    }
    const why = refusal?.problem ?? problem('postId', 'known-post', 'no post has this id');
    return refuse(raw, post, refusal?.rule ?? 'post-unknown', [why], why.message);
  }
  if (decision.decision === 'approve' && decision.contentHash === undefined) {
    const why = problem('contentHash', 'required', 'an approval names the contentHash of Review Requested');
    return refuse(raw, post, 'invalid', [why]);
  }

  const now = new Date().toISOString();
  // A post that entered review before review chains existed gets its chain now.
  const progress =
    post.review ?? (brand ? startReview(reviewChainOf(brand), post, undefined, now).progress : undefined);
  if (!progress) {
    const why = 'the post names a brand that does not exist';
    return refuse(raw, post, 'post-unknown', [problem('postId', 'known-brand', why)], why);
  }
  const outcome = decideStage(
    progress,
    {
      decision: decision.decision,
      reviewerId: decision.reviewer.id,
      reviewerGroups: reviewer.groups,
      requireNamedApprover: reviewer.requireNamedApprover,
      stage: decision.stage,
      contentHash: decision.contentHash,
    },
    post.authorId,
    now,
  );
  if (outcome.kind === 'refused') {
    return refuse(
      raw,
      post,
      outcome.rule,
      [problem(outcome.field, 'review-chain', outcome.reason)],
      outcome.reason,
    );
  }
  if (outcome.kind === 'repeated') {
    await resendRecorded(decision, post);
    return repeated(post, decision);
  }

  const token = outcome.result === 'pending' ? undefined : post.reviewTaskToken;
  const final = decisionOutcome[decision.decision];
  const status =
    outcome.result === 'pending' || outcome.result === 'stage-passed' ? PostStatus.InReview : final.status;
  const changed = await changePost(post.postId, {
    set: {
      status,
      review: outcome.progress,
      ...(outcome.result === 'approved'
        ? {
            approvedContentHash: post.contentHash,
            approvedBy: decision.reviewer.id,
            // The approval covers where the post goes, not only what it says.
            approvedDestinations: approvedDestinations(brand?.channels ?? [], post.channels),
          }
        : {}),
    },
    remove: token ? ['reviewTaskToken', 'reviewRevision'] : [],
    when: {
      statusIn: [PostStatus.InReview],
      revision: post.revision,
      reviewSeq: post.review ? post.review.seq : null,
      ...(outcome.result === 'pending' ? {} : { reviewTaskToken: token ?? null }),
    },
    log: {
      action: 'review_decided',
      actor: { type: 'user', id: decision.reviewer.id },
      revision: post.revision,
      details: {
        decision: decision.decision,
        stage: outcome.stage,
        result: outcome.result,
        comment: decision.comment,
        contentHash: post.contentHash,
        taskToken: token,
      },
    },
    events: eventsFor(decision, post, outcome.result, outcome.stage, outcome.progress),
  });
  if (!changed) return undefined;
  if (token) await sendOutcome(token, outcome.result, decision, outcome.progress);
  return { status: 'accepted', postId: post.postId, revision: post.revision, decision: decision.decision };
}

function repeated(post: PostRecord, decision: ReviewDecision): ReviewDecisionResult {
  return {
    status: 'repeated',
    postId: post.postId,
    revision: decision.revision,
    decision: decision.decision,
  };
}

type StageResult = 'pending' | 'stage-passed' | 'approved' | 'reject' | 'request_changes';

/** Ends the stage's wait: the next stage, the schedule, or the end of the review. */
async function sendOutcome(
  token: string,
  result: StageResult,
  decision: Pick<ReviewDecision, 'decision' | 'revision' | 'comment'> & { reviewer: { id: string } },
  progress: ReviewProgress | undefined,
): Promise<void> {
  if (result === 'pending') return;
  if (result === 'stage-passed') {
    const cause: StagePassedCause = {
      passedStage: progress?.stages[(progress?.stage ?? 1) - 1]?.name ?? '',
      nextStage: progress?.stages[progress?.stage ?? 0]?.name ?? '',
    };
    await failTask(token, WorkflowError.ReviewStagePassed, JSON.stringify(cause), { tolerateClosed: true });
    return;
  }
  await sendResult(token, decision);
}

/** A redelivered decision: found in the log, its result is sent again and nothing is written. */
async function resendRecorded(decision: ReviewDecision, post: PostRecord): Promise<boolean> {
  const entry = (await listLifecycleLog(post.postId)).findLast(
    (e) =>
      e.action === 'review_decided' &&
      e.revision === decision.revision &&
      e.actor.id === decision.reviewer.id &&
      e.details?.decision === decision.decision,
  );
  if (!entry) return false;
  const token = entry.details?.taskToken;
  const recorded = entry.details?.result;
  const result: StageResult =
    typeof recorded === 'string'
      ? (recorded as StageResult)
      : decision.decision === 'approve'
        ? 'approved'
        : decision.decision;
  if (typeof token === 'string') await sendOutcome(token, result, decision, post.review);
  return true;
}

function eventsFor(
  decision: ReviewDecision,
  post: PostRecord,
  result: StageResult,
  stage: string,
  progress: ReviewProgress,
): OutboundEntry[] {
  const detail = detailOf(post, {
    decision: decision.decision,
    reviewerId: decision.reviewer.id,
    stage,
    reviewStartedAt: progress.startedAt,
  });
  switch (result) {
    case 'pending':
    case 'stage-passed':
      return [
        {
          type: OutboundEvent.ReviewStageApproved,
          detail: detailOf(post, {
            stage,
            reviewerId: decision.reviewer.id,
            stagePassed: result === 'stage-passed',
            nextStage: result === 'stage-passed' ? progress.stages[progress.stage]?.name : undefined,
          }),
        },
      ];
    case 'approved':
      return [
        { type: OutboundEvent.PostApproved, detail },
        { type: OutboundEvent.PostScheduled, detail: detailOf(post, { scheduledAt: post.scheduledAt }) },
      ];
    case 'reject':
      return [{ type: OutboundEvent.PostRejected, detail }];
    case 'request_changes':
      return [{ type: OutboundEvent.ChangesRequested, detail }];
  }
}

async function refuse(
  raw: Record<string, unknown>,
  post: PostRecord | undefined,
  rule: ReviewRefusalRule,
  errors: InputProblem[],
  reason = reasonOf(errors),
): Promise<ReviewDecisionResult> {
  const about = { postId: raw.postId, revision: echoedRevision(raw.revision), brandId: post?.brandId ?? '' };
  return { ...(await refuseCommand(OutboundEvent.ReviewDecisionRefused, about, errors, reason)), rule };
}

/**
 * `Review Decision` from the bus: only a decision source a brand admin trusts for the post's
 * brand may assert it (whoever it names is recorded as asserted by that account and source),
 * and only for stages that name their approvers. Anything else is rejected and changes nothing.
 *
 * @example
 * ```ts
 * await decideFromBus({ 'detail-type': 'Review Decision', account, source: 'com.acme.approvals', detail });
 * ```
 */
export async function decideFromBus(event: EventBridgeEnvelope): Promise<ReviewDecisionResult> {
  const postId = (event.detail as Record<string, unknown> | undefined)?.postId;
  const post = typeof postId === 'string' && postId.length <= 64 ? await getPost(postId) : undefined;
  if (post) {
    const untrusted = await untrustedSourceProblem(event, post.brandId, BrandAction.DecideReview);
    if (untrusted) return { status: 'rejected', errors: [untrusted] };
  }
  return decideReview(event, { requireNamedApprover: true });
}
