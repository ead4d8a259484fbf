import { WorkflowError } from '../../workflows/contract.js';
import { detailOf } from '../aws/event-bus.js';
import { failTask } from '../aws/workflow.js';
import { cancelPostSchema } from '../contract/inbound.js';
import { problem, reasonOf, schemaProblems } from '../contract/problems.js';
import { ConcurrentChangeError, type InputProblem } from '../domain/errors.js';
import { OutboundEvent } from '../domain/events.js';
import { cancellable, PostStatus } from '../domain/lifecycle.js';
import type { EventBridgeEnvelope } from '../middleware/schemas.js';
import { changeAttempts } from '../persistence/change-attempts.js';
import { listLifecycleLog } from '../persistence/lifecycle-log.js';
import { emit } from '../persistence/outbox.js';
import { asReadEndingReview, changePost, getPost } from '../persistence/posts.js';

export type CancelPostResult =
  | { status: 'cancelled' | 'already_cancelled'; postId: string; revision: number }
  | { status: 'refused'; reason: string; errors: InputProblem[] };

/**
 * Handles `Cancel Post`: stops a post before publication and tells a waiting review.
 * A repeat changes nothing; a published post cannot be cancelled.
 *
 * @example
 * ```ts
 * await cancelPost({ 'detail-type': 'Cancel Post', detail: { postId, requestedBy: { id } } });
 * ```
 */
export async function cancelPost(event: EventBridgeEnvelope): Promise<CancelPostResult> {
  const parsed = cancelPostSchema.safeParse(event.detail);
  if (!parsed.success) {
    const errors = schemaProblems(parsed.error);
    return { status: 'refused', reason: reasonOf(errors), errors };
  }
  const request = parsed.data;
  for (const _ of changeAttempts()) {
    const post = await getPost(request.postId);
    if (!post) return refused(problem('postId', 'known-post', 'no post has this id'));
    if (post.status === PostStatus.Cancelled) {
      // A repeat: the workflow may not have heard yet if the first delivery stopped half-way.
      const entry = (await listLifecycleLog(post.postId)).findLast((e) => e.action === 'cancelled');
      const token = entry?.details?.taskToken;
      if (typeof token === 'string') {
        await failTask(token, WorkflowError.PostCancelled, 'the post was cancelled', {
          tolerateClosed: true,
        });
      }
      // Nor may subscribers have heard: the event goes out again (they receive at least once).
      if (entry) {
        await emit({
          type: OutboundEvent.PostCancelled,
          detail: detailOf(post, {
            fromStatus: String(entry.details?.fromStatus ?? ''),
            requestedBy: entry.actor.id,
          }),
        });
      }
      return { status: 'already_cancelled', postId: post.postId, revision: post.revision };
    }
    if (!cancellable.includes(post.status)) {
      return refused(
        problem(
          'postId',
          'cancellable',
          `the post cannot be cancelled: it is ${post.status.replace('_', ' ')}`,
        ),
      );
    }
    const token = post.reviewTaskToken;
    const changed = await changePost(post.postId, {
      set: { status: PostStatus.Cancelled },
      ...asReadEndingReview(post),
      log: {
        action: 'cancelled',
        actor: { type: 'user', id: request.requestedBy.id },
        revision: post.revision,
        details: { fromStatus: post.status, reason: request.reason, taskToken: token },
      },
      events: [
        {
          type: OutboundEvent.PostCancelled,
          detail: detailOf(post, { fromStatus: post.status, requestedBy: request.requestedBy.id }),
        },
      ],
    });
    if (!changed) continue;
    if (token)
      await failTask(token, WorkflowError.PostCancelled, 'the post was cancelled', { tolerateClosed: true });
    return { status: 'cancelled', postId: post.postId, revision: post.revision };
  }
  throw new ConcurrentChangeError('the post kept changing while it was being cancelled', {
    context: { postId: request.postId },
  });
}

/** A refusal of a valid request: its one problem, and the problem's message as the reason. */
function refused(error: InputProblem): CancelPostResult {
  return { status: 'refused', reason: error.message, errors: [error] };
}
