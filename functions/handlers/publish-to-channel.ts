import { type ChannelOutcome, type ChannelTaskInput, WorkflowError } from '../../workflows/contract.js';
import { ChannelFailure } from '../channels/channel-adapter.js';
import { announceReconnect, routeChannelFailure } from '../channels/failure-routing.js';
import { adapterFor } from '../channels/registry.js';
import { channelDestination } from '../domain/account-binding.js';
import { UnexpectedStatusError } from '../domain/errors.js';
import { PostStatus } from '../domain/lifecycle.js';
import { lambdaHandler } from '../middleware/lambda-handler.js';
import { channelTaskInput } from '../middleware/schemas.js';
import { getBrand } from '../persistence/brands.js';
import { recordPublishError, recordPublished, recordPublishIntent } from '../persistence/publish-records.js';
import { loadOwnedPost, workflowError } from '../tasks/owned-post.js';

/**
 * PublishToChannel: publishes the post on one channel exactly once. The intent is recorded
 * before the call; a channel already published is returned as it is, and after an earlier
 * attempt the channel is asked first whether that attempt went through. A rate limit throws
 * `ChannelRateLimited` with the time to call again (the workflow waits for it), within bounds.
 *
 * @example
 * ```ts
 * const outcome = await publishToChannel({ postId, executionName, revision: 1, channel: 'x' });
 * ```
 */
export async function publishToChannel(input: ChannelTaskInput): Promise<ChannelOutcome> {
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
  const record = await recordPublishIntent(post.postId, input.channel, input.revision);
  if (record.status === 'published' && record.externalId && record.url) {
    return { channel: input.channel, status: 'published', externalId: record.externalId, url: record.url };
  }
  const request = {
    idempotencyKey: record.idempotencyKey,
    postId: post.postId,
    content,
    scheduledAt: post.scheduledAt,
  };
  try {
    const adapter = adapterFor(channel, post);
    // An earlier attempt may have published before its answer was lost: look before posting again.
    const earlier = record.attempts > 1 ? await adapter.findPublished(request) : undefined;
    const published = earlier ?? (await adapter.publish(request));
    await recordPublished(post.postId, input.channel, published);
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
    await recordPublishError(post.postId, input.channel, routed.summary);
    await announceReconnect(post, channel, error);
    throw routed.error;
  }
}

export const handler = lambdaHandler('publish-to-channel', channelTaskInput, publishToChannel);
