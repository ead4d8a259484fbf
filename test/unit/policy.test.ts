import { describe, expect, it } from 'vitest';
import { brandProfileSchema, effectivePolicy } from '../../functions/domain/brand.js';
import {
  type CalendarEntry,
  checkPolicy,
  containsTerm,
  evaluatePolicy,
} from '../../functions/domain/policy.js';
import { type PolicyConfigInput, policyConfigSchema } from '../../functions/domain/policy-config.js';
import { xWeightedLength } from '../../functions/domain/policy-text.js';
import type { ChannelContent, Promotion } from '../../functions/domain/post.js';

const AT = '2030-03-10T09:00:00Z';

function run(
  texts: Record<string, string | ChannelContent>,
  config: PolicyConfigInput = {},
  extra: { promotion?: Promotion; calendar?: CalendarEntry[]; scheduledAt?: string } = {},
) {
  const content = Object.fromEntries(
    Object.entries(texts).map(([channel, c]) => [channel, typeof c === 'string' ? { text: c } : c]),
  );
  return evaluatePolicy({
    post: {
      postId: 'p1',
      content,
      promotion: extra.promotion,
      scheduledAt: extra.scheduledAt ?? AT,
      timeZone: 'Europe/Paris',
    },
    policy: policyConfigSchema.parse(config),
    policyVersion: 7,
    calendar: extra.calendar,
  });
}
const rules = (result: ReturnType<typeof run>) => result.findings.map((f) => f.rule);

describe('brand policy: terms', () => {
  it('blocks a banned term as a whole word, whatever its case, and points at it', () => {
    // Act
    const result = run({ x: 'Get it CHEAP, today.' }, { terms: { banned: ['cheap'] } });
    // Assess
    expect(result).toMatchObject({ outcome: 'block', policyVersion: 7 });
    expect(result.findings).toEqual([
      expect.objectContaining({
        rule: 'banned-term',
        severity: 'block',
        channel: 'x',
        term: 'cheap',
        span: { start: 7, end: 12 },
      }),
    ]);
  });

  it('does not block a word that merely contains a banned term', () => {
    // Act
    const result = checkPolicy({ x: 'Cheapest? No: cheapskate prices are gone.' }, ['cheap']);
    // Assess
    expect(result.outcome).toBe('pass');
  });

  it('matches multi-word terms, accents, and accents typed as combining characters', () => {
    // Assess
    expect(containsTerm('Act now: limited offer inside', 'limited offer')).toBe(true);
    expect(containsTerm('Un prix très BAS', 'très bas')).toBe(true);
    expect(containsTerm('très basique', 'très bas')).toBe(false);
    expect(containsTerm('Le cafe\u0301 du coin', 'café')).toBe(true);
    expect(containsTerm('cafe\u0301s', 'café')).toBe(false);
  });

  it('finds Chinese, Japanese and Korean terms inside text without spaces', () => {
    // Act
    const zh = run({ weibo: '这是全网最便宜的产品' }, { terms: { banned: ['便宜'] } });
    // Assess
    expect(zh.findings[0]).toMatchObject({
      rule: 'banned-term',
      channel: 'weibo',
      term: '便宜',
      span: { start: 5, end: 7 },
    });
    expect(containsTerm('今だけ激安セール開催中', '激安')).toBe(true);
    expect(containsTerm('오늘만 최저가 세일', '최저가')).toBe(true);
    expect(containsTerm('这是好产品', '便宜')).toBe(false);
  });

  it('warns about a sensitive term instead of blocking', () => {
    // Act
    const result = run({ x: 'Our view on the election debate' }, { terms: { sensitive: ['election'] } });
    // Assess
    expect(result.outcome).toBe('warn');
    expect(result.findings[0]).toMatchObject({ rule: 'sensitive-term', severity: 'warn' });
  });

  it('blocks misleading absolute claims by default, including ones starting or ending with a symbol', () => {
    // Assess
    expect(rules(run({ x: 'Risk-free returns for everyone' }))).toEqual(['misleading-claim']);
    expect(rules(run({ x: 'A 100% cure for dull mornings' }))).toEqual(['misleading-claim']);
    expect(run({ x: 'We guarantee freshness' }).outcome).toBe('pass');
  });

  it('takes its claim list from the brand and lets a brand soften or turn off a rule', () => {
    // Act
    const custom = run({ x: 'Clinically proven taste' }, { claims: { patterns: ['clinically proven'] } });
    const softened = run({ x: 'Risk-free trial' }, { severity: { 'misleading-claim': 'warn' } });
    const off = run({ x: 'Risk-free trial' }, { severity: { 'misleading-claim': 'off' } });
    // Assess
    expect(custom.outcome).toBe('block');
    expect(softened.outcome).toBe('warn');
    expect(off.outcome).toBe('pass');
  });
});

