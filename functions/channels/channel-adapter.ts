import { BrandflowError } from '../domain/errors.js';
import type { ChannelMetrics } from '../domain/metrics.js';
import type { ChannelContent } from '../domain/post.js';

/** What to publish on one channel. */
export interface PublishRequest {
  /** Stable across every attempt of one post revision on one channel. */
  idempotencyKey: string;
  postId: string;
  content: ChannelContent;
}

/** A post as the channel holds it. */
export interface PublishedPost {
  externalId: string;
  url: string;
  /** RFC 3339 UTC. */
  publishedAt: string;
}

/**
 * A social network as Brandflow sees it. Implementations must make `publish` safe to
 * repeat with the same idempotency key, or make `findPublished` find an earlier success.
 */
export interface ChannelAdapter {
  publish(request: PublishRequest): Promise<PublishedPost>;
  /** The post an earlier attempt with this key published, if any. */
  findPublished(idempotencyKey: string): Promise<PublishedPost | undefined>;
  /** Engagement at the round's nominal time `at` (RFC 3339). */
  fetchMetrics(published: PublishedPost, at: string): Promise<ChannelMetrics>;
}

/**
 * The channel failed; `retryable` says whether trying again may help.
 *
 * @example
 * ```ts
 * throw new ChannelFailure('rate limited', { retryable: true, context: { channel: 'x' } });
 * ```
 */
export class ChannelFailure extends BrandflowError {
  override name = 'ChannelFailure';
  readonly retryable: boolean;

  constructor(
    message: string,
    options: { retryable: boolean; cause?: unknown; context?: Record<string, string | number | boolean> },
  ) {
    super(message, options);
    this.retryable = options.retryable;
  }
}
