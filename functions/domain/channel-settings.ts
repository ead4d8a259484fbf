import * as z from 'zod/mini';
import '../contract/schema-messages.js';

/** Every channel adapter a brand can configure. */
export const channelAdapterNames = [
  'sandbox',
  'mastodon',
  'bluesky',
  'linkedin',
  'x',
  'facebook',
  'instagram',
  'threads',
  'webhook',
] as const;
export type ChannelAdapterName = (typeof channelAdapterNames)[number];

/**
 * An https URL, or http on loopback (a local test server). The refinement runs even when
 * the value is no URL at all (zod reports every issue), so it must not throw on one.
 */
const serviceUrl = z.url().check(
  z.maxLength(2048),
  z.refine((value) => {
    if (!URL.canParse(value)) return true;
    const url = new URL(value);
    return url.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  }, 'must be an https URL (http only on 127.0.0.1 or localhost)'),
);
const digits = () => z.optional(z.string().check(z.regex(/^\d{1,32}$/, 'must be 1-32 digits')));

/**
 * Per-adapter settings (docs/channels.md lists which adapter needs which). Ids of the
 * account on the platform live here; tokens never do: they are in the account's secret.
 */
export const channelSettingsSchema = z.object({
  /** The platform API's base URL, when not the public one (a test server, a self-hosted instance). */
  baseUrl: z.optional(serviceUrl),
  /** Mastodon: the instance, e.g. `https://mastodon.social`. */
  instanceUrl: z.optional(serviceUrl),
  /** LinkedIn: the organization that posts, `urn:li:organization:<id>`. */
  organizationUrn: z.optional(
    z.string().check(z.regex(/^urn:li:organization:\d{1,32}$/, 'must be urn:li:organization:<digits>')),
  ),
  /** Facebook Pages: the page id. */
  pageId: digits(),
  /** Instagram: the Instagram professional account id; Threads: the Threads user id. */
  userId: digits(),
  /** Webhook: where the signed JSON is posted. */
  url: z.optional(serviceUrl),
  /** X: the account is verified (4,000 characters instead of 280). */
  verified: z.optional(z.boolean()),
  /**
   * Sandbox: the replies each post receives, arriving over its first 48 hours (the bench
   * prices feedback collection with them). None when left out.
   */
  simulatedReplies: z.optional(z.number().check(z.int(), z.gte(0), z.lte(1000))),
});
export type ChannelSettings = z.infer<typeof channelSettingsSchema>;

/** The settings each adapter cannot work without. */
export const requiredSettings: Record<ChannelAdapterName, (keyof ChannelSettings)[]> = {
  sandbox: [],
  mastodon: ['instanceUrl'],
  bluesky: [],
  linkedin: ['organizationUrn'],
  x: [],
  facebook: ['pageId'],
  instagram: ['userId'],
  threads: ['userId'],
  webhook: ['url'],
};

/**
 * Adds an issue for every setting the channel's adapter needs but lacks, and for a missing
 * `account` (the connected account whose secret holds the credentials) on a real platform.
 *
 * @example
 * ```ts
 * schema.superRefine((channel, ctx) => checkChannelSettings(channel, ctx));
 * ```
 */
export function checkChannelSettings(
  channel: { adapter: ChannelAdapterName; account?: string; settings?: ChannelSettings },
  ctx: z.core.$RefinementCtx,
): void {
  if (channel.adapter !== 'sandbox' && !channel.account) {
    ctx.addIssue({
      code: 'custom',
      path: ['account'],
      message: `the ${channel.adapter} adapter needs the connected account whose secret holds its credentials`,
    });
  }
  for (const name of requiredSettings[channel.adapter]) {
    if (channel.settings?.[name] === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['settings', name],
        message: `the ${channel.adapter} adapter needs settings.${name}`,
      });
    }
  }
}
