import {
  type ChannelFailureInput,
  type ChannelOutcome,
  channelFailureInput,
} from '../../workflows/contract.js';
import { detailOf } from '../aws/event-bus.js';
import { OutboundEvent } from '../domain/events.js';
import { lambdaHandler } from '../middleware/lambda-handler.js';
import { workflowActor } from '../persistence/lifecycle-log.js';
import { getPublishRecord, recordChannelFailed } from '../persistence/publish-records.js';
import { causeMessage, loadOwnedPost } from '../use-cases/owned-post.js';

/**
 * RecordChannelFailure: a channel that failed for good (or ran out of retries) is marked
 * failed, so the other channels' publication goes on.
 *
 * @example
 * ```ts
 * await recordChannelFailure({ postId, executionName, revision: 1, channel: 'x', error: { Error: 'ChannelPermanentError' } });
 * ```
 */
export async function recordChannelFailure(input: ChannelFailureInput): Promise<ChannelOutcome> {
  const post = await loadOwnedPost(input);
  const reason = causeMessage(input.error.Cause);
  const message = reason ? `${input.error.Error}: ${reason}` : input.error.Error;
  const existing = await getPublishRecord(post.postId, input.channel);
  if (existing?.status === 'published' && existing.externalId && existing.url) {
    return {
      channel: input.channel,
      status: 'published',
      externalId: existing.externalId,
      url: existing.url,
    };
  }
  await recordChannelFailed(
    post.postId,
    input.channel,
    input.revision,
    message,
    {
      action: 'channel_failed',
      actor: workflowActor(input.executionName),
      revision: input.revision,
      details: { channel: input.channel, error: input.error.Error },
    },
    [
      {
        type: OutboundEvent.ChannelPublishFailed,
        detail: detailOf(post, { channel: input.channel, error: input.error.Error }),
      },
    ],
  );
  return { channel: input.channel, status: 'failed', error: message };
}

export const handler = lambdaHandler('record-channel-failure', channelFailureInput, recordChannelFailure);