describe('brand policy: disclosure', () => {
  it('blocks a paid post without a disclosure and passes one with #ad or "Paid partnership"', () => {
    // Act
    const missing = run({ x: 'Try the new blend' }, {}, { promotion: { type: 'paid' } });
    const tagged = run({ x: 'Try the new blend #ad' }, {}, { promotion: { type: 'paid' } });
    const partner = run(
      { ig: 'Paid partnership with @lin. Try it.' },
      {},
      { promotion: { type: 'partner', partner: 'kol-lin' } },
    );
    // Assess
    expect(missing.findings).toEqual([
      expect.objectContaining({ rule: 'missing-disclosure', severity: 'block' }),
    ]);
    expect(tagged.outcome).toBe('pass');
    expect(partner.outcome).toBe('pass');
  });

  it('does not take #adventure for #ad, and asks nothing of an organic post', () => {
    // Assess
    expect(rules(run({ x: 'Weekend #adventure' }, {}, { promotion: { type: 'paid' } }))).toEqual([
      'missing-disclosure',
    ]);
    expect(run({ x: 'Weekend plans' }, {}, { promotion: { type: 'organic' } }).outcome).toBe('pass');
  });
});

describe('brand policy: channel limits', () => {
  it('counts X length by weight: CJK and emoji count 2, a link 23', () => {
    // Assess
    expect(xWeightedLength('hello')).toBe(5);
    expect(xWeightedLength('你好')).toBe(4);
    expect(xWeightedLength('👍🏽')).toBe(2);
    expect(xWeightedLength('👨‍👩‍👧')).toBe(2);
    expect(xWeightedLength('see https://example.com/a/very/long/path/indeed')).toBe(4 + 23);
  });

  it('blocks 150 Chinese characters on X (300 weighted) but not on Bluesky (150 graphemes)', () => {
    // Prepare
    const text = '春'.repeat(150);
    const config = {
      channels: { x: { counting: 'x-weighted' as const, maxLength: 280 }, bluesky: { maxLength: 300 } },
    };
    // Act
    const result = run({ x: text, bluesky: text }, config);
    // Assess
    expect(result.findings.map((f) => [f.channel, f.rule])).toEqual([['x', 'length']]);
  });

  it('counts a combining accent and a family emoji as one grapheme each', () => {
    // Act
    const fits = run({ bluesky: { text: 'e\u0301👨‍👩‍👧' } }, { channels: { bluesky: { maxLength: 2 } } });
    // Assess
    expect(fits.outcome).toBe('pass');
  });

  it('requires media where the channel does (Instagram) and counts hashtags and mentions', () => {
    // Prepare
    const config = { channels: { instagram: { mediaRequired: true, maxHashtags: 2, maxMentions: 1 } } };
    // Act
    const bare = run(
      { instagram: { text: '#tea #春茶 #spring with @teahouse and @shop.bsky.social, mail a@b.co' } },
      config,
    );
    const withMedia = run(
      { instagram: { text: '#tea', mediaUrls: ['https://cdn.example.com/a.jpg'] } },
      config,
    );
    // Assess
    expect(rules(bare)).toEqual(['media-required', 'hashtag-count', 'mention-count']);
    expect(withMedia.outcome).toBe('pass');
  });
});

describe('brand policy: links', () => {
  it('blocks http links and links outside the allowed domains', () => {
    // Prepare
    const config = { links: { allowedDomains: ['aurora.example'] } };
    // Act
    const http = run({ x: 'Read http://aurora.example/spring now' }, config);
    const elsewhere = run({ x: 'Read https://other.example/spring' }, config);
    const subdomain = run({ x: 'Read https://shop.aurora.example/spring.' }, config);
    // Assess
    expect(http.findings).toEqual([
      expect.objectContaining({ rule: 'link-https', span: { start: 5, end: 33 } }),
    ]);
    expect(rules(elsewhere)).toEqual(['link-domain']);
    expect(subdomain.outcome).toBe('pass');
  });

  it('warns about a link without UTM tags when the brand requires them, for text and link fields', () => {
    // Prepare
    const config = { links: { utm: 'require' as const } };
    const tagged = 'https://aurora.example/s?utm_source=x&utm_medium=social&utm_campaign=spring';
    // Act
    const untagged = run(
      { x: { text: 'New https://aurora.example/s', link: 'https://aurora.example/l?utm_source=x' } },
      config,
    );
    const ok = run({ x: { text: `New ${tagged}`, link: tagged } }, config);
    // Assess
    expect(untagged.findings.map((f) => [f.rule, f.message])).toEqual([
      ['link-utm', 'the link lacks utm_source, utm_medium, utm_campaign'],
      ['link-utm', 'the link lacks utm_medium, utm_campaign'],
    ]);
    expect(ok.outcome).toBe('pass');
  });
});

