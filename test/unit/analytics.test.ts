import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bestTimes,
  breakdown,
  goalAttainment,
  type PostChannelRecord,
  suggestNearbySlot,
  topAndBottom,
} from '../../functions/domain/analytics.js';
import { type AvailableMetrics, metricsOf } from '../../functions/domain/kpis.js';
import { daysOf, type Period, parsePeriod, periodLabel, zonedParts } from '../../functions/domain/periods.js';

const period = (label: string, timeZone: string) => parsePeriod(label, timeZone) as Period;

const record = (
  postId: string,
  publishedAt: string,
  values: Partial<AvailableMetrics>,
  extra: Partial<PostChannelRecord> = {},
): PostChannelRecord => ({
  postId,
  channel: 'x',
  publishedAt,
  contentType: 'text',
  promotion: 'organic',
  conversions: 0,
  followersAtPostTime: null,
  metrics: metricsOf(values),
  ...extra,
});

describe('periods in the brand time zone', () => {
  it('makes the day of a spring DST change 23 hours long and the autumn one 25', () => {
    // Act
    const spring = period('2026-03-29', 'Europe/Paris');
    const autumn = period('2026-10-25', 'Europe/Paris');
    // Assess
    expect(new Date(spring.start).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect((spring.end - spring.start) / 3_600_000).toBe(23);
    expect((autumn.end - autumn.start) / 3_600_000).toBe(25);
  });

  it('starts an ISO week on Monday and gives the last days of a year to week 1 of the next when it holds Thursday', () => {
    // Assess
    expect(new Date(period('2026-W48', 'UTC').start).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(periodLabel(Date.parse('2024-12-30T12:00:00Z'), 'week', 'UTC')).toBe('2025-W01');
    expect(periodLabel(Date.parse('2027-01-01T12:00:00Z'), 'week', 'UTC')).toBe('2026-W53');
  });

  it('counts a month from local midnight, so the same instant falls in different months by zone', () => {
    // Prepare
    const instant = Date.parse('2026-11-30T20:00:00Z');
    // Assess
    expect(periodLabel(instant, 'month', 'America/New_York')).toBe('2026-11');
    expect(periodLabel(instant, 'month', 'Asia/Shanghai')).toBe('2026-12');
  });

  it('names the rule a malformed period breaks', () => {
    // Assess
    expect(parsePeriod('2026-13', 'UTC')).toEqual({ problem: 'month must be 01 to 12' });
    expect(parsePeriod('2025-W53', 'UTC')).toEqual({ problem: 'week must be 01 to 52 in 2025' });
    expect(parsePeriod('november', 'UTC')).toMatchObject({ problem: expect.stringContaining('YYYY-MM') });
  });

  it('tiles every month with its days, without gap or overlap, in any zone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2020, max: 2035 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom('UTC', 'Europe/Paris', 'America/New_York', 'Asia/Shanghai', 'Australia/Sydney'),
        (year, month, zone) => {
          // Act
          const whole = period(`${year}-${String(month).padStart(2, '0')}`, zone);
          const days = daysOf(whole);
          // Assess
          expect(days[0]?.start).toBe(whole.start);
          expect(days.at(-1)?.end).toBe(whole.end);
          for (let i = 1; i < days.length; i += 1) expect(days[i]?.start).toBe(days[i - 1]?.end);
          expect(days.length).toBe(new Date(Date.UTC(year, month, 0)).getUTCDate());
          for (const day of days) expect(zonedParts(day.start, zone).hour).toBe(0);
        },
      ),
    );
  });
});

