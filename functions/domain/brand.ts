import * as z from 'zod/mini';
import '../contract/schema-messages.js';
import { mediaSettingsSchema } from '../contract/assets.js';
import { MAX_CHANNELS, MAX_TEXT_LENGTH } from '../contract/inbound.js';
import { uniqueIds } from '../contract/problems.js';
import { channelAdapterNames, channelSettingsSchema, checkChannelSettings } from './channel-settings.js';
import type { InputProblem } from './errors.js';
import { feedbackSettingsSchema } from './feedback.js';
import { engagementRateVariants } from './kpis.js';
import { MAX_TERMS, type PolicyConfig, policyConfigSchema } from './policy-config.js';
import { defaultReviewChain, type ReviewChain, reviewChainSchema } from './review-chain.js';
import { isTimeZone } from './time.js';

const idOf = (what: string) =>
  z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, `${what}: 1-64 characters of A-Z a-z 0-9 _ -`));
const texts = (maxLength: number, maxItems: number) =>
  z.array(z.string().check(z.minLength(1), z.maxLength(maxLength))).check(z.maxLength(maxItems));
const names = (maxItems: number) =>
  z.array(z.string().check(z.minLength(1), z.maxLength(200))).check(z.maxLength(maxItems));

/** A channel a brand publishes on, and how the adapter should behave (failure control is for the sandbox). */
export const channelConfigSchema = z
  .object({
    id: idOf('channel id'),
    adapter: z.enum(channelAdapterNames),
    maxLength: z.number().check(z.int(), z.positive(), z.lte(MAX_TEXT_LENGTH)),
    /** The connected account (its secret is `<prefix><account>`); required by every adapter but the sandbox. */
    account: z.optional(idOf('account')),
    /** Per-adapter settings: see functions/domain/channel-settings.ts and docs/channels.md. */
    settings: z.optional(channelSettingsSchema),
    failure: z.optional(
      z.object({
        kind: z.enum(['transient', 'permanent']),
        /** Transient only: fail this many attempts, then succeed. Omitted: fail every time. */
        times: z.optional(z.number().check(z.int(), z.nonnegative())),
        /** Which call fails; `publish` when omitted. */
        on: z.optional(z.enum(['publish', 'metrics'])),
      }),
    ),
  })
  .check(z.superRefine(checkChannelSettings));
export type ChannelConfig = z.infer<typeof channelConfigSchema>;

/** The languages a report can be written in. */
export const reportLanguages = ['en', 'zh-CN'] as const;
export type ReportLanguage = (typeof reportLanguages)[number];

const goalSchema = z.strictObject({
  metric: z.enum(['engagement_rate', 'reach', 'impressions', 'follower_growth', 'conversions', 'clicks']),
  target: z.number().check(z.nonnegative()),
  period: z._default(z.enum(['week', 'month', 'quarter']), 'month'),
});

/**
 * A brand's profile, the positioning step of the process: audience, values, voice and goals;
 * the channels it publishes on; its review chain and its policy. Every update is a new
 * `version`, and every version is kept.
 */
export const brandProfileSchema = z.object({
  brandId: idOf('brandId'),
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  /** Set by persistence: 1 for the first profile, +1 for each update. */
  version: z.optional(z.number().check(z.int(), z.gte(1))),
  audience: z.optional(z.string().check(z.maxLength(2000))),
  values: z.optional(texts(200, 20)),
  voice: z.optional(
    z.strictObject({
      tone: z._default(texts(60, 10), []),
      do: z._default(texts(500, 20), []),
      dont: z._default(texts(500, 20), []),
    }),
  ),
  goals: z.optional(z.array(goalSchema).check(z.maxLength(20))),
  /** The zone reports count days, weeks and months in, and best times to post are given in. */
  timeZone: z._default(
    z.string().check(
      z.refine(isTimeZone, {
        message: 'timeZone: must be an IANA time zone, e.g. Asia/Shanghai',
        params: { rule: 'iana-time-zone' },
      }),
    ),
    'UTC',
  ),
  /** The language reports are written in. */
  language: z._default(z.enum(reportLanguages), 'en'),
  /** The engagement rate reports and goals use (docs/kpis.md names each denominator). */
  engagementRateVariant: z._default(z.enum(engagementRateVariants), 'byImpressions'),
  channels: z.array(channelConfigSchema).check(
    z.minLength(1),
    z.maxLength(MAX_CHANNELS),
    uniqueIds((c) => c.id, 'channel ids'),
  ),
  /** Shorthand for `policy.terms.banned`; both lists apply. */
  bannedTerms: z._default(names(MAX_TERMS), []),
  /** When set and no `reviewChain` is, only these user ids may decide reviews for the brand. */
  reviewers: z.optional(names(100).check(uniqueIds((id) => id, 'reviewer ids'))),
  reviewChain: z.optional(reviewChainSchema),
  policy: z.prefault(policyConfigSchema, {}),
  /** Interaction and feedback: retention, triage lists, working hours, response targets (docs/feedback.md). */
  feedback: z.optional(feedbackSettingsSchema),
  /** The asset library's settings (docs/media.md). */
  media: z.optional(mediaSettingsSchema),
});
export type Goal = z.infer<typeof goalSchema>;
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

/**
 * The stages of a brand's review that name no one: every stage must name approvers or a
 * `group:<name>`, so "open to anyone but the author" cannot be configured at the front door.
 *
 * @example
 * ```ts
 * unnamedReviewStages({ ...brand, reviewChain: { stages: [{ name: 'brand', approvers: [] }] } });
 * // [{ field: 'reviewChain.stages.0.approvers', rule: 'required', message: '...' }]
 * ```
 */
export function unnamedReviewStages(brand: BrandProfile): InputProblem[] {
  if (!brand.reviewChain) {
    return brand.reviewers?.length
      ? []
      : [
          {
            field: 'reviewers',
            rule: 'required',
            message: 'name reviewers, or a reviewChain whose stages name approvers or a group:<name>',
          },
        ];
  }
  return brand.reviewChain.stages.flatMap((stage, index) =>
    stage.approvers.length > 0
      ? []
      : [
          {
            field: `reviewChain.stages.${index}.approvers`,
            rule: 'required',
            message: `stage "${stage.name}" must name approvers or a group:<name>`,
          },
        ],
  );
}
