import { type ChannelOutcome, type ChannelTaskInput, WorkflowError } from '../../workflows/contract.js';
import { ChannelFailure, type PublishRequest } from '../channels/core/channel-adapter.js';
import { readFollowers } from '../channels/followers.js';
import { adapterFor } from '../channels/registry.js';
import { channelDestination } from '../domain/account-binding.js';
import { PublishLeaseHeldError, UnexpectedStatusError } from '../domain/errors.js';
import { PostStatus } from '../domain/lifecycle.js';
import type { ChannelContent, PostRecord } from '../domain/post.js';
import type { Invocation } from '../middleware/lambda-handler.js';
import { getBrand } from '../persistence/brands.js';
import { awaitLease } from '../persistence/lease.js';
import {
  claimPublish,
  type PublishRecord,
  recordContainer,
  recordMediaUpload,
  recordPublishError,
  recordPublished,
} from '../persistence/publish-records.js';
import { announceReconnect, routeChannelFailure } from './failure-routing.js';
import { loadOwnedPost, workflowError } from './owned-post.js';

/**
 * Publishes the post on one channel exactly once. The attempt first takes the channel's
 * publish lease (recording the intent); while another attempt holds it, this one does not call
 * the platform but waits for that attempt's outcome. A channel already published is returned
 * as it is; after an earlier attempt, the channel is asked first whether that attempt went
 * through. The platform's answer is stored the moment it arrives. A rate limit throws
 * `ChannelRateLimited` with the time to call again (the workflow waits for it), within bounds.
 *
 * @example
 * ```ts
 * const outcome = await publishToChannel({ postId, executionName, revision: 1, channel: 'x' }, context);
 * ```
 */
export async function publishToChannel(
  input: ChannelTaskInput,
  invocation: Invocation = {},
): Promise<ChannelOutcome> {
  const post = await loadOwnedPost(input);
  const context = { postId: post.postId, channel: input.channel, revision: input.revision };
  if (post.status !== PostStatus.Publishing) {
    throw new UnexpectedStatusError(`cannot publish a post that is ${post.status}`, { context });
  }
  const brand = await getBrand(post.brandId);
  const channel = brand?.channels.find((c) => c.id === input.channel);
  const content = post.content[input.channel];
  if (!channel || !content) {
    throw workflowError(WorkflowError.ChannelPermanentError, 'the brand no longer has this channel', context);
  }
  const approved = post.approvedDestinations?.[input.channel];
  const destination = channelDestination(channel);
  if (approved !== undefined && approved !== destination) {
    throw workflowError(
      WorkflowError.ChannelPermanentError,
      `the channel's destination changed since approval (approved "${approved}", now "${destination}"): submit the post for review again`,
      context,
    );
  }

  const claim = await takePublishLease(input, invocation);
  if (claim.outcome === 'published') return publishedOutcome(input.channel, claim.record);
  const { record, owner } = claim;
  const adapter = await adapterFor(channel, post);
  const request: PublishRequest = {
    ...publishRequestOf(post, record, content),
    onContainerCreated: (containerId) => recordContainer(post.postId, input.channel, owner, containerId),
    onMediaUploaded: (assetId, mediaId) =>
      recordMediaUpload(post.postId, input.channel, owner, assetId, mediaId),
    remainingTimeMs:
      invocation.getRemainingTimeInMillis && (() => invocation.getRemainingTimeInMillis?.() ?? 0),
  };
  try {
    // An earlier attempt may have published before its answer was lost: look before posting again.
    const earlier = record.attempts > 1 ? await adapter.findPublished(request) : undefined;
    if (!earlier && adapter.keyless && record.ambiguous && record.ambiguousIn === input.executionName) {
      // Without a key, only the platform's list can tell, and it may lag: posting again could
      // post twice. The retries look again; a channel still unseen fails and is re-checked later.
      throw new ChannelFailure(
        'an earlier attempt may have published and the platform does not show it yet: looking again, not posting again',
        {
          kind: 'transient',
          ambiguous: true,
          context: { channel: input.channel, rule: 'look-before-repeat' },
        },
      );
    }
    // Checked again before posting: an asset may have expired while the post waited.
    const media =
      earlier || !content.assets?.length
        ? undefined
        : // Loaded only for a post with media: the S3 client it brings would slow every cold start.
          await import('../channels/media/publish-check.js').then(async ({ mediaForPublishing }) =>
            mediaForPublishing(
              post.brandId,
              input.channel,
              channel.adapter,
              content,
              Date.now(),
              brand?.language ?? 'en',
              await adapter.mediaLimits?.(),
            ),
          );
    // The denominator of the engagement rate by followers, read before posting: between the
    // platform's answer and its record nothing may run that could delay or lose the post's id.
    const followers = await readFollowers(adapter);
    const published = earlier ?? (await adapter.publish({ ...request, media }));
    await recordPublished(post.postId, input.channel, {
      ...published,
      ...(followers === null ? {} : { followersAtPostTime: followers }),
    });
    return {
      channel: input.channel,
      status: 'published',
      externalId: published.externalId,
      url: published.url,
    };
  } catch (error) {
    if (!(error instanceof ChannelFailure)) throw error;
    const routed = routeChannelFailure(error, input.rateLimitWaits ?? 0, {
      ...context,
      attempts: record.attempts,
    });
    // The intent stays `publishing`: the attempt after a retry or a rate-limit wait looks first.
    await recordPublishError(post.postId, input.channel, owner, routed.summary, error.ambiguous);
    await announceReconnect(post, channel, error);
    throw routed.error;
  }
}

/**
 * What identifies a channel's publication to its adapter, from the post and its publish
 * record: the same on every attempt, and for a later re-check.
 *
 * @example
 * ```ts
 * const found = await adapter.findPublished(publishRequestOf(post, record, post.content[record.channel]));
 * ```
 */
export function publishRequestOf(
  post: PostRecord,
  record: PublishRecord,
  content: ChannelContent,
): PublishRequest {
  return {
    idempotencyKey: record.idempotencyKey,
    postId: post.postId,
    content,
    scheduledAt: post.scheduledAt,
    notBefore: record.intentAt,
    containerId: record.containerId,
    uploadedMedia: record.uploadedMedia,
  };
}

function publishedOutcome(channel: string, record: PublishRecord): ChannelOutcome {
  return { channel, status: 'published', externalId: record.externalId, url: record.url };
}

/**
 * The lease, or the channel's final outcome. While another attempt holds the lease this one
 * waits for that attempt's outcome within its own remaining time; past it, it throws
 * `PublishLeaseHeld`, which the state machine retries.
 */
function takePublishLease(input: ChannelTaskInput, invocation: Invocation) {
  return awaitLease(
    () => claimPublish(input),
    invocation.getRemainingTimeInMillis?.(),
    (holder) =>
      new PublishLeaseHeldError('another attempt is publishing this channel and has not finished', {
        context: { postId: input.postId, channel: input.channel, holder },
      }),
  );
}