describe('goal attainment and pace', () => {
  const clicksGoal = { metric: 'clicks' as const, target: 300, period: 'month' as const };

  it('is on track at mid-month with half the target, counting posts by the brand zone across the month boundary', () => {
    // Prepare: Shanghai is UTC+8, so 2026-10-31T17:00Z is already 1 November there
    const november = period('2026-11', 'Asia/Shanghai');
    const records = [
      record('a', '2026-10-31T17:00:00Z', { clicks: 100 }),
      record('b', '2026-11-10T02:00:00Z', { clicks: 50 }),
      record('c', '2026-10-31T15:00:00Z', { clicks: 999 }), // 23:00 on 31 October in Shanghai
      record('d', '2026-11-30T16:00:00Z', { clicks: 999 }), // 00:00 on 1 December in Shanghai
    ];
    const midMonth = november.start + (november.end - november.start) / 2;
    // Act
    const attainment = goalAttainment(clicksGoal, records, november, midMonth, 'byImpressions');
    // Assess
    expect(attainment.actual).toEqual({ value: 150, sample: 2 });
    expect(attainment.elapsed).toBe(0.5);
    expect(attainment.expectedByNow).toBe(150);
    expect(attainment.pace).toBe('on-track');
    expect(attainment.attainment).toBe(0.5);
  });

  it('measures elapsed time by the clock in a month with a DST change', () => {
    // Prepare: October 2026 in Paris has 31 days and one 25-hour day (745 hours)
    const october = period('2026-10', 'Europe/Paris');
    const records = [record('a', '2026-10-02T08:00:00Z', { clicks: 100 })];
    const noonOn10th = Date.parse('2026-10-10T10:00:00Z');
    // Act
    const attainment = goalAttainment(clicksGoal, records, october, noonOn10th, 'byImpressions');
    // Assess: 9.5 days of 745 hours elapsed; expected 300 x 228/745 = 91.8; 100 is on track
    expect((october.end - october.start) / 3_600_000).toBe(745);
    expect(attainment.elapsed).toBeCloseTo(228 / 745, 10);
    expect(attainment.expectedByNow).toBeCloseTo((300 * 228) / 745, 10);
    expect(attainment.pace).toBe('on-track');
  });

  it('is behind, ahead, or not measurable according to actual against expected', () => {
    // Prepare
    const november = period('2026-11', 'UTC');
    const end = november.end;
    const rateGoal = { metric: 'engagement_rate' as const, target: 0.04, period: 'month' as const };
    const low = [record('a', '2026-11-05T10:00:00Z', { impressions: 1000, likes: 20 })];
    const high = [record('a', '2026-11-05T10:00:00Z', { impressions: 1000, likes: 60 })];
    const blind = [record('a', '2026-11-05T10:00:00Z', { likes: 60 }, { channel: 'bluesky' })];
    // Act
    const paces = [low, high, blind].map(
      (r) => goalAttainment(rateGoal, r, november, end, 'byImpressions').pace,
    );
    // Assess
    expect(paces).toEqual(['behind', 'ahead', 'not-measurable']);
  });

  it('never paces a count goal ahead before anything happened nor divides by zero at the period start', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (clicks, share) => {
        // Prepare
        const november = period('2026-11', 'Europe/Paris');
        const now = november.start + share * (november.end - november.start);
        // Act
        const result = goalAttainment(
          clicksGoal,
          [record('a', '2026-11-01T12:00:00Z', { clicks })],
          november,
          now,
          'byImpressions',
        );
        // Assess
        expect(['ahead', 'on-track', 'behind']).toContain(result.pace);
        expect(result.elapsed).toBeGreaterThanOrEqual(0);
        expect(result.elapsed).toBeLessThanOrEqual(1);
        if (clicks === 0 && result.expectedByNow > 0) expect(result.pace).toBe('behind');
      }),
    );
  });
});

