import type { BrandProfileInput } from '../functions/domain/brand.js';
import type { SubmitPost } from '../functions/domain/post.js';

/** A demo post, the path it should take, and the reviewer's answer when review is asked. */
export interface DemoPost {
  story: string;
  submission: SubmitPost;
  decision?: { decision: 'approve' | 'reject'; comment?: string };
  /** The author first tries to approve in the reviewer's name; the front door's answer lands here. */
  forgedFirst?: { answer?: string; onBus?: string };
}

/** The reviewer who decides the demo's posts through the front door. */
export const DEMO_REVIEWER = 'brand-manager-1';

/** Who may do what for the demo brand (docs/security.md). */
export const demoMembers = [
  { brandId: 'aurora-tea', memberId: DEMO_REVIEWER, roles: ['reviewer' as const] },
  { brandId: 'aurora-tea', memberId: 'author-1', roles: ['editor' as const] },
];

export const demoBrand: BrandProfileInput = {
  brandId: 'aurora-tea',
  name: 'Aurora Tea',
  audience: 'Urban tea drinkers who care where their leaves come from',
  values: ['craft', 'honesty', 'seasonality'],
  voice: {
    tone: ['warm', 'precise'],
    do: ['name the harvest and the garden'],
    dont: ['hype', 'health claims'],
  },
  goals: [
    { metric: 'engagement_rate', target: 0.04, period: 'month' },
    { metric: 'follower_growth', target: 500, period: 'month' },
  ],
  reviewChain: { stages: [{ name: 'brand', approvers: ['brand-manager-1'] }] },
  policy: {
    terms: { banned: ['guaranteed', 'miracle'], sensitive: ['detox'] },
    links: { httpsOnly: true },
    voice: { maxExclamationRun: 1, maxEmoji: 3 },
  },
  channels: [
    { id: 'sandbox-social', adapter: 'sandbox', maxLength: 2200 },
    { id: 'sandbox-micro', adapter: 'sandbox', maxLength: 280 },
    // Fails twice with a transient error, then publishes: the workflow's Retry at work.
    { id: 'sandbox-flaky', adapter: 'sandbox', maxLength: 500, failure: { kind: 'transient', times: 2 } },
    // Refuses every post: the other channels of the post still publish.
    { id: 'sandbox-broken', adapter: 'sandbox', maxLength: 500, failure: { kind: 'permanent' } },
  ],
};

/**
 * Four posts that between them take every main path. Ids carry the run's stamp, since the
 * local data folder keeps earlier runs' posts. With `imageAssetId`, the launch post carries
 * that library image on `sandbox-social`.
 */
export function demoPosts(stamp: string, scheduledAt: string, imageAssetId?: string): DemoPost[] {
  const base = {
    revision: 1,
    brandId: demoBrand.brandId,
    campaign: 'spring-harvest',
    author: { id: 'author-1' },
    contentType: 'text' as const,
    scheduledAt,
    timeZone: 'Asia/Shanghai',
  };
  return [
    {
      story: 'approved, 3 channels, metrics',
      submission: {
        ...base,
        postId: `launch-${stamp}`,
        ...(imageAssetId ? { contentType: 'image' as const } : {}),
        content: {
          'sandbox-social': {
            text: 'Our spring harvest is here: first-flush oolong, picked this week.',
            ...(imageAssetId ? { assets: [imageAssetId] } : {}),
          },
          'sandbox-micro': { text: 'Spring harvest oolong is in. Taste the first flush.' },
          'sandbox-flaky': { text: 'First-flush oolong, fresh from the spring harvest.' },
        },
      },
      decision: { decision: 'approve' },
      forgedFirst: {},
    },
    {
      story: 'blocked by policy',
      submission: {
        ...base,
        postId: `promo-${stamp}`,
        content: { 'sandbox-micro': { text: 'A guaranteed cure for Monday mornings.' } },
      },
    },
    {
      story: 'rejected by a reviewer',
      submission: {
        ...base,
        postId: `teaser-${stamp}`,
        content: { 'sandbox-social': { text: 'Something new is brewing. Stay tuned.' } },
      },
      decision: { decision: 'reject', comment: 'Too vague for the campaign brief.' },
    },
    {
      story: 'approved, one channel fails',
      submission: {
        ...base,
        postId: `tasting-${stamp}`,
        content: {
          'sandbox-social': { text: 'Join our tasting evening this Friday.' },
          'sandbox-broken': { text: 'Join our tasting evening this Friday.' },
        },
      },
      decision: { decision: 'approve' },
    },
  ];
}
