import * as z from 'zod/mini';
import '../contract/schema-messages.js';
import { uniqueIds } from '../contract/problems.js';
import { approverNames } from './permissions.js';
import type { Promotion } from './post.js';

/**
 * The review chain: ordered stages a post passes before it is scheduled, each approved by
 * `any` or `all` of its approvers, and the rules a decision must meet (separation of duties,
 * approval bound to the content hash). Pure; the handlers store and act on the outcome.
 */

const userId = z.string().check(z.minLength(1), z.maxLength(128));
const userIds = () =>
  z._default(
    z.array(userId).check(
      z.maxLength(100),
      uniqueIds((id: string) => id, 'approver ids'),
    ),
    [],
  );
const minutes = () => z.optional(z.number().check(z.int(), z.positive()));

export const reviewStageSchema = z
  .strictObject({
    /** Shown to reviewers and sent in decisions, e.g. `brand` or `legal`. */
    name: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'stage name: 1-40 characters of a-z 0-9 -')),
    /** Who may decide this stage; empty means anyone but the author. */
    approvers: userIds(),
    /** `any`: one approval passes the stage; `all`: every approver must approve. */
    mode: z._default(z.enum(['any', 'all']), 'any'),
    /** Who may decide once the stage is escalated (any one of them passes it). */
    backupApprovers: userIds(),
    /** `promoted`: only paid and partner posts go through this stage (e.g. legal). */
    appliesTo: z._default(z.enum(['all', 'promoted']), 'all'),
  })
  .check(
    z.refine((s) => s.mode === 'any' || s.approvers.length > 0, {
      path: ['approvers'],
      message: 'an `all` stage names its approvers',
    }),
  );
export type ReviewStage = z.infer<typeof reviewStageSchema>;

export const reviewChainSchema = z
  .strictObject({
    stages: z.array(reviewStageSchema).check(z.minLength(1), z.maxLength(10)),
    sla: z.prefault(
      z.strictObject({
        /** A `Review Reminder` when a stage has waited this long. */
        reminderAfterMinutes: minutes(),
        /** The stage's backup approvers may decide after this long (`Review Escalated`). */
        escalateAfterMinutes: minutes(),
      }),
      {},
    ),
    /** A reschedule of an approved post sends it through review again. */
    reapproveOnReschedule: z._default(z.boolean(), false),
  })
  .check(
    z.refine((c) => new Set(c.stages.map((s) => s.name)).size === c.stages.length, {
      path: ['stages'],
      message: 'stage names must be unique',
    }),
  );
export type ReviewChain = z.infer<typeof reviewChainSchema>;

/** One approval, bound to the content it saw. */
export interface Approval {
  stage: string;
  reviewerId: string;
  at: string;
  contentHash: string;
  /** The `group:<name>` entry of the stage this approval fulfils, when the stage did not name the person. */
  approverEntry?: string;
  /** The content changed after this approval: it no longer counts. */
  superseded?: boolean;
}

/** Where a post's review stands (stored on the post). */
export interface ReviewProgress {
  contentHash: string;
  /** The stages that apply to this post, as they were when its review started. */
  stages: Omit<ReviewStage, 'appliesTo'>[];
  /** Index of the stage waiting for decisions; `stages.length` once all passed. */
  stage: number;
  stageStartedAt: string;
  /** When the review of this content started: a review time runs from here to the decision. */
  startedAt?: string;
  /** The stage index a `Review Requested` was last sent for. */
  requestedStage?: number;
  reminded?: boolean;
  escalated?: boolean;
  sla: ReviewChain['sla'];
  approvals: Approval[];
  /** Bumped by every write; writes are conditional on it, so racing decisions apply once. */
  seq: number;
}

/**
 * The review a post starts with, or continues with when only its schedule changed: approvals
 * given to the same content hash still count; others are marked superseded.
 *
 * @example
 * ```ts
 * const progress = startReview(chain, { contentHash, promotion }, previous, now);
 * ```
 */
