import { type RequestReviewInput, WorkflowError } from '../../workflows/contract.js';
import { detailOf } from '../aws/event-bus.js';
import { ConcurrentChangeError, UnexpectedStatusError } from '../domain/errors.js';
import { OutboundEvent } from '../domain/events.js';
import { PostStatus } from '../domain/lifecycle.js';
import type { ReviewDecisionKind } from '../domain/review.js';
import { secondsUntil } from '../domain/time.js';
import { changeAttempts } from '../persistence/change-attempts.js';
import { listLifecycleLog, workflowActor } from '../persistence/lifecycle-log.js';
import { changePost } from '../persistence/posts.js';
import { loadOwnedPost, workflowError } from './owned-post.js';
import { sendResult } from './review-result.js';

const decided: readonly string[] = [PostStatus.Scheduled, PostStatus.Rejected, PostStatus.ChangesRequested];

/**
 * AwaitReview: stores the task token on the post and asks for a review; the execution then
 * waits for the Review Decision handler's callback. A decision that arrived before the
 * token (or whose callback was lost) is replayed on this token at once.
 *
 * @example
 * ```ts
 * await requestReview({ postId, executionName, revision: 1, taskToken });
 * ```
 */
export async function requestReview(input: RequestReviewInput): Promise<{ replayed: boolean }> {
  // A decision or an edit racing the token write is handled by reading the post again.
  for (const _ of changeAttempts()) {
    const outcome = await tryRequestReview(input);
    if (outcome) return outcome;
  }
  throw new ConcurrentChangeError('the post kept changing while review was requested', {
    context: { postId: input.postId },
  });
}

async function tryRequestReview(input: RequestReviewInput): Promise<{ replayed: boolean } | undefined> {
  const post = await loadOwnedPost(input);
  const context = { postId: post.postId, revision: post.revision };
  if (post.status === PostStatus.Submitted || post.revision !== input.revision) {
    throw workflowError(WorkflowError.PostEdited, 'the post changed before review was requested', context);
  }
  if (decided.includes(post.status)) {
    const entry = (await listLifecycleLog(post.postId)).findLast(
      (e) => e.action === 'review_decided' && e.revision === post.revision,
    );
    if (entry) {
      await sendResult(input.taskToken, {
        decision: entry.details?.decision as ReviewDecisionKind,
        revision: post.revision,
        comment: entry.details?.comment as string | undefined,
        reviewer: { id: entry.actor.id },
      });
      return { replayed: true };
    }
  }
  if (post.status !== PostStatus.InReview) {
    throw new UnexpectedStatusError(`cannot request review of a post that is ${post.status}`, { context });
  }
  if (post.reviewTaskToken === input.taskToken) return { replayed: false };

  const reviewTimeoutSeconds = input.reviewTimeoutSeconds ?? secondsUntil(post.scheduledAt, Date.now());
  const review = post.review;
  const stage = review?.stages[review.stage];
  // An SLA step or a reschedule re-enters the same stage: only a new stage is announced.
  const announce = review !== undefined && review.requestedStage !== review.stage;
  const changed = await changePost(post.postId, {
    set: {
      reviewTaskToken: input.taskToken,
      reviewRevision: input.revision,
      ...(review && announce
        ? { review: { ...review, requestedStage: review.stage, seq: review.seq + 1 } }
        : {}),
    },
    when: {
      statusIn: [PostStatus.InReview],
      revision: input.revision,
      executionName: input.executionName,
      reviewSeq: review?.seq ?? null,
    },
    log: {
      action: 'review_requested',
      actor: workflowActor(input.executionName),
      revision: input.revision,
      details: { reviewTimeoutSeconds, stage: stage?.name },
    },
    events:
      announce || !review
        ? [
            {
              type: OutboundEvent.ReviewRequested,
              detail: detailOf(post, {
                reviewTimeoutSeconds,
                contentHash: post.contentHash,
                ...(review && stage
                  ? {
                      stage: stage.name,
                      stageNumber: review.stage + 1,
                      stageCount: review.stages.length,
                      mode: stage.mode,
                      approvers: stage.approvers,
                    }
                  : {}),
                warnings: (post.policy?.findings ?? []).filter((f) => f.severity === 'warn').length,
              }),
            },
          ]
        : [],
  });
  if (!changed) return undefined;
  return { replayed: false };
}
