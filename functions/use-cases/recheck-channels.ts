import { detailOf } from '../aws/event-bus.js';
import { ChannelFailure, type PublishedPost } from '../channels/core/channel-adapter.js';
import { adapterFor } from '../channels/registry.js';
import type { BrandProfile } from '../domain/brand.js';
import { OutboundEvent } from '../domain/events.js';
import type { PostRecord } from '../domain/post.js';
import { workflowActor } from '../persistence/lifecycle-log.js';
import { type PublishRecord, recordChannelCorrected } from '../persistence/publish-records.js';
import { publishRequestOf } from './publish-channel.js';

/**
 * Looks again at every channel marked failed after a call that may have reached the platform
 * (a lost answer, a timeout). By then the platform's list has caught up: a channel found
 * published is corrected (its record, a `channel_corrected` log entry and a
 * `Channel Publish Corrected` event), so its metrics are read like any other. A lookup that
 * fails leaves the channel for the next look. Returns the channels corrected.
 *
 * @example
 * ```ts
 * const corrected = await recheckAmbiguousChannels(post, brand, records, executionName);
 * ```
 */
export async function recheckAmbiguousChannels(
  post: PostRecord,
  brand: Pick<BrandProfile, 'channels'>,
  records: PublishRecord[],
  executionName: string,
): Promise<string[]> {
  const corrected: string[] = [];
  for (const record of records.filter((r) => r.status === 'failed' && r.ambiguous)) {
    const channel = brand.channels.find((c) => c.id === record.channel);
    const content = post.content[record.channel];
    if (!channel || !content) continue;
    let found: PublishedPost | undefined;
    try {
      found = await (await adapterFor(channel, post)).findPublished(publishRequestOf(post, record, content));
    } catch (error) {
      if (error instanceof ChannelFailure) continue;
      throw error;
    }
    if (!found) continue;
    // The event is written with the correction: a crash between the two cannot lose it.
    const written = await recordChannelCorrected(
      post.postId,
      record.channel,
      found,
      {
        action: 'channel_corrected',
        actor: workflowActor(executionName),
        revision: record.revision,
        details: { channel: record.channel, externalId: found.externalId },
      },
      [
        {
          type: OutboundEvent.ChannelPublishCorrected,
          detail: detailOf(post, { channel: record.channel, externalId: found.externalId, url: found.url }),
        },
      ],
    );
    if (written) corrected.push(record.channel);
  }
  return corrected;
}