export function startReview(
  chain: ReviewChain,
  post: { contentHash: string; promotion?: Promotion },
  previous: ReviewProgress | undefined,
  now: string,
): { progress: ReviewProgress; superseded: Approval[] } {
  const promoted = post.promotion !== undefined && post.promotion.type !== 'organic';
  const stages = chain.stages
    .filter((s) => s.appliesTo === 'all' || promoted)
    .map(({ appliesTo: _appliesTo, ...stage }) => stage);
  const old = previous?.approvals ?? [];
  const superseded = old.filter((a) => !a.superseded && a.contentHash !== post.contentHash);
  const approvals = old.map((a) => (superseded.includes(a) ? { ...a, superseded: true } : a));
  const progress: ReviewProgress = {
    contentHash: post.contentHash,
    stages,
    stage: 0,
    stageStartedAt: now,
    // A reschedule continues the same review; changed content starts a new one.
    startedAt: previous?.contentHash === post.contentHash ? (previous.startedAt ?? now) : now,
    sla: chain.sla,
    approvals,
    seq: (previous?.seq ?? 0) + 1,
  };
  while (progress.stage < stages.length && stagePassed(progress, progress.stage)) progress.stage += 1;
  if (previous && progress.stage === previous.stage && previous.contentHash === post.contentHash) {
    // Same stage, same content: its clock and reminders carry on.
    progress.stageStartedAt = previous.stageStartedAt;
    progress.reminded = previous.reminded;
    progress.escalated = previous.escalated;
    progress.requestedStage = previous.requestedStage;
  }
  return { progress, superseded };
}

const counting = (progress: ReviewProgress, stage: number) =>
  progress.approvals.filter(
    (a) =>
      !a.superseded && a.contentHash === progress.contentHash && a.stage === progress.stages[stage]?.name,
  );

/** Whether a stage has the approvals it needs. */
export function stagePassed(progress: ReviewProgress, index: number): boolean {
  const stage = progress.stages[index];
  if (!stage) return false;
  const approvers = new Set(counting(progress, index).map((a) => a.reviewerId));
  if (approvers.size === 0) return false;
  if (stage.mode === 'any') return true;
  if (progress.escalated && index === progress.stage && stage.backupApprovers.some((b) => approvers.has(b))) {
    return true;
  }
  const entries = new Set(
    counting(progress, index).flatMap((a) => (a.approverEntry ? [a.approverEntry] : [])),
  );
  return stage.approvers.every((a) => approvers.has(a) || entries.has(a));
}

/** The chain a brand without one gets: one stage, decided by its reviewers or by anyone but the author. */
export function defaultReviewChain(reviewers: readonly string[] | undefined): ReviewChain {
  return reviewChainSchema.parse({ stages: [{ name: 'review', approvers: reviewers ?? [] }] });
}

/**
 * Why a decision was refused, as a short id: a person who may not decide (`author-not-reviewer`,
 * `not-an-approver`, `one-person-one-stage`), or a decision that no longer fits the post.
 */
export type ReviewRefusalRule =
  | 'post-unknown'
  | 'revision-current'
  | 'review-closed'
  | 'stage-unknown'
  | 'stage-closed'
  | 'stage-not-open'
  | 'content-changed'
  | 'author-not-reviewer'
  | 'not-an-approver'
  | 'one-person-one-stage'
  | 'invalid';

/** A decision as the chain sees it. */
export interface StageDecision {
  decision: 'approve' | 'reject' | 'request_changes';
  reviewerId: string;
  /** The groups the reviewer counts in (verified token, membership records): `group:<name>` approvers match them. */
  reviewerGroups?: readonly string[];
  /** The stage the reviewer decided; the current one when omitted. */
  stage?: string;
  /** The content the reviewer saw; the current content when omitted. */
  contentHash?: string;
  /**
   * Refuse stages that name no approver (the front door): a decision needs a stage that names
   * the reviewer or one of their groups.
   */
  requireNamedApprover?: boolean;
}

export type StageOutcome =
  /** `field` is the decision's field the refusal is about; `rule` says why, as a short id. */
  | { kind: 'refused'; rule: ReviewRefusalRule; reason: string; field: string }
  /** The reviewer's approval of this stage is already recorded. */
  | { kind: 'repeated' }
  | {
      kind: 'recorded';
      progress: ReviewProgress;
      /** `pending`: an `all` stage still waits for others; `stage-passed`: the next stage starts. */
      result: 'pending' | 'stage-passed' | 'approved' | 'reject' | 'request_changes';
      stage: string;
    };

/**
 * Applies a decision to the current stage, or says why it cannot apply.
 *
 * @example
 * ```ts
 * const outcome = decideStage(progress, { decision: 'approve', reviewerId: 'ana' }, 'author-1', now);
 * if (outcome.kind === 'refused') console.log(outcome.reason);
 * ```
 */