describe('best time to post', () => {
  // Tuesdays at 09:00 Paris do best, Tuesdays at 14:00 worse; 2026-11-03 is a Tuesday.
  const history = [3, 10, 17, 24].flatMap((day) => [
    record(`m${day}`, `2026-11-${String(day).padStart(2, '0')}T08:00:00Z`, { impressions: 1000, likes: 60 }),
    record(`a${day}`, `2026-11-${String(day).padStart(2, '0')}T13:00:00Z`, { impressions: 1000, likes: 20 }),
  ]);

  it('names the best weekday and hour in the brand zone with the number of posts behind it', () => {
    // Act
    const [x] = bestTimes(history, 'Europe/Paris', 'byImpressions', { minPosts: 8, minPostsPerSlot: 3 });
    // Assess
    expect(x?.best).toMatchObject({ weekday: 2, hour: 9, posts: 4, score: { value: 0.06 } });
    expect(x?.statement).toBe(
      'x: best Tuesday 09:00-10:00 (Europe/Paris), engagement rate by impressions 6.00% over 4 posts',
    );
    expect(x?.slots.map((s) => [s.weekday, s.hour, s.posts])).toEqual([
      [2, 9, 4],
      [2, 14, 4],
    ]);
  });

  it('says plainly that there is too little data rather than guessing from a few posts', () => {
    // Act
    const [x] = bestTimes(history.slice(0, 3), 'Europe/Paris', 'byImpressions');
    // Assess
    expect(x?.best).toBeNull();
    expect(x?.statement).toBe('x: too little data, 3 published posts; at least 10 are needed');
  });

  it('scores a channel without impressions by engagements per post', () => {
    // Prepare
    const bluesky = history.map((r) => ({
      ...r,
      channel: 'bluesky',
      metrics: { ...r.metrics, impressions: null },
    }));
    // Act
    const [slots] = bestTimes(bluesky, 'Europe/Paris', 'byImpressions', { minPosts: 8, minPostsPerSlot: 4 });
    // Assess
    expect(slots?.scoredBy).toBe('engagementsPerPost');
    expect(slots?.best).toMatchObject({ weekday: 2, hour: 9, score: { value: 60 } });
  });

  it('suggests the best nearby slot for a requested time, and nothing when history is thin', () => {
    // Prepare
    const [x] = bestTimes(history, 'Europe/Paris', 'byImpressions', { minPosts: 8, minPostsPerSlot: 4 });
    const [thin] = bestTimes(history.slice(0, 4), 'Europe/Paris', 'byImpressions');
    const thresholds = { minPosts: 8, minPostsPerSlot: 4 };
    const requested = '2026-12-01T12:30:00Z'; // Tuesday 13:30 in Paris
    const now = Date.parse('2026-11-30T00:00:00Z');
    // Act
    const suggestion = x && suggestNearbySlot(x, requested, now, thresholds);
    // Assess
    expect(suggestion).toMatchObject({ at: '2026-12-01T08:00:00Z', slot: { weekday: 2, hour: 9 } });
    expect(thin && suggestNearbySlot(thin, requested, now)).toBeNull();
    expect(
      x && suggestNearbySlot(x, requested, Date.parse('2026-12-01T09:00:00Z'), thresholds),
    ).toMatchObject({
      at: '2026-12-01T13:00:00Z',
    });
  });
});

describe('content insights', () => {
  const records = [
    record(
      'p1',
      '2026-11-02T10:00:00Z',
      { impressions: 100, likes: 10 },
      { campaign: 'spring', contentType: 'image' },
    ),
    record('p2', '2026-11-03T10:00:00Z', { impressions: 100, likes: 2 }, { promotion: 'paid' }),
    record('p3', '2026-11-04T10:00:00Z', { impressions: 100, likes: 5 }, { campaign: 'spring' }),
    record('p4', '2026-11-05T10:00:00Z', { likes: 50 }, { channel: 'bluesky' }),
  ];

  it('gives the KPIs per campaign, content type and promotion type', () => {
    // Act
    const byCampaign = breakdown(records, 'campaign');
    const byPromotion = breakdown(records, 'promotion');
    // Assess
    expect(
      byCampaign.map((g) => [g.key, g.summary.posts, g.summary.engagementRate.byImpressions.value]),
    ).toEqual([
      ['(none)', 2, 0.02],
      ['spring', 2, 0.075],
    ]);
    expect(byPromotion.map((g) => g.key)).toEqual(['organic', 'paid']);
    expect(breakdown(records, 'contentType').map((g) => [g.key, g.summary.sample])).toEqual([
      ['image', 1],
      ['text', 3],
    ]);
  });

  it('ranks top and bottom posts by the brand rate, leaving out posts whose rate is not available', () => {
    // Act
    const { top, bottom } = topAndBottom(records, 'byImpressions', 1);
    // Assess
    expect(top.map((p) => p.postId)).toEqual(['p1']);
    expect(bottom.map((p) => p.postId)).toEqual(['p2']);
  });
});