describe('brand policy: voice', () => {
  it('warns about shouting and about runs of exclamation marks, full-width included', () => {
    // Assess
    expect(rules(run({ x: 'THE BIG SALE STARTS NOW' }))).toEqual(['shouting']);
    expect(rules(run({ x: 'New colours are in!!!' }))).toEqual(['exclamation-run']);
    expect(rules(run({ weibo: '新品上市！！！' }))).toEqual(['exclamation-run']);
    expect(run({ x: 'New colours are in!!' }).outcome).toBe('pass');
    expect(run({ x: 'Visit the NYC and LA shops' }).outcome).toBe('pass');
  });

  it('limits emoji, a skin-toned or joined emoji counting once', () => {
    // Assess
    expect(run({ x: 'Tea 👍🏽👨‍👩‍👧' }, { voice: { maxEmoji: 2 } }).outcome).toBe('pass');
    expect(rules(run({ x: 'Tea 🍵🍵🍵' }, { voice: { maxEmoji: 2 } }))).toEqual(['emoji-count']);
  });
});

describe('brand policy: cadence', () => {
  const other = (postId: string, scheduledAt: string, channels = ['x']) => ({
    postId,
    scheduledAt,
    channels,
  });

  it('warns when the channel already has the most posts the calendar allows that local day', () => {
    // Prepare: 23:30 UTC on the 9th is already the 10th in Paris
    const calendar = [
      other('a', '2030-03-09T23:30:00Z'),
      other('b', '2030-03-10T15:00:00Z'),
      other('c', '2030-03-10T16:00:00Z', ['ig']),
    ];
    // Act
    const result = run({ x: 'Hello' }, { cadence: { maxPostsPerChannelPerDay: 2 } }, { calendar });
    const otherChannel = run({ ig: 'Hello' }, { cadence: { maxPostsPerChannelPerDay: 2 } }, { calendar });
    // Assess
    expect(rules(result)).toEqual(['cadence-daily']);
    expect(otherChannel.outcome).toBe('pass');
  });

  it('warns when another post on the channel is closer than the minimum gap, ignoring the post itself', () => {
    // Prepare
    const calendar = [other('p1', AT), other('near', '2030-03-10T09:45:00Z')];
    // Act
    const tight = run({ x: 'Hello' }, { cadence: { minGapMinutes: 60 } }, { calendar });
    const loose = run({ x: 'Hello' }, { cadence: { minGapMinutes: 30 } }, { calendar });
    // Assess
    expect(tight.findings).toEqual([expect.objectContaining({ rule: 'cadence-gap', severity: 'warn' })]);
    expect(loose.outcome).toBe('pass');
  });
});

describe('brand profile', () => {
  it('merges the profile bannedTerms shorthand into its policy', () => {
    // Act
    const brand = brandProfileSchema.parse({
      brandId: 'b',
      name: 'B',
      channels: [{ id: 'x', adapter: 'sandbox', maxLength: 280 }],
      bannedTerms: ['cheap'],
      policy: { terms: { banned: ['scam'] } },
    });
    // Assess
    expect(effectivePolicy(brand).terms.banned).toEqual(['scam', 'cheap']);
  });

  it('refuses a policy with an unknown rule or a review stage of `all` without approvers, naming the field', () => {
    // Act
    const result = brandProfileSchema.safeParse({
      brandId: 'b',
      name: 'B',
      channels: [{ id: 'x', adapter: 'sandbox', maxLength: 280 }],
      policy: { severity: { 'no-such-rule': 'warn' } },
      reviewChain: { stages: [{ name: 'legal', mode: 'all' }] },
    });
    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'policy.severity',
      'reviewChain.stages.0.approvers',
    ]);
  });

  it('refuses a channel URL setting that is not a URL or is plain http off loopback, naming the field and the rule', () => {
    // Prepare
    const withWebhook = (url: string) => ({
      brandId: 'b',
      name: 'B',
      channels: [{ id: 'hook', adapter: 'webhook', maxLength: 280, account: 'hook-1', settings: { url } }],
    });
    // Act
    const notAUrl = brandProfileSchema.safeParse(withWebhook('not a url'));
    const plainHttp = brandProfileSchema.safeParse(withWebhook('http://example.com/hook'));
    const loopback = brandProfileSchema.safeParse(withWebhook('http://127.0.0.1:8080/hook'));
    // Assess
    const problems = (result: typeof notAUrl) =>
      result.error?.issues.map((i) => ({ field: i.path.join('.'), code: i.code, message: i.message }));
    expect(problems(notAUrl)).toEqual([
      { field: 'channels.0.settings.url', code: 'invalid_format', message: 'Invalid URL' },
    ]);
    expect(problems(plainHttp)).toEqual([
      {
        field: 'channels.0.settings.url',
        code: 'custom',
        message: 'must be an https URL (http only on 127.0.0.1 or localhost)',
      },
    ]);
    expect(loopback.success).toBe(true);
  });
});
