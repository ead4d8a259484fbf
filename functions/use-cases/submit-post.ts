import { WorkflowError } from '../../workflows/contract.js';
import { detailOf } from '../aws/event-bus.js';
import { failTask, startLifecycle } from '../aws/workflow.js';
import { echoedRevision } from '../contract/inbound.js';
import { detailFields } from '../contract/problems.js';
import type { SlotAdvice } from '../domain/analytics.js';
import { ConcurrentChangeError, type InputProblem } from '../domain/errors.js';
import { OutboundEvent } from '../domain/events.js';
import { PostStatus } from '../domain/lifecycle.js';
import { idPattern, type PostRecord } from '../domain/post.js';
import { type AcceptedSubmission, validateSubmission } from '../domain/submission.js';
import type { EventBridgeEnvelope } from '../middleware/schemas.js';
import { assetsNamedBy } from '../persistence/assets.js';
import { getBrand } from '../persistence/brands.js';
import { changeAttempts } from '../persistence/change-attempts.js';
import { listLifecycleLog } from '../persistence/lifecycle-log.js';
import { emit } from '../persistence/outbox.js';
import { asReadEndingReview, changePost, createPost, getPost } from '../persistence/posts.js';
import { adviseSlots } from './slot-advice.js';

export type SubmitPostResult =
  | {
      status: 'submitted' | 'edited' | 'duplicate';
      postId: string;
      revision: number;
      executionName: string;
      /** Per channel, a better hour nearby or why none is named: advice, the requested time stands. */
      suggestions: SlotAdvice[];
    }
  | { status: 'rejected'; errors: InputProblem[] };

const executionNameOf = (postId: string, revision: number) => `${postId}-r${revision}`;

/**
 * Handles `Submit Post`: validates, then creates the post, edits it or resubmits it, and
 * makes sure its execution runs. Bad input is answered with a `Post Submission Rejected`
 * event, not an error: retrying it cannot help.
 *
 * @example
 * ```ts
 * const result = await submitPost({ 'detail-type': 'Submit Post', detail });
 * if (result.status === 'rejected') console.log(result.errors);
 * ```
 */
export async function submitPost(event: EventBridgeEnvelope): Promise<SubmitPostResult> {
  // A concurrent change between read and write is retried from a fresh read.
  for (const _ of changeAttempts()) {
    const result = await trySubmit(event.detail);
    if (result) return result;
  }
  throw new ConcurrentChangeError('the post kept changing while it was being submitted');
}

async function trySubmit(detail: unknown): Promise<SubmitPostResult | undefined> {
  const raw = detailFields(detail);
  const validId = (value: unknown): value is string => typeof value === 'string' && idPattern.test(value);
  const [brand, existing] = await Promise.all([
    validId(raw.brandId) ? getBrand(raw.brandId) : undefined,
    validId(raw.postId) ? getPost(raw.postId) : undefined,
  ]);
  const assets = brand ? await assetsNamedBy(brand.brandId, namedAssets(raw.content, validId)) : {};
  const result = validateSubmission({ detail, brand, existing, now: Date.now(), assets });
  if (!result.ok) {
    await emit({
      type: OutboundEvent.PostSubmissionRejected,
      detail: {
        postId: validId(raw.postId) ? raw.postId : '',
        revision: echoedRevision(raw.revision),
        brandId: validId(raw.brandId) ? raw.brandId : '',
        occurredAt: new Date().toISOString(),
        errors: result.errors,
      },
    });
    return { status: 'rejected', errors: result.errors };
  }
  const accepted = result.value;
  const suggestions = await adviseSlots(accepted.post.brandId, accepted.channels, accepted.scheduledAt);
  const outcome = await (() => {
    switch (accepted.plan.kind) {
      case 'create':
        return create(accepted, suggestions);
      case 'repeat':
        return repeat(accepted, existing as PostRecord, suggestions);
      case 'edit':
        return edit(accepted, accepted.plan.previous, accepted.plan.contentChanged);
      case 'restart':
        return restart(accepted, accepted.plan.previous, suggestions);
    }
  })();
  return outcome && { ...outcome, suggestions };
}

function contentOf(accepted: AcceptedSubmission) {
  const { post } = accepted;
  return {
    brandId: post.brandId,
    campaign: post.campaign,
    authorId: post.author.id,
    contentType: post.contentType,
    content: post.content,
    promotion: post.promotion,
    channels: accepted.channels,
    scheduledAt: accepted.scheduledAt,
    timeZone: post.timeZone,
    revision: post.revision,
    contentHash: accepted.contentHash,
  };
}

type Written = Omit<Extract<SubmitPostResult, { executionName: string }>, 'suggestions'>;

async function create(accepted: AcceptedSubmission, suggestions: SlotAdvice[]): Promise<Written | undefined> {
  const { postId, revision, author } = accepted.post;
  const now = new Date().toISOString();
  const executionName = executionNameOf(postId, revision);
  const created = await createPost(
    {
      postId,
      ...contentOf(accepted),
      status: PostStatus.Submitted,
      executionName,
      executionRevision: revision,
      executionStartedAt: now,
      createdAt: now,
      updatedAt: now,
    },
    { action: 'submitted', actor: { type: 'user', id: author.id }, revision, details: { executionName } },
    [{ type: OutboundEvent.PostSubmitted, detail: detailOf(accepted.post, { executionName, suggestions }) }],
  );
  if (!created) return undefined;
  await startLifecycle(executionName, { postId, revision });
  return { status: 'submitted', postId, revision, executionName };
}

