import { z } from 'zod';

/**
 * The brand policy's format: which rules run and how strict each is. Every field has a
 * default, so `{}` is a valid policy (no term lists, https-only links, the voice lints).
 * docs/policy.md describes each rule with examples.
 */

/** Every rule the engine knows, with the severity it has unless the brand overrides it. */
export const defaultSeverity = {
  'banned-term': 'block',
  'sensitive-term': 'warn',
  'misleading-claim': 'block',
  'missing-disclosure': 'block',
  length: 'block',
  'media-required': 'block',
  'hashtag-count': 'warn',
  'mention-count': 'warn',
  'link-https': 'block',
  'link-domain': 'block',
  'link-utm': 'warn',
  shouting: 'warn',
  'exclamation-run': 'warn',
  'emoji-count': 'warn',
  'cadence-daily': 'warn',
  'cadence-gap': 'warn',
} as const satisfies Record<string, 'block' | 'warn'>;

export type PolicyRuleId = keyof typeof defaultSeverity;
export const policyRuleIds = Object.keys(defaultSeverity) as PolicyRuleId[];

const term = z.string().trim().min(1).max(200);

/** How a platform counts a post's length. */
export const lengthCountings = ['graphemes', 'x-weighted'] as const;

const channelRulesSchema = z.strictObject({
  /** `graphemes` (Bluesky, Mastodon, most) or `x-weighted` (X: CJK and emoji count 2, links 23). */
  counting: z.enum(lengthCountings).default('graphemes'),
  maxLength: z.number().int().positive().optional(),
  mediaRequired: z.boolean().default(false),
  maxHashtags: z.number().int().nonnegative().optional(),
  maxMentions: z.number().int().nonnegative().optional(),
});
export type ChannelRules = z.infer<typeof channelRulesSchema>;

export const policyConfigSchema = z.strictObject({
  terms: z
    .strictObject({
      /** Never allowed. */
      banned: z.array(term).default([]),
      /** Allowed, but a reviewer should look. */
      sensitive: z.array(term).default([]),
    })
    .prefault({}),
  /** Absolute promises that mislead; matched like terms. */
  claims: z
    .strictObject({
      patterns: z
        .array(term)
        .default(['guaranteed', 'risk-free', '100% cure', 'no side effects', 'miracle cure']),
    })
    .prefault({}),
  /** What a paid or partner post must say on every channel (any one marker). */
  disclosure: z
    .strictObject({
      markers: z.array(term).min(1).default(['#ad', 'Paid partnership', '#sponsored', '广告', '#PR']),
    })
    .prefault({}),
  /** Limits per channel id; a channel without an entry is only checked for links, terms and voice. */
  channels: z.record(z.string(), channelRulesSchema).default({}),
  links: z
    .strictObject({
      httpsOnly: z.boolean().default(true),
      /** When set, links must point at one of these domains or their subdomains. */
      allowedDomains: z.array(z.string().min(1)).optional(),
      /** `require`: every link carries the UTM parameters; `off`: not checked. */
      utm: z.enum(['off', 'require']).default('off'),
      utmParameters: z.array(z.string().min(1)).default(['utm_source', 'utm_medium', 'utm_campaign']),
    })
    .prefault({}),
  voice: z
    .strictObject({
      /** Warn when the text shouts in capitals. */
      noShouting: z.boolean().default(true),
      /** Longest allowed run of `!`. */
      maxExclamationRun: z.number().int().min(1).default(2),
      maxEmoji: z.number().int().nonnegative().optional(),
    })
    .prefault({}),
  /** From the content calendar: how often the brand posts on one channel. */
  cadence: z
    .strictObject({
      maxPostsPerChannelPerDay: z.number().int().positive().optional(),
      minGapMinutes: z.number().int().positive().optional(),
    })
    .prefault({}),
  /** Per-rule override: make a rule stricter (`block`), softer (`warn`) or turn it `off`. */
  severity: z
    .partialRecord(
      z.enum(policyRuleIds as [PolicyRuleId, ...PolicyRuleId[]]),
      z.enum(['block', 'warn', 'off']),
    )
    .default({}),
});
export type PolicyConfig = z.infer<typeof policyConfigSchema>;
export type PolicyConfigInput = z.input<typeof policyConfigSchema>;
