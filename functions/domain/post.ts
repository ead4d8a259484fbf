import type * as z from 'zod/mini';
// The inbound shapes live in the event contract (functions/contract), the one place they are defined.
import {
  channelContentSchema,
  contentTypes,
  idPattern,
  promotionSchema,
  submitPostSchema,
} from '../contract/inbound.js';
import type { FeedbackCategory } from './feedback.js';
import type { PostStatus } from './lifecycle.js';
import type { PolicyResult } from './policy.js';
import type { ReviewProgress } from './review-chain.js';

export { channelContentSchema, contentTypes, idPattern, promotionSchema, submitPostSchema };
export type ChannelContent = z.infer<typeof channelContentSchema>;
export type Promotion = z.infer<typeof promotionSchema>;
export type ContentType = (typeof contentTypes)[number];
export type SubmitPost = z.infer<typeof submitPostSchema>;

/** The post as stored (pk `POST#<postId>`, sk `POST`). */
export interface PostRecord {
  postId: string;
  brandId: string;
  campaign?: string;
  authorId: string;
  contentType: ContentType;
  content: Record<string, ChannelContent>;
  promotion?: Promotion;
  channels: string[];
  /** RFC 3339 UTC. */
  scheduledAt: string;
  timeZone: string;
  status: PostStatus;
  revision: number;
  contentHash: string;
  approvedContentHash?: string;
  approvedBy?: string;
  /** Per channel, where the approval said it publishes (account and hosts; `channelDestination`). */
  approvedDestinations?: Record<string, string>;
  /** The review of the current content: which stage waits, and every approval given. */
  review?: ReviewProgress;
  executionName: string;
  /** The revision the owning execution was started with (its input). */
  executionRevision: number;
  /** When the owning execution was started: its one-year limit counts from here (`createdAt` for older posts). */
  executionStartedAt?: string;
  /** How often a `Retry Post` ran the post again; the last retry's event id. */
  retries?: number;
  retryEventId?: string;
  reviewTaskToken?: string;
  /** The revision the stored token was issued for. */
  reviewRevision?: number;
  policy?: PolicyResult;
  policyRevision?: number;
  publishedAt?: string;
  /**
   * Set when every channel failed and one failed after a call that may have reached the
   * platform: the metric rounds, counted from this time, look those channels up again.
   */
  recheckFrom?: string;
  metricsRoundsPlanned?: number;
  lastMetricsRound?: number;
  allMetricsRoundsCollected?: boolean;
  lifecycleCompletedAt?: string;
  failure?: { error: string; message?: string };
  /**
   * Feedback recorded under the post, per category (item `POST#FEEDBACK`, kept current with
   * each feedback record); absent until the first one.
   */
  feedbackCounts?: Partial<Record<FeedbackCategory, number>>;
  createdAt: string;
  updatedAt: string;
}
