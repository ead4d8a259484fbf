import { type WorkflowFailureInput, workflowFailureInput } from '../../workflows/contract.js';
import { detailOf } from '../aws/event-bus.js';
import { OutboundEvent } from '../domain/events.js';
import { PostStatus, statusesThatMayMoveTo } from '../domain/lifecycle.js';
import { lambdaHandler } from '../middleware/lambda-handler.js';
import { workflowActor } from '../persistence/lifecycle-log.js';
import { changePost } from '../persistence/posts.js';
import { causeMessage, loadOwnedPost } from '../use-cases/owned-post.js';

/**
 * RecordWorkflowFailure: an error nothing else routed marks the post `failed` (error name
 * and message only) before the execution fails.
 *
 * @example
 * ```ts
 * await recordWorkflowFailure({ postId, executionName, failure: { Error: 'Lambda.Unknown' } });
 * ```
 */
export async function recordWorkflowFailure(
  input: WorkflowFailureInput,
): Promise<{ postId: string; status: 'failed' }> {
  const post = await loadOwnedPost(input);
  if (post.status === PostStatus.Failed) return { postId: post.postId, status: 'failed' };
  const failure = { error: input.failure.Error.slice(0, 200), message: causeMessage(input.failure.Cause) };
  await changePost(post.postId, {
    set: { status: PostStatus.Failed, failure },
    remove: post.reviewTaskToken ? ['reviewTaskToken', 'reviewRevision'] : [],
    when: { statusIn: statusesThatMayMoveTo(PostStatus.Failed), executionName: input.executionName },
    log: {
      action: 'failed',
      actor: workflowActor(input.executionName),
      revision: post.revision,
      details: { fromStatus: post.status, error: failure.error },
    },
    events: [{ type: OutboundEvent.PostFailed, detail: detailOf(post, { error: failure.error }) }],
  });
  return { postId: post.postId, status: 'failed' };
}

export const handler = lambdaHandler('record-workflow-failure', workflowFailureInput, recordWorkflowFailure);
