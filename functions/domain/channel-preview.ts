import { type BrandProfile, effectivePolicy } from './brand.js';
import type { PolicyFinding } from './policy.js';
import { countedLength } from './policy-text.js';
import type { ChannelContent } from './post.js';

/** What a reviewer sees of one channel's version of a post. */
export interface ChannelPreview {
  channel: string;
  /** The channel's adapter (`x`, `bluesky`...); absent when the brand no longer has the channel. */
  adapter?: string;
  text: string;
  mediaUrls: string[];
  link?: string;
  /** The text's length as the platform counts it, and the limit it counts against. */
  length: number;
  counting: 'graphemes' | 'x-weighted';
  maxLength?: number;
  /** The policy findings on this channel, with their places in the text. */
  findings: PolicyFinding[];
}

/**
 * Per channel, the post's text, media and link with the platform's character count and the
 * policy findings that point into it. X counts with its weighting unless the policy says
 * otherwise; the limit is the policy's when it sets one, else the channel's.
 *
 * @example
 * ```ts
 * channelPreviews(post.content, brand, post.policy?.findings ?? [])[0]; // { channel: 'x', length: 42, maxLength: 280, ... }
 * ```
 */
export function channelPreviews(
  content: Record<string, ChannelContent>,
  brand: BrandProfile | undefined,
  findings: readonly PolicyFinding[],
): ChannelPreview[] {
  const policy = brand ? effectivePolicy(brand).channels : {};
  return Object.entries(content).map(([channel, { text, mediaUrls, link }]) => {
    const config = brand?.channels.find((c) => c.id === channel);
    const rules = policy[channel];
    const counting = rules?.counting ?? (config?.adapter === 'x' ? 'x-weighted' : 'graphemes');
    const maxLength = rules?.maxLength ?? config?.maxLength;
    return {
      channel,
      ...(config ? { adapter: config.adapter } : {}),
      text,
      mediaUrls: mediaUrls ?? [],
      ...(link ? { link } : {}),
      length: countedLength(text, counting),
      counting,
      ...(maxLength === undefined ? {} : { maxLength }),
      findings: findings.filter((f) => f.channel === channel),
    };
  });
}
