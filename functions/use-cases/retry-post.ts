import { detailOf } from '../aws/event-bus.js';
import { startLifecycle } from '../aws/workflow.js';
import { retryPostSchema } from '../contract/inbound.js';
import { problem, reasonOf, schemaProblems } from '../contract/problems.js';
import { ConcurrentChangeError, type InputProblem } from '../domain/errors.js';
import { OutboundEvent } from '../domain/events.js';
import { PostStatus } from '../domain/lifecycle.js';
import { checkSchedule } from '../domain/submission.js';
import { toUtc } from '../domain/time.js';
import type { EventBridgeEnvelope } from '../middleware/schemas.js';
import { changeAttempts } from '../persistence/change-attempts.js';
import { changePost, getPost } from '../persistence/posts.js';

export type RetryPostResult =
  | { status: 'retried' | 'already_retried'; postId: string; revision: number; executionName: string }
  | { status: 'refused'; reason: string; errors: InputProblem[] };

const refused = (...errors: InputProblem[]): RetryPostResult => ({
  status: 'refused',
  reason: reasonOf(errors),
  errors,
});

/**
 * Handles `Retry Post`: a `failed` post runs its lifecycle again for the same revision, in a
 * new execution (`<postId>-r<revision>-retry<n>`), from the policy check and review, to
 * publish at the new `scheduledAt`. Channels already published keep their post: their publish
 * records are final, so PublishToChannel returns them without calling the platform. A
 * redelivered event starts nothing new.
 *
 * @example
 * ```ts
 * await retryPost({ id: 'evt-1', 'detail-type': 'Retry Post', detail: { postId, scheduledAt: '2030-01-31T09:00:00+01:00', requestedBy: { id } } });
 * ```
 */
export async function retryPost(event: EventBridgeEnvelope): Promise<RetryPostResult> {
  const parsed = retryPostSchema.safeParse(event.detail);
  if (!parsed.success) return refused(...schemaProblems(parsed.error));
  const request = parsed.data;
  const time = checkSchedule(request.scheduledAt, Date.now());
  if ('problem' in time) return refused(time.problem);
  for (const _ of changeAttempts()) {
    const post = await getPost(request.postId);
    if (!post) return refused(problem('postId', 'known-post', 'no post has this id'));
    if (post.status !== PostStatus.Failed) {
      if (event.id && post.retryEventId === event.id) {
        // A redelivery: the run this event started may not have begun if the first delivery stopped half-way.
        await startLifecycle(post.executionName, { postId: post.postId, revision: post.executionRevision });
        const { postId, revision, executionName } = post;
        return { status: 'already_retried', postId, revision, executionName };
      }
      return refused(
        problem(
          'postId',
          'refused',
          `only a failed post can be retried: it is ${post.status.replace('_', ' ')}`,
        ),
      );
    }
    const retries = (post.retries ?? 0) + 1;
    const executionName = `${post.postId}-r${post.revision}-retry${retries}`;
    const changed = await changePost(post.postId, {
      set: {
        status: PostStatus.Submitted,
        executionName,
        executionRevision: post.revision,
        scheduledAt: toUtc(time.ms),
        brandId: post.brandId,
        retries,
        retryEventId: event.id,
      },
      // The review starts over: a failure may have lasted days, and the reviewers see the new time.
      remove: ['review', 'reviewTaskToken', 'reviewRevision'],
      when: { statusIn: [PostStatus.Failed], revision: post.revision, executionName: post.executionName },
      log: {
        action: 'retried',
        actor: { type: 'user', id: request.requestedBy.id },
        revision: post.revision,
        details: { executionName, previousExecution: post.executionName },
      },
      events: [
        { type: OutboundEvent.PostSubmitted, detail: detailOf(post, { executionName, retry: retries }) },
      ],
    });
    if (!changed) continue;
    await startLifecycle(executionName, { postId: post.postId, revision: post.revision });
    return { status: 'retried', postId: post.postId, revision: post.revision, executionName };
  }
  throw new ConcurrentChangeError('the post kept changing while it was being retried', {
    context: { postId: request.postId },
  });
}
