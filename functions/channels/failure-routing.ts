import { WorkflowError } from '../../workflows/contract.js';
import { detailOf, emit } from '../aws/event-bus.js';
import type { ChannelConfig } from '../domain/brand.js';
import { OutboundEvent } from '../domain/events.js';
import type { PostRecord } from '../domain/post.js';
import type { ChannelFailure } from './channel-adapter.js';

/**
 * The workflow error a channel failure becomes: transient and rate-limited failures are
 * retried by the workflow, permanent ones are not.
 *
 * @example
 * ```ts
 * throw workflowError(workflowErrorFor(failure), describeFailure(failure), context, failure);
 * ```
 */
export function workflowErrorFor(failure: ChannelFailure): WorkflowError {
  return failure.retryable ? WorkflowError.ChannelTransientError : WorkflowError.ChannelPermanentError;
}

/** The failure's message, with the wait a rate limit names. */
export function describeFailure(failure: ChannelFailure): string {
  if (failure.kind === 'rate_limited' && failure.retryAfterSeconds !== undefined) {
    return `rate limited, retry after ${failure.retryAfterSeconds} s: ${failure.message}`;
  }
  return failure.message;
}

/**
 * Emits `Channel Needs Reconnect` when the failure says the account's credentials are no
 * longer accepted (or could not be refreshed). The detail names the channel and account only.
 *
 * @example
 * ```ts
 * await announceReconnect(post, channel, failure);
 * ```
 */
export async function announceReconnect(
  post: PostRecord,
  channel: ChannelConfig,
  failure: ChannelFailure,
): Promise<void> {
  if (!failure.reconnect) return;
  await emit({
    type: OutboundEvent.ChannelNeedsReconnect,
    detail: detailOf(post, {
      channel: channel.id,
      adapter: channel.adapter,
      account: channel.account ?? channel.id,
      reason: failure.message,
    }),
  });
}
