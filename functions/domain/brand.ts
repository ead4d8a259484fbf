import { z } from 'zod';

/** A channel a brand publishes on, and how the adapter should behave (failure control is for the sandbox). */
export const channelConfigSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'channel id: 1-64 characters of A-Z a-z 0-9 _ -'),
  adapter: z.literal('sandbox'),
  maxLength: z.number().int().positive(),
  failure: z
    .object({
      kind: z.enum(['transient', 'permanent']),
      /** Transient only: fail this many attempts, then succeed. Omitted: fail every time. */
      times: z.number().int().nonnegative().optional(),
      /** Which call fails; `publish` when omitted. */
      on: z.enum(['publish', 'metrics']).optional(),
    })
    .optional(),
});
export type ChannelConfig = z.infer<typeof channelConfigSchema>;

/** A brand's profile: its channels, banned terms and optional reviewer allow-list. */
export const brandProfileSchema = z.object({
  brandId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'brandId: 1-64 characters of A-Z a-z 0-9 _ -'),
  name: z.string().min(1),
  channels: z.array(channelConfigSchema).min(1),
  bannedTerms: z.array(z.string().min(1)).default([]),
  /** When set, only these user ids may decide reviews for the brand. */
  reviewers: z.array(z.string().min(1)).optional(),
});
export type BrandProfile = z.infer<typeof brandProfileSchema>;
export type BrandProfileInput = z.input<typeof brandProfileSchema>;
