import { BrandflowError, type InputProblem } from '../../domain/errors.js';
import type { CollectedFeedback } from '../../domain/feedback.js';
import type { MediaLimits } from '../../domain/media-rules.js';
import type { ChannelMetrics } from '../../domain/metrics.js';
import type { ChannelContent } from '../../domain/post.js';
import type { MediaAttachment } from './attachment.js';

/** What to publish on one channel. */
export interface PublishRequest {
  /** Stable across every attempt of one post revision on one channel. */
  idempotencyKey: string;
  postId: string;
  content: ChannelContent;
  /** RFC 3339 UTC: the post's scheduled time, stable across attempts (Bluesky derives its record key from it). */
  scheduledAt?: string;
  /**
   * RFC 3339 UTC: when the first attempt recorded its intent to publish. A post the platform
   * created before it is not this publication, whatever its text (the same text posted last
   * week); without it, a lookup by text finds nothing.
   */
  notBefore?: string;
  /** The media container an earlier attempt created (Instagram, Threads): checked and published, never made again. */
  containerId?: string;
  /** Stores a container's id the moment the platform names it, before anything else can fail. */
  onContainerCreated?: (containerId: string) => Promise<void>;
  /** The library assets the content names, in order, ready to upload (functions/channels/media). */
  media?: readonly MediaAttachment[];
  /**
   * The platform's media ids an earlier attempt of this request already uploaded, by asset id
   * (from the publish record): reused as they are, never uploaded again.
   */
  uploadedMedia?: Readonly<Record<string, string>>;
  /** Stores an upload's platform media id the moment the platform names it, before anything else can fail. */
  onMediaUploaded?: (assetId: string, mediaId: string) => Promise<void>;
  /** The function's remaining time in ms: media processing is polled within it. */
  remainingTimeMs?: () => number;
}

/** A post as the channel holds it. */
export interface PublishedPost {
  externalId: string;
  url: string;
  /** RFC 3339 UTC. */
  publishedAt: string;
}

/** A reply to one feedback item, as the platform's reply call needs it (functions/channels/feedback/replies.ts). */
export interface ReplyRequest {
  /** Stable across every attempt of one reply: the platforms that take a key get this one. */
  idempotencyKey: string;
  text: string;
  /** The platform's id of the item answered (a status id, an at:// URI, a comment id or URN). */
  parentId: string;
  /** The platform's id of the brand's post the item is under (the thread's root). */
  postExternalId: string;
  /** RFC 3339 UTC: when the first attempt recorded its intent; nothing older is this reply. */
  notBefore?: string;
  /** The reply container an earlier attempt created (Threads): published, never made again. */
  containerId?: string;
  /** Stores a reply container's id the moment the platform names it, before anything else can fail. */
  onContainerCreated?: (containerId: string) => Promise<void>;
}

/**
 * A social network as Brandflow sees it. Implementations must make `publish` safe to
 * repeat with the same idempotency key, or make `findPublished` find an earlier success.
 */
export interface ChannelAdapter {
  /**
   * True when the platform knows no key for a publication (X, LinkedIn, Facebook): only its
   * list of posts tells whether an earlier call went through, and that list may lag. After a
   * call that may have reached it, the same run only looks again and never posts again.
   */
  keyless?: boolean;
  /** Everything the platform would refuse in this content, before any call. Empty when valid. */
  validate?(content: ChannelContent): InputProblem[];
  publish(request: PublishRequest): Promise<PublishedPost>;
  /** The post an earlier attempt of this request published, if the platform holds one. */
  findPublished(request: PublishRequest): Promise<PublishedPost | undefined>;
  /** Engagement at the round's nominal time `at` (RFC 3339). */
  fetchMetrics(published: PublishedPost, at: string): Promise<ChannelMetrics>;
  /** Replies and comments under the post (functions/channels/feedback/readers.ts); absent where the platform has none. */
  fetchFeedback?(published: PublishedPost): Promise<CollectedFeedback[]>;
  /** The account's own media limits read from the platform (a Mastodon instance's), checked before any upload. */
  mediaLimits?(): Promise<MediaLimits | undefined>;
  /** Publishes a reply under a feedback item; absent where the platform takes none. */
  reply?(request: ReplyRequest): Promise<PublishedPost>;
  /**
   * Hides a reply or comment under the brand's post (functions/channels/feedback/moderation.ts);
   * absent where the platform lets no one hide it. Safe to repeat: hidden stays hidden.
   */
  hideFeedback?(platformId: string): Promise<void>;
  /** The reply an earlier attempt of this request published, if the platform shows one. */
  findReply?(request: ReplyRequest): Promise<PublishedPost | undefined>;
  /** Followers of the posting account now; absent or `null` where the platform does not give it. */
  fetchFollowers?(): Promise<number | null>;
}

/**
 * How a channel call failed: `transient` may succeed if tried again; `rate_limited` may
 * succeed after `retryAfterSeconds`; `processing` will succeed once the platform has processed
 * the media (check again later, create nothing new); `permanent` will not succeed without a change.
 */
export type ChannelFailureKind = 'transient' | 'rate_limited' | 'processing' | 'permanent';

export interface ChannelFailureOptions {
  /** Defaults from `retryable`: `transient` when true, `permanent` when false. */
  kind?: ChannelFailureKind;
  retryable?: boolean;
  /** The wait the platform named (Retry-After or a reset header), in seconds. */
  retryAfterSeconds?: number;
  /** The credentials were refused or could not be refreshed: the account must be connected again. */
  reconnect?: boolean;
  /** The request may have reached the platform (timeout, 5xx): look the post up before trying again. */
  ambiguous?: boolean;
  cause?: unknown;
  context?: Record<string, string | number | boolean | undefined>;
}

/**
 * The channel failed; `retryable` says whether trying again may help, `kind` says how.
 *
 * @example
 * ```ts
 * throw new ChannelFailure('rate limited', { kind: 'rate_limited', retryAfterSeconds: 60, context: { channel: 'x' } });
 * ```
 */
export class ChannelFailure extends BrandflowError {
  override name = 'ChannelFailure';
  readonly retryable: boolean;
  readonly kind: ChannelFailureKind;
  readonly retryAfterSeconds?: number;
  readonly reconnect: boolean;
  readonly ambiguous: boolean;

  constructor(message: string, options: ChannelFailureOptions) {
    super(message, { cause: options.cause, context: options.context });
    this.kind = options.kind ?? (options.retryable === false ? 'permanent' : 'transient');
    this.retryable = this.kind !== 'permanent';
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.reconnect = options.reconnect ?? false;
    this.ambiguous = options.ambiguous ?? false;
  }
}