/** The same revision again: nothing to write, but every side effect after the write is repaired. */
async function repeat(
  accepted: AcceptedSubmission,
  post: PostRecord,
  suggestions: SlotAdvice[],
): Promise<Written> {
  await startLifecycle(post.executionName, { postId: post.postId, revision: post.executionRevision });
  const entry = (await listLifecycleLog(post.postId)).findLast(
    (e) => e.revision === post.revision && ['submitted', 'resubmitted', 'edited'].includes(e.action),
  );
  const token = entry?.details?.supersededTaskToken;
  if (typeof token === 'string') {
    await failTask(token, WorkflowError.PostEdited, 'a newer revision replaced the content', {
      tolerateClosed: true,
    });
  }
  const type = entry?.action === 'edited' ? OutboundEvent.PostEdited : OutboundEvent.PostSubmitted;
  await emit({
    type,
    detail: detailOf(accepted.post, {
      executionName: post.executionName,
      repeated: true,
      ...(type === OutboundEvent.PostSubmitted ? { suggestions } : {}),
    }),
  });
  return {
    status: 'duplicate',
    postId: post.postId,
    revision: post.revision,
    executionName: post.executionName,
  };
}

/** A new revision while the execution runs: it keeps ownership and is told if it waits for review. */
async function edit(
  accepted: AcceptedSubmission,
  previous: PostRecord,
  contentChanged: boolean,
): Promise<Written | undefined> {
  const { postId, revision, author } = accepted.post;
  const keepsApproval =
    !contentChanged && (previous.status === PostStatus.Scheduled || previous.status === PostStatus.Approved);
  const status = keepsApproval ? previous.status : PostStatus.Submitted;
  const token = previous.reviewTaskToken;
  const asRead = asReadEndingReview(previous);
  const changed = await changePost(postId, {
    set: { ...contentOf(accepted), status },
    remove: [
      ...asRead.remove,
      ...(accepted.post.campaign === undefined ? (['campaign'] as const) : []),
      ...(accepted.post.promotion === undefined ? (['promotion'] as const) : []),
    ],
    when: asRead.when,
    log: {
      action: 'edited',
      actor: { type: 'user', id: author.id },
      revision,
      // The earlier revision's content stays in the log: reviewers see what changed.
      details: {
        fromStatus: previous.status,
        contentChanged,
        supersededTaskToken: token,
        ...(contentChanged ? { previousRevision: previous.revision, previousContent: previous.content } : {}),
      },
    },
    events: [
      {
        type: OutboundEvent.PostEdited,
        detail: detailOf(accepted.post, { previousRevision: previous.revision, contentChanged, status }),
      },
    ],
  });
  if (!changed) return undefined;
  if (token) {
    await failTask(
      token,
      WorkflowError.PostEdited,
      `revision ${revision} replaced the content under review`,
      {
        tolerateClosed: true,
      },
    );
  }
  return { status: 'edited', postId, revision, executionName: previous.executionName };
}

/** A new revision after the execution ended without publishing: a new execution takes over. */
async function restart(
  accepted: AcceptedSubmission,
  previous: PostRecord,
  suggestions: SlotAdvice[],
): Promise<Written | undefined> {
  const { postId, revision, author } = accepted.post;
  const executionName = executionNameOf(postId, revision);
  const changed = await changePost(postId, {
    set: {
      ...contentOf(accepted),
      status: PostStatus.Submitted,
      executionName,
      executionRevision: revision,
      executionStartedAt: new Date().toISOString(),
    },
    remove: [
      'reviewTaskToken',
      'reviewRevision',
      'approvedContentHash',
      'approvedBy',
      'approvedDestinations',
      'policy',
      'policyRevision',
      'failure',
      'review',
      ...(accepted.post.campaign === undefined ? (['campaign'] as const) : []),
      ...(accepted.post.promotion === undefined ? (['promotion'] as const) : []),
    ],
    when: { statusIn: [previous.status], revision: previous.revision },
    log: {
      action: 'resubmitted',
      actor: { type: 'user', id: author.id },
      revision,
      details: {
        fromStatus: previous.status,
        executionName,
        previousRevision: previous.revision,
        previousContent: previous.content,
      },
    },
    events: [
      { type: OutboundEvent.PostSubmitted, detail: detailOf(accepted.post, { executionName, suggestions }) },
    ],
  });
  if (!changed) return undefined;
  await startLifecycle(executionName, { postId, revision });
  return { status: 'submitted', postId, revision, executionName };
}

/** The asset ids a submitted content names, only well-formed ones and at most 20 per channel and 20 channels. */
function namedAssets(content: unknown, validId: (value: unknown) => value is string) {
  const channels = content && typeof content === 'object' ? Object.entries(content).slice(0, 20) : [];
  return Object.fromEntries(
    channels.map(([channel, entry]) => {
      const ids = (entry as { assets?: unknown } | undefined)?.assets;
      return [channel, { assets: Array.isArray(ids) ? ids.slice(0, 20).filter(validId) : [] }];
    }),
  );
}
