import * as z from 'zod/mini';
import '../contract/schema-messages.js';

/**
 * The brand policy's format: which rules run and how strict each is. Every field has a
 * default, so `{}` is a valid policy (no term lists, https-only links, the voice lints).
 * docs/policy.md describes each rule with examples.
 */

/** Every rule the engine knows, with the severity it has unless the brand overrides it. */
export const defaultSeverity = {
  'banned-term': 'block',
  'hidden-characters': 'warn',
  'sensitive-term': 'warn',
  'misleading-claim': 'block',
  'missing-disclosure': 'block',
  length: 'block',
  'media-required': 'block',
  'alt-text': 'block',
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

const term = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));
/** The most terms one list holds: each is a search over every post's text. */
export const MAX_TERMS = 500;
const terms = (defaults: string[]) => z._default(z.array(term).check(z.maxLength(MAX_TERMS)), defaults);
const shortList = (maxLength: number, maxItems: number) =>
  z.array(z.string().check(z.minLength(1), z.maxLength(maxLength))).check(z.maxLength(maxItems));
const flag = (value: boolean) => z._default(z.boolean(), value);
const positiveInt = () => z.optional(z.number().check(z.int(), z.positive()));
const countLimit = () => z.optional(z.number().check(z.int(), z.nonnegative()));

/** How a platform counts a post's length. */
export const lengthCountings = ['graphemes', 'x-weighted'] as const;

const channelRulesSchema = z.strictObject({
  /** `graphemes` (Bluesky, Mastodon, most) or `x-weighted` (X: CJK and emoji count 2, links 23). */
  counting: z._default(z.enum(lengthCountings), 'graphemes'),
  maxLength: positiveInt(),
  mediaRequired: flag(false),
  maxHashtags: countLimit(),
  maxMentions: countLimit(),
});
export type ChannelRules = z.infer<typeof channelRulesSchema>;

export const policyConfigSchema = z.strictObject({
  terms: z.prefault(
    z.strictObject({
      /** Never allowed. */
      banned: terms([]),
      /** Allowed, but a reviewer should look. */
      sensitive: terms([]),
    }),
    {},
  ),
  /** Absolute promises that mislead; matched like terms. */
  claims: z.prefault(
    z.strictObject({
      patterns: terms(['guaranteed', 'risk-free', '100% cure', 'no side effects', 'miracle cure']),
    }),
    {},
  ),
  /** What a paid or partner post must say on every channel (any one marker). */
  disclosure: z.prefault(
    z.strictObject({
      markers: z._default(z.array(term).check(z.minLength(1), z.maxLength(50)), [
        '#ad',
        'Paid partnership',
        '#sponsored',
        '广告',
        '#PR',
      ]),
    }),
    {},
  ),
  /** Limits per channel id; a channel without an entry is only checked for links, terms and voice. */
  channels: z._default(
    z
      .record(z.string().check(z.maxLength(64)), channelRulesSchema)
      .check(z.refine((rules) => Object.keys(rules).length <= 20, { message: 'at most 20 channels' })),
    {},
  ),
  links: z.prefault(
    z.strictObject({
      httpsOnly: flag(true),
      /** When set, links must point at one of these domains or their subdomains. */
      allowedDomains: z.optional(shortList(253, 100)),
      /** `require`: every link carries the UTM parameters; `off`: not checked. */
      utm: z._default(z.enum(['off', 'require']), 'off'),
      utmParameters: z._default(shortList(64, 20), ['utm_source', 'utm_medium', 'utm_campaign']),
    }),
    {},
  ),
  voice: z.prefault(
    z.strictObject({
      /** Warn when the text shouts in capitals. */
      noShouting: flag(true),
      /** Longest allowed run of `!`. */
      maxExclamationRun: z._default(z.number().check(z.int(), z.gte(1)), 2),
      maxEmoji: countLimit(),
    }),
    {},
  ),
  /** From the content calendar: how often the brand posts on one channel. */
  cadence: z.prefault(
    z.strictObject({
      maxPostsPerChannelPerDay: positiveInt(),
      minGapMinutes: positiveInt(),
    }),
    {},
  ),
  /** Per-rule override: make a rule stricter (`block`), softer (`warn`) or turn it `off`. */
  severity: z._default(
    z.partialRecord(
      z.enum(policyRuleIds as [PolicyRuleId, ...PolicyRuleId[]]),
      z.enum(['block', 'warn', 'off']),
    ),
    {},
  ),
});
export type PolicyConfig = z.infer<typeof policyConfigSchema>;
export type PolicyConfigInput = z.input<typeof policyConfigSchema>;
