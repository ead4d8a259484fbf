import { z } from 'zod';
import type { PostStatus } from './lifecycle.js';
import type { PolicyResult } from './policy.js';
import type { ReviewProgress } from './review-chain.js';

export const idPattern = /^[A-Za-z0-9_-]{1,64}$/;

/** What a post says on one channel. */
export const channelContentSchema = z.object({
  text: z.string(),
  mediaUrls: z.array(z.url({ protocol: /^https$/ })).optional(),
  link: z.url({ protocol: /^https$/ }).optional(),
});
export type ChannelContent = z.infer<typeof channelContentSchema>;

/** Whether a post is paid for or made with a partner (brand, influencer or KOL): the disclosure rule reads it. */
export const promotionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('organic') }),
  z.object({ type: z.literal('paid'), partner: z.string().min(1).max(128).optional() }),
  z.object({ type: z.literal('partner'), partner: z.string().min(1).max(128) }),
]);
export type Promotion = z.infer<typeof promotionSchema>;

export const contentTypes = ['text', 'image', 'video', 'link'] as const;
export type ContentType = (typeof contentTypes)[number];

/** The shape of a `Submit Post` event's detail; the rules that need a brand or a clock live in submission.ts. */
export const submitPostSchema = z.object({
  postId: z.string().regex(idPattern, 'must be 1-64 characters of A-Z a-z 0-9 _ -'),
  revision: z.number().int().min(1),
  brandId: z.string().regex(idPattern, 'must be 1-64 characters of A-Z a-z 0-9 _ -'),
  campaign: z.string().min(1).max(128).optional(),
  author: z.object({ id: z.string().min(1).max(128) }),
  contentType: z.enum(contentTypes),
  content: z.record(z.string(), channelContentSchema),
  promotion: promotionSchema.optional(),
  scheduledAt: z.string(),
  timeZone: z.string(),
});
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
  /** The review of the current content: which stage waits, and every approval given. */
  review?: ReviewProgress;
  executionName: string;
  /** The revision the owning execution was started with (its input). */
  executionRevision: number;
  reviewTaskToken?: string;
  /** The revision the stored token was issued for. */
  reviewRevision?: number;
  policy?: PolicyResult;
  policyRevision?: number;
  publishedAt?: string;
  metricsRoundsPlanned?: number;
  lastMetricsRound?: number;
  allMetricsRoundsCollected?: boolean;
  lifecycleCompletedAt?: string;
  failure?: { error: string; message?: string };
  createdAt: string;
  updatedAt: string;
}
