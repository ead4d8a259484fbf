import { type LifecycleState, type TaskInput, WorkflowError } from '../../workflows/contract.js';
import { detailOf } from '../aws/event-bus.js';
import { effectivePolicy, reviewChainOf } from '../domain/brand.js';
import { ConcurrentChangeError, ConfigurationError, UnexpectedStatusError } from '../domain/errors.js';
import { OutboundEvent } from '../domain/events.js';
import { PostStatus } from '../domain/lifecycle.js';
import { type CalendarEntry, evaluatePolicy } from '../domain/policy.js';
import type { PostRecord } from '../domain/post.js';
import { startReview } from '../domain/review-chain.js';
import { assetsNamedBy } from '../persistence/assets.js';
import { getBrand } from '../persistence/brands.js';
import { changeAttempts } from '../persistence/change-attempts.js';
import { workflowActor } from '../persistence/lifecycle-log.js';
import { changePost, listCalendar } from '../persistence/posts.js';
import { lifecycleStateOf } from './lifecycle-state.js';
import { loadOwnedPost, workflowError } from './owned-post.js';

const DAY_MS = 24 * 3600 * 1000;

/** Posts that take a slot in the calendar: on their way out or already out. */
const onCalendar: readonly string[] = [
  PostStatus.Submitted,
  PostStatus.InReview,
  PostStatus.Approved,
  PostStatus.Scheduled,
  PostStatus.Publishing,
  PostStatus.Published,
  PostStatus.CollectingMetrics,
  PostStatus.Completed,
];

/**
 * CheckPolicy: runs the brand's policy over the current revision and its calendar day. A
 * block finding rejects the post (`PolicyBlocked`); otherwise the post goes to the first
 * review stage it has not passed for this content. Re-entered after an edit.
 *
 * @example
 * ```ts
 * const state = await runPolicyCheck({ postId, executionName: `${postId}-r1` });
 * ```
 */
export async function runPolicyCheck(input: TaskInput): Promise<LifecycleState> {
  for (const _ of changeAttempts()) {
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
    const policy = evaluatePolicy({
      post,
      policy: effectivePolicy(brand),
      policyVersion: brand.version ?? 1,
      calendar: await calendarAround(post),
      assets: await assetsNamedBy(post.brandId, post.content),
      altLanguage: brand.language,
    });
    const blocked = policy.outcome === 'block';
    const now = new Date().toISOString();
    const { progress, superseded } = startReview(reviewChainOf(brand), post, post.review, now);
    const changed = await changePost(post.postId, {
      set: {
        status: blocked ? PostStatus.RejectedByPolicy : PostStatus.InReview,
        policy,
        policyRevision: post.revision,
        ...(blocked ? {} : { review: progress }),
      },
      remove: post.reviewTaskToken ? ['reviewTaskToken', 'reviewRevision'] : [],
      when: {
        statusIn: [post.status],
        revision: post.revision,
        executionName: input.executionName,
        reviewSeq: post.review?.seq ?? null,
      },
      log: {
        action: 'policy_checked',
        actor: workflowActor(input.executionName),
        revision: post.revision,
        details: {
          outcome: policy.outcome,
          findings: policy.findings,
          policyVersion: policy.policyVersion,
          ...(superseded.length > 0 ? { supersededApprovals: superseded } : {}),
        },
      },
      events: [
        {
          type: OutboundEvent.PolicyChecked,
          detail: detailOf(post, {
            outcome: policy.outcome,
            findings: policy.findings,
            policyVersion: policy.policyVersion,
          }),
        },
      ],
    });
    if (!changed) continue;
    if (blocked) throw workflowError(WorkflowError.PolicyBlocked, 'the policy blocks this revision', context);
    return lifecycleStateOf({ ...post, review: progress });
  }
  throw new ConcurrentChangeError('the post kept changing during the policy check', {
    context: { postId: input.postId },
  });
}

/** The brand's live posts within a day either side of this one (the cadence rules' window). */
async function calendarAround(post: PostRecord): Promise<CalendarEntry[]> {
  const at = Date.parse(post.scheduledAt);
  // The cadence rules need each post's status, channels and time only: not its review item.
  const posts = await listCalendar(
    post.brandId,
    new Date(at - DAY_MS).toISOString(),
    new Date(at + DAY_MS).toISOString(),
    { withReview: false },
  );
  return posts
    .filter((p) => p.postId !== post.postId && onCalendar.includes(p.status))
    .map((p) => ({ postId: p.postId, channels: p.channels, scheduledAt: p.scheduledAt }));
}
