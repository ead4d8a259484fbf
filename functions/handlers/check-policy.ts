import { type LifecycleState, type TaskInput, WorkflowError } from '../../workflows/contract.js';
import { detailOf, emit } from '../aws/event-bus.js';
import { ConcurrentChangeError, ConfigurationError, UnexpectedStatusError } from '../domain/errors.js';
import { OutboundEvent } from '../domain/events.js';
import { PostStatus } from '../domain/lifecycle.js';
import { checkPolicy } from '../domain/policy.js';
import { lambdaHandler } from '../middleware/lambda-handler.js';
import { taskInput } from '../middleware/schemas.js';
import { getBrand } from '../persistence/brands.js';
import { workflowActor } from '../persistence/lifecycle-log.js';
import { changePost } from '../persistence/posts.js';
import { lifecycleStateOf } from '../tasks/lifecycle-state.js';
import { loadOwnedPost, workflowError } from '../tasks/owned-post.js';

/**
 * CheckPolicy: runs the brand's policy over the current revision. A block finding rejects
 * the post (`PolicyBlocked`); otherwise the post goes to review. Re-entered after an edit.
 *
 * @example
 * ```ts
 * const state = await runPolicyCheck({ postId, executionName: `${postId}-r1` });
 * ```
 */
export async function runPolicyCheck(input: TaskInput): Promise<LifecycleState> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const post = await loadOwnedPost(input);
    const context = { postId: post.postId, revision: post.revision };
    if (post.status === PostStatus.InReview && post.policyRevision === post.revision) {
      return lifecycleStateOf(post);
    }
    if (post.status === PostStatus.RejectedByPolicy && post.policyRevision === post.revision) {
      throw workflowError(WorkflowError.PolicyBlocked, 'the policy blocks this revision', context);
    }
    if (post.status !== PostStatus.Submitted && post.status !== PostStatus.InReview) {
      throw new UnexpectedStatusError(`cannot check the policy of a post that is ${post.status}`, {
        context,
      });
    }
    const brand = await getBrand(post.brandId);
    if (!brand) throw new ConfigurationError('the post names a brand that does not exist', { context });
    const texts = Object.fromEntries(Object.entries(post.content).map(([channel, c]) => [channel, c.text]));
    const policy = checkPolicy(texts, brand.bannedTerms);
    const blocked = policy.outcome === 'block';
    const changed = await changePost(post.postId, {
      set: {
        status: blocked ? PostStatus.RejectedByPolicy : PostStatus.InReview,
        policy,
        policyRevision: post.revision,
      },
      remove: post.reviewTaskToken ? ['reviewTaskToken', 'reviewRevision'] : [],
      when: { statusIn: [post.status], revision: post.revision, executionName: input.executionName },
      log: {
        action: 'policy_checked',
        actor: workflowActor(input.executionName),
        revision: post.revision,
        details: { outcome: policy.outcome, findings: policy.findings },
      },
    });
    if (!changed) continue;
    await emit({
      type: OutboundEvent.PolicyChecked,
      detail: detailOf(post, { outcome: policy.outcome, findings: policy.findings }),
    });
    if (blocked) throw workflowError(WorkflowError.PolicyBlocked, 'the policy blocks this revision', context);
    return lifecycleStateOf(post);
  }
  throw new ConcurrentChangeError('the post kept changing during the policy check', {
    context: { postId: input.postId },
  });
}

export const handler = lambdaHandler('check-policy', taskInput, runPolicyCheck);