export function decideStage(
  progress: ReviewProgress,
  decision: StageDecision,
  authorId: string,
  now: string,
): StageOutcome {
  const refuse = (rule: ReviewRefusalRule, reason: string, field = 'reviewer.id'): StageOutcome => ({
    kind: 'refused',
    rule,
    reason,
    field,
  });
  const current = progress.stages[progress.stage];
  const live = progress.approvals.filter((a) => !a.superseded && a.contentHash === progress.contentHash);
  const own = live.find((a) => a.reviewerId === decision.reviewerId);
  if (decision.decision === 'approve' && own && (decision.stage ?? own.stage) === own.stage) {
    return { kind: 'repeated' };
  }
  if (decision.reviewerId === authorId)
    return refuse('author-not-reviewer', 'the reviewer wrote the post and cannot review it');
  if (!current) return refuse('review-closed', 'the review is closed: every stage has passed', 'postId');
  if (decision.stage !== undefined && decision.stage !== current.name) {
    const known = progress.stages.findIndex((s) => s.name === decision.stage);
    if (known < 0)
      return refuse('stage-unknown', `the post's review has no stage "${decision.stage}"`, 'stage');
    return refuse(
      known < progress.stage ? 'stage-closed' : 'stage-not-open',
      known < progress.stage
        ? `stage "${decision.stage}" is closed; the post waits in stage "${current.name}"`
        : `stage "${decision.stage}" is not open yet; the post waits in stage "${current.name}"`,
      'stage',
    );
  }
  if (decision.contentHash !== undefined && decision.contentHash !== progress.contentHash) {
    return refuse('content-changed', 'the content changed since the reviewer saw it', 'contentHash');
  }
  const allowed = [...current.approvers, ...(progress.escalated ? current.backupApprovers : [])];
  const reviewer = { subject: decision.reviewerId, groups: decision.reviewerGroups ?? [] };
  if (decision.requireNamedApprover && current.approvers.length === 0) {
    return refuse(
      'not-an-approver',
      `stage "${current.name}" names no approvers: a brand admin names people or a group:<name> in the review chain`,
    );
  }
  if (current.approvers.length > 0 && !allowed.some((approver) => approverNames(approver, reviewer))) {
    return refuse('not-an-approver', `the reviewer is not an approver of stage "${current.name}"`);
  }
  if (own)
    return refuse(
      'one-person-one-stage',
      `the reviewer approved stage "${own.stage}"; one person approves one stage of a post`,
    );
  if (decision.decision !== 'approve') {
    return {
      kind: 'recorded',
      progress: { ...progress, seq: progress.seq + 1 },
      result: decision.decision,
      stage: current.name,
    };
  }
  const fulfils = allowed.includes(decision.reviewerId)
    ? undefined
    : allowed.find((approver) => approverNames(approver, reviewer));
  const approval: Approval = {
    stage: current.name,
    reviewerId: decision.reviewerId,
    ...(fulfils ? { approverEntry: fulfils } : {}),
    at: now,
    contentHash: progress.contentHash,
  };
  const next: ReviewProgress = {
    ...progress,
    approvals: [...progress.approvals, approval],
    seq: progress.seq + 1,
  };
  if (!stagePassed(next, next.stage))
    return { kind: 'recorded', progress: next, result: 'pending', stage: current.name };
  next.stage += 1;
  next.stageStartedAt = now;
  next.reminded = undefined;
  next.escalated = undefined;
  const result = next.stage >= next.stages.length ? 'approved' : 'stage-passed';
  return { kind: 'recorded', progress: next, result, stage: current.name };
}

/** SLA steps due for the current stage at `now`, and when the next one falls (epoch ms). */
export function slaDue(
  progress: ReviewProgress,
  now: number,
): { remind: boolean; escalate: boolean; nextAt: number | undefined } {
  const started = Date.parse(progress.stageStartedAt);
  const { reminderAfterMinutes, escalateAfterMinutes } = progress.sla;
  const remindAt = reminderAfterMinutes === undefined ? undefined : started + reminderAfterMinutes * 60_000;
  const escalateAt = escalateAfterMinutes === undefined ? undefined : started + escalateAfterMinutes * 60_000;
  const remind = remindAt !== undefined && !progress.reminded && now >= remindAt;
  const escalate = escalateAt !== undefined && !progress.escalated && now >= escalateAt;
  const pending = [
    !progress.reminded && !remind ? remindAt : undefined,
    !progress.escalated && !escalate ? escalateAt : undefined,
  ].filter((t): t is number => t !== undefined);
  return { remind, escalate, nextAt: pending.length ? Math.min(...pending) : undefined };
}
