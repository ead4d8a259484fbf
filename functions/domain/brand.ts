import { z } from 'zod';
import { channelAdapterNames, channelSettingsSchema, checkChannelSettings } from './channel-settings.js';
import { type PolicyConfig, policyConfigSchema } from './policy-config.js';
import { defaultReviewChain, type ReviewChain, reviewChainSchema } from './review-chain.js';

/** A channel a brand publishes on, and how the adapter should behave (failure control is for the sandbox). */
export const channelConfigSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'channel id: 1-64 characters of A-Z a-z 0-9 _ -'),
    adapter: z.enum(channelAdapterNames),
    maxLength: z.number().int().positive(),
    /** The connected account (its secret is `<prefix><account>`); required by every adapter but the sandbox. */
    account: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'account: 1-64 characters of A-Z a-z 0-9 _ -')
      .optional(),
    /** Per-adapter settings: see functions/domain/channel-settings.ts and docs/channels.md. */
    settings: channelSettingsSchema.optional(),
    failure: z
      .object({
        kind: z.enum(['transient', 'permanent']),
        /** Transient only: fail this many attempts, then succeed. Omitted: fail every time. */
        times: z.number().int().nonnegative().optional(),
        /** Which call fails; `publish` when omitted. */
        on: z.enum(['publish', 'metrics']).optional(),
      })
      .optional(),
  })
  .superRefine(checkChannelSettings);
export type ChannelConfig = z.infer<typeof channelConfigSchema>;

const goalSchema = z.strictObject({
  metric: z.enum(['engagement_rate', 'reach', 'impressions', 'follower_growth', 'conversions', 'clicks']),
  target: z.number().nonnegative(),
  period: z.enum(['week', 'month', 'quarter']).default('month'),
});

/**
 * A brand's profile, the positioning step of the process: audience, values, voice and goals;
 * the channels it publishes on; its review chain and its policy. Every update is a new
 * `version`, and every version is kept.
 */
export const brandProfileSchema = z.object({
  brandId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'brandId: 1-64 characters of A-Z a-z 0-9 _ -'),
  name: z.string().min(1),
  /** Set by persistence: 1 for the first profile, +1 for each update. */
  version: z.number().int().min(1).optional(),
  audience: z.string().max(2000).optional(),
  values: z.array(z.string().min(1).max(200)).max(20).optional(),
  voice: z
    .strictObject({
      tone: z.array(z.string().min(1).max(60)).max(10).default([]),
      do: z.array(z.string().min(1).max(500)).max(20).default([]),
      dont: z.array(z.string().min(1).max(500)).max(20).default([]),
    })
    .optional(),
  goals: z.array(goalSchema).max(20).optional(),
  channels: z.array(channelConfigSchema).min(1),
  /** Shorthand for `policy.terms.banned`; both lists apply. */
  bannedTerms: z.array(z.string().min(1)).default([]),
  /** When set and no `reviewChain` is, only these user ids may decide reviews for the brand. */
  reviewers: z.array(z.string().min(1)).optional(),
  reviewChain: reviewChainSchema.optional(),
  policy: policyConfigSchema.prefault({}),
});
export type BrandProfile = z.infer<typeof brandProfileSchema>;
export type BrandProfileInput = z.input<typeof brandProfileSchema>;

/**
 * The policy a brand's posts are checked against: its `policy` with `bannedTerms` merged in.
 *
 * @example
 * ```ts
 * effectivePolicy(brand).terms.banned; // ['cheap', ...]
 * ```
 */
export function effectivePolicy(brand: BrandProfile): PolicyConfig {
  const banned = [...new Set([...brand.policy.terms.banned, ...brand.bannedTerms])];
  return { ...brand.policy, terms: { ...brand.policy.terms, banned } };
}

/** The brand's review chain, or the one-stage default built from `reviewers`. */
export function reviewChainOf(brand: BrandProfile): ReviewChain {
  return brand.reviewChain ?? defaultReviewChain(brand.reviewers);
}
