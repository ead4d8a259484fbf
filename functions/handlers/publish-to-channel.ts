import { type ChannelOutcome, type ChannelTaskInput, WorkflowError } from '../../workflows/contract.js';
import { ChannelFailure } from '../channels/channel-adapter.js';
import { adapterFor } from '../channels/registry.js';
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
 * attempt the channel is asked first whether that attempt went through.
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

  const record = await recordPublishIntent(post.postId, input.channel, input.revision);
  if (record.status === 'published' && record.externalId && record.url) {
    return { channel: input.channel, status: 'published', externalId: record.externalId, url: record.url };
  }
  const adapter = adapterFor(channel);
  try {
    const earlier = record.attempts > 1 ? await adapter.findPublished(record.idempotencyKey) : undefined;
    const published =
      earlier ??
      (await adapter.publish({ idempotencyKey: record.idempotencyKey, postId: post.postId, content }));
    await recordPublished(post.postId, input.channel, published);
    return {
      channel: input.channel,
      status: 'published',
      externalId: published.externalId,
      url: published.url,
    };
  } catch (error) {
    if (!(error instanceof ChannelFailure)) throw error;
    const name = error.retryable ? WorkflowError.ChannelTransientError : WorkflowError.ChannelPermanentError;
    await recordPublishError(post.postId, input.channel, `${name}: ${error.message}`);
    throw workflowError(name, error.message, { ...context, attempts: record.attempts }, error);
  }
}

export const handler = lambdaHandler('publish-to-channel', channelTaskInput, publishToChannel);
