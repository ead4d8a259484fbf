import { type ScheduleCheck, type TaskInput, taskInput, WorkflowError } from '../../workflows/contract.js';
import { ConcurrentChangeError, UnexpectedStatusError } from '../domain/errors.js';
import { PostStatus } from '../domain/lifecycle.js';
import { toUtc } from '../domain/time.js';
import { lambdaHandler } from '../middleware/lambda-handler.js';
import { changeAttempts } from '../persistence/change-attempts.js';
import { workflowActor } from '../persistence/lifecycle-log.js';
import { changePost } from '../persistence/posts.js';
import { lifecycleStateOf } from '../use-cases/lifecycle-state.js';
import { loadOwnedPost, workflowError } from '../use-cases/owned-post.js';

/**
 * ConfirmStillScheduled, after the wait: publishes only the approved content at the time
 * still planned. Edited content throws `PostEdited`; a later time throws `ScheduledTimeMoved`
 * with the new time as its message, which the workflow waits for before asking again.
 *
 * @example
 * ```ts
 * const state = await confirmStillScheduled({ postId, executionName });
 * ```
 */
export async function confirmStillScheduled(input: TaskInput): Promise<ScheduleCheck> {
  for (const _ of changeAttempts()) {
    const post = await loadOwnedPost(input);
    const context = { postId: post.postId, revision: post.revision };
    if (post.status === PostStatus.Publishing) return lifecycleStateOf(post);
    if (post.status === PostStatus.Submitted || post.status === PostStatus.InReview) {
      throw workflowError(WorkflowError.PostEdited, 'the content changed after approval', context);
    }
    if (post.status !== PostStatus.Scheduled) {
      throw new UnexpectedStatusError(`cannot publish a post that is ${post.status}`, { context });
    }
    if (post.approvedContentHash !== post.contentHash) {
      throw workflowError(WorkflowError.PostEdited, 'the content changed after approval', context);
    }
    if (Date.parse(post.scheduledAt) > Date.now()) {
      // The message is only the time: the workflow's Wait reads it from the error's Cause.
      throw workflowError(WorkflowError.ScheduledTimeMoved, toUtc(Date.parse(post.scheduledAt)), context);
    }
    const changed = await changePost(post.postId, {
      set: { status: PostStatus.Publishing },
      when: { statusIn: [PostStatus.Scheduled], revision: post.revision, executionName: input.executionName },
      log: {
        action: 'publishing_started',
        actor: workflowActor(input.executionName),
        revision: post.revision,
      },
    });
    if (changed) return lifecycleStateOf(post);
  }
  throw new ConcurrentChangeError('the post kept changing at its scheduled time', {
    context: { postId: input.postId },
  });
}

export const handler = lambdaHandler('confirm-still-scheduled', taskInput, confirmStillScheduled);
