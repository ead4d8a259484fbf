import { WorkflowError } from '../../workflows/contract.js';
import { detailOf } from '../aws/event-bus.js';
import { failTask } from '../aws/workflow.js';
import { reschedulePostSchema } from '../contract/inbound.js';
import { detailFields, problem, reasonOf, schemaProblems } from '../contract/problems.js';
import type { SlotAdvice } from '../domain/analytics.js';
import { reviewChainOf } from '../domain/brand.js';
import { ConcurrentChangeError, type InputProblem } from '../domain/errors.js';
import { OutboundEvent } from '../domain/events.js';
import {
  cancellable,
  earlierWhileWaitingMessage,
  movesEarlierWhileWaiting,
  PostStatus,
} from '../domain/lifecycle.js';
import type { PostRecord } from '../domain/post.js';
import { checkSchedule, executionStart, timeZoneProblem } from '../domain/submission.js';
import { toUtc } from '../domain/time.js';
import type { EventBridgeEnvelope } from '../middleware/schemas.js';
import { getBrand } from '../persistence/brands.js';
import { changeAttempts } from '../persistence/change-attempts.js';
import { listLifecycleLog } from '../persistence/lifecycle-log.js';
import { asReadEndingReview, changePost, getPost } from '../persistence/posts.js';
import { refuseCommand } from './refusals.js';
import { adviseSlots } from './slot-advice.js';

export type ReschedulePostResult =
  | {
      status: 'rescheduled' | 'unchanged';
      postId: string;
      revision: number;
      scheduledAt: string;
      reReview: boolean;
      /** Per channel, a better hour nearby or why none is named: advice, the new time stands. */
      suggestions: SlotAdvice[];
    }
  | { status: 'refused'; reason: string; errors: InputProblem[] };

/**
 * Handles `Reschedule Post`: moves a post's time in any status before publication. In
 * review, the waiting stage measures its window again; after approval, the approval stands
 * unless the brand's review chain sets `reapproveOnReschedule`, in which case the post goes
 * through review again. A repeat of the same time changes nothing.
 *
 * @example
 * ```ts
 * await reschedulePost({ 'detail-type': 'Reschedule Post', detail: { postId, scheduledAt: '2030-01-31T09:00:00+01:00', requestedBy: { id } } });
 * ```
 */
export async function reschedulePost(event: EventBridgeEnvelope): Promise<ReschedulePostResult> {
  const raw = detailFields(event.detail);
  const parsed = reschedulePostSchema.safeParse(event.detail);
  if (!parsed.success) {
    return refuse(raw, schemaProblems(parsed.error));
  }
  const request = parsed.data;
  const time = checkSchedule(request.scheduledAt, Date.now());
  if ('problem' in time) {
    return refuse(raw, [time.problem]);
  }
  const zone = request.timeZone === undefined ? undefined : timeZoneProblem(request.timeZone);
  if (zone) return refuse(raw, [zone]);
  const scheduledAt = toUtc(time.ms);

  for (const _ of changeAttempts()) {
    const post = await getPost(request.postId);
    if (!post) return refuse(raw, [problem('postId', 'known-post', 'no post has this id')]);
    if (!cancellable.includes(post.status)) {
      const why = `the post cannot be rescheduled: it is ${post.status.replace('_', ' ')}`;
      return refuse(raw, [problem('postId', 'cancellable', why)], post, why);
    }
    const suggestions = await adviseSlots(post.brandId, post.channels, scheduledAt);
    if (post.scheduledAt === scheduledAt && (request.timeZone ?? post.timeZone) === post.timeZone) {
      await repairSideEffects(post, scheduledAt);
      return {
        status: 'unchanged',
        postId: post.postId,
        revision: post.revision,
        scheduledAt,
        reReview: false,
        suggestions,
      };
    }
    // The post keeps its execution: the new time must fit in that execution's year.
    const bounded = checkSchedule(request.scheduledAt, Date.now(), executionStart(post));
    if ('problem' in bounded) return refuse(raw, [bounded.problem], post);
    if (movesEarlierWhileWaiting(post, scheduledAt)) {
      return refuse(
        raw,
        [problem('scheduledAt', 'not-earlier-once-approved', earlierWhileWaitingMessage)],
        post,
      );
    }
    const reReview = await needsReReview(post);
    const token = post.reviewTaskToken;
    const changed = await changePost(post.postId, {
      set: {
        scheduledAt,
        brandId: post.brandId,
        timeZone: request.timeZone ?? post.timeZone,
        ...(reReview
          ? {
              status: PostStatus.Submitted,
              review: post.review && {
                ...post.review,
                seq: post.review.seq + 1,
                approvals: post.review.approvals.map((a) => ({ ...a, superseded: true })),
              },
            }
          : {}),
      },
      ...asReadEndingReview(post),
      log: {
        action: 'rescheduled',
        actor: { type: 'user', id: request.requestedBy.id },
        revision: post.revision,
        details: {
          from: post.scheduledAt,
          to: scheduledAt,
          fromStatus: post.status,
          reReview,
          taskToken: token,
        },
      },
      events: [
        {
          type: OutboundEvent.PostRescheduled,
          detail: detailOf(post, {
            from: post.scheduledAt,
            scheduledAt,
            reReview,
            requestedBy: request.requestedBy.id,
            suggestions,
          }),
        },
      ],
    });
    if (!changed) continue;
    // The waiting review measures its window against the new time (CheckReviewDeadline).
    if (token)
      await failTask(token, WorkflowError.PostRescheduled, 'the post was rescheduled', {
        tolerateClosed: true,
      });
    return {
      status: 'rescheduled',
      postId: post.postId,
      revision: post.revision,
      scheduledAt,
      reReview,
      suggestions,
    };
  }
  throw new ConcurrentChangeError('the post kept changing while it was being rescheduled', {
    context: { postId: request.postId },
  });
}

/**
 * A repeat finds the move already written; if the handler stopped after the write, the waiting
 * review never heard of it. Everything after the write is done again from the log entry (a
 * closed task is ignored), as for a repeated Submit Post. `Post Rescheduled` went out with the
 * write (the outbox), so it is not sent again.
 */
async function repairSideEffects(post: PostRecord, scheduledAt: string): Promise<void> {
  const entry = (await listLifecycleLog(post.postId)).findLast(
    (e) => e.action === 'rescheduled' && e.details?.to === scheduledAt,
  );
  if (!entry) return;
  const token = entry.details?.taskToken;
  if (typeof token === 'string') {
    await failTask(token, WorkflowError.PostRescheduled, 'the post was rescheduled', {
      tolerateClosed: true,
    });
  }
}

/** An approved post goes back to review when its brand asks for a fresh approval of a new time. */
async function needsReReview(post: PostRecord): Promise<boolean> {
  if (post.status !== PostStatus.Scheduled && post.status !== PostStatus.Approved) return false;
  const brand = await getBrand(post.brandId);
  return brand ? reviewChainOf(brand).reapproveOnReschedule : false;
}

function refuse(
  raw: Record<string, unknown>,
  errors: InputProblem[],
  post?: PostRecord,
  reason = reasonOf(errors),
): Promise<ReschedulePostResult> {
  const about = { postId: raw.postId, revision: post?.revision ?? 0, brandId: post?.brandId ?? '' };
  return refuseCommand(OutboundEvent.RescheduleRefused, about, errors, reason);
}
