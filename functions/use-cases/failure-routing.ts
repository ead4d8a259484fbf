import { WorkflowError } from '../../workflows/contract.js';
import { detailOf } from '../aws/event-bus.js';
import type { ChannelFailure } from '../channels/core/channel-adapter.js';
import type { ChannelConfig } from '../domain/brand.js';
import type { WorkflowTaskError } from '../domain/errors.js';
import { OutboundEvent } from '../domain/events.js';
import type { PostRecord } from '../domain/post.js';
import {
  decideProcessingWait,
  decideRateLimitWait,
  ProcessingBounds,
  RateLimitBounds,
} from '../domain/rate-limit.js';
import { emit } from '../persistence/outbox.js';
import { workflowError } from './owned-post.js';

/** A channel failure as the workflow sees it. */
export interface RoutedFailure {
  /** The error to throw: its name is what the state machine routes on. */
  error: WorkflowTaskError;
  /** A sentence for the publish record and the logs: the error name, then what happened. */
  summary: string;
}

/**
 * The workflow error a channel failure becomes. Transient failures are `ChannelTransientError`
 * (retried by the task's Retry); permanent ones `ChannelPermanentError` with the platform's
 * message. A rate limit is `ChannelRateLimited` whose message is only the RFC 3339 time to call
 * again, which the workflow's Wait reads from the Lambda error's Cause; past the bounds of
 * {@link decideRateLimitWait} it becomes `ChannelPermanentError` saying why. Media still
 * processing waits the same way, every {@link ProcessingBounds.waitSeconds} seconds.
 *
 * @example
 * ```ts
 * const routed = routeChannelFailure(failure, input.rateLimitWaits ?? 0, { postId, channel });
 * throw routed.error; // e.g. ChannelRateLimited: '2030-01-01T09:02:00Z'
 * ```
 */
export function routeChannelFailure(
  failure: ChannelFailure,
  rateLimitWaits: number,
  context: Record<string, string | number | undefined>,
  now: number = Date.now(),
): RoutedFailure {
  const withKind = { ...context, kind: failure.kind };
  if (failure.kind !== 'rate_limited' && failure.kind !== 'processing') {
    const name = failure.retryable
      ? WorkflowError.ChannelTransientError
      : WorkflowError.ChannelPermanentError;
    return {
      error: workflowError(name, failure.message, withKind, failure),
      summary: `${name}: ${failure.message}`,
    };
  }
  const processing = failure.kind === 'processing';
  const decision = processing
    ? decideProcessingWait(rateLimitWaits, now)
    : decideRateLimitWait(failure.retryAfterSeconds, rateLimitWaits, now);
  if (decision.action === 'give_up') {
    const message = `${processing ? 'the media is' : 'rate limited,'} ${decision.reason}: ${failure.message}`;
    return {
      error: workflowError(
        WorkflowError.ChannelPermanentError,
        message,
        { ...withKind, rateLimitWaits },
        failure,
      ),
      summary: `${WorkflowError.ChannelPermanentError}: ${message}`,
    };
  }
  const { retryAt, waitSeconds } = decision;
  return {
    error: workflowError(
      WorkflowError.ChannelRateLimited,
      retryAt,
      { ...withKind, rateLimitWaits, waitSeconds },
      failure,
    ),
    summary:
      `${WorkflowError.ChannelRateLimited}: retry at ${retryAt} ` +
      `(wait ${rateLimitWaits + 1} of ${(processing ? ProcessingBounds : RateLimitBounds).maxWaits}): ${failure.message}`,
  };
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
