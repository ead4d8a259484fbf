import { type LifecycleState, type TaskInput, WorkflowError } from '../../workflows/contract.js';
import { detailOf } from '../aws/event-bus.js';
import { ConcurrentChangeError, UnexpectedStatusError } from '../domain/errors.js';
import { OutboundEvent } from '../domain/events.js';
import { PostStatus } from '../domain/lifecycle.js';
import { slaDue } from '../domain/review-chain.js';
import { changeAttempts } from '../persistence/change-attempts.js';
import { workflowActor } from '../persistence/lifecycle-log.js';
import { changePost } from '../persistence/posts.js';
import { lifecycleStateOf } from './lifecycle-state.js';
import { loadOwnedPost, workflowError } from './owned-post.js';

/** Long enough for AwaitReview to replay a recorded decision before it times out. */
const REPLAY_TIMEOUT_SECONDS = 60;

/**
 * CheckReviewDeadline, after AwaitReview timed out, a stage passed or the post was
 * rescheduled: sends the stage's `Review Reminder` and escalates it to the backup approvers
 * when their SLA thresholds have passed, then waits again (the next stage, or the same one);
 * re-checks an edited post (`PostEdited`); and expires the review once the scheduled time
 * has passed (`ReviewExpired`).
 *
 * @example
 * ```ts
 * const state = await checkReviewDeadline({ postId, executionName }); // or throws ReviewExpired
 * ```
 */
export async function checkReviewDeadline(input: TaskInput): Promise<LifecycleState> {
  for (const _ of changeAttempts()) {
    const post = await loadOwnedPost(input);
    const context = { postId: post.postId, revision: post.revision };
    if (post.status === PostStatus.Submitted) {
      throw workflowError(WorkflowError.PostEdited, 'the post was edited during review', context);
    }
    if (post.status === PostStatus.Expired) {
      throw workflowError(
        WorkflowError.ReviewExpired,
        'the scheduled time passed before review ended',
        context,
      );
    }
    if (
      post.status === PostStatus.Scheduled ||
      post.status === PostStatus.Rejected ||
      post.status === PostStatus.ChangesRequested
    ) {
      // Decided just as the timer fired: AwaitReview replays the recorded decision.
      return lifecycleStateOf(post, REPLAY_TIMEOUT_SECONDS);
    }
    if (post.status !== PostStatus.InReview) {
      throw new UnexpectedStatusError(`cannot check the review deadline of a post that is ${post.status}`, {
        context,
      });
    }
    if (post.reviewRevision !== undefined && post.reviewRevision !== post.revision) {
      throw workflowError(WorkflowError.PostEdited, 'the post was edited during review', context);
    }
    if (Date.parse(post.scheduledAt) > Date.now()) {
      const review = post.review;
      const due = review ? slaDue(review, Date.now()) : undefined;
      if (!review || !due || (!due.remind && !due.escalate)) return lifecycleStateOf(post);
      const next = {
        ...review,
        seq: review.seq + 1,
        reminded: review.reminded || due.remind,
        escalated: review.escalated || due.escalate,
      };
      const stage = review.stages[review.stage];
      const waitedMinutes = Math.floor((Date.now() - Date.parse(review.stageStartedAt)) / 60_000);
      const common = { stage: stage?.name, waitedMinutes, scheduledAt: post.scheduledAt };
      const slaChanged = await changePost(post.postId, {
        set: { review: next },
        when: {
          statusIn: [PostStatus.InReview],
          revision: post.revision,
          executionName: input.executionName,
          reviewSeq: review.seq,
        },
        log: {
          action: due.escalate ? 'review_escalated' : 'review_reminded',
          actor: workflowActor(input.executionName),
          revision: post.revision,
          details: {
            stage: stage?.name,
            waitedMinutes,
            ...(due.escalate ? { backupApprovers: stage?.backupApprovers } : {}),
          },
        },
        events: [
          ...(due.remind
            ? [
                {
                  type: OutboundEvent.ReviewReminder,
                  detail: detailOf(post, { ...common, approvers: stage?.approvers }),
                },
              ]
            : []),
          ...(due.escalate
            ? [
                {
                  type: OutboundEvent.ReviewEscalated,
                  detail: detailOf(post, { ...common, backupApprovers: stage?.backupApprovers }),
                },
              ]
            : []),
        ],
      });
      if (!slaChanged) continue;
      return lifecycleStateOf({ ...post, review: next });
    }

    const changed = await changePost(post.postId, {
      set: { status: PostStatus.Expired },
      remove: ['reviewTaskToken', 'reviewRevision'],
      when: { statusIn: [PostStatus.InReview], revision: post.revision, executionName: input.executionName },
      log: { action: 'expired', actor: workflowActor(input.executionName), revision: post.revision },
      events: [
        { type: OutboundEvent.PostExpired, detail: detailOf(post, { scheduledAt: post.scheduledAt }) },
      ],
    });
    if (!changed) continue;
    throw workflowError(
      WorkflowError.ReviewExpired,
      'the scheduled time passed before review ended',
      context,
    );
  }
  throw new ConcurrentChangeError('the post kept changing at the review deadline', {
    context: { postId: input.postId },
  });
}
