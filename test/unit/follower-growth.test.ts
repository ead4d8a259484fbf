import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  followerGrowthByChannel,
  goalAttainment,
  type PostChannelRecord,
} from '../../functions/domain/analytics.js';
import { metricsOf, ratio } from '../../functions/domain/kpis.js';
import { type Period, parsePeriod } from '../../functions/domain/periods.js';

const november = parsePeriod('2026-11', 'UTC') as Period;

const record = (
  channel: string,
  publishedAt: string,
  followersAtPostTime: number | null,
  later?: { at: string; followers: number },
): PostChannelRecord => ({
  postId: `${channel}-${publishedAt}`,
  channel,
  publishedAt,
  contentType: 'text',
  promotion: 'organic',
  conversions: 0,
  followersAtPostTime,
  metrics: metricsOf({ likes: 10, comments: 2 }),
  ...(later ? { followersLater: later } : {}),
});

describe('follower growth per channel', () => {
  it('compares the first follower count read in the period with the last, per channel', () => {
    // Prepare: Mastodon 1000 on the 2nd, 1020 on the 10th, 1050 at the round after the 20th.
    const records = [
      record('mastodon', '2026-11-10T09:00:00.000Z', 1020),
      record('mastodon', '2026-11-02T09:00:00.000Z', 1000),
      record('mastodon', '2026-11-20T09:00:00.000Z', 1040, {
        at: '2026-11-21T09:00:00.000Z',
        followers: 1050,
      }),
      record('x', '2026-11-05T09:00:00.000Z', 400, { at: '2026-11-06T09:00:00.000Z', followers: 380 }),
    ];
    // Act
    const growth = followerGrowthByChannel(records, november);
    // Assess: (1050 - 1000) / 1000 and (380 - 400) / 400.
    expect(growth.mastodon).toEqual({ value: 0.05, sample: 4 });
    expect(growth.x).toEqual({ value: -0.05, sample: 2 });
  });

  it('is not available for a channel without two counts, and never zero', () => {
    // Prepare: the webhook gives no count; Bluesky one only; an October count is outside the period.
    const records = [
      record('webhook', '2026-11-02T09:00:00.000Z', null),
      record('bluesky', '2026-11-03T09:00:00.000Z', 840),
      record('bluesky', '2026-10-31T09:00:00.000Z', 700),
    ];
    // Act
    const growth = followerGrowthByChannel(records, november);
    // Assess
    expect(growth.webhook).toEqual({ value: null, sample: 0, reason: 'not-provided' });
    expect(growth.bluesky).toEqual({ value: null, sample: 1, reason: 'not-provided' });
  });

  it('gives a zero-denominator reason when the first count is zero', () => {
    // Prepare
    const records = [
      record('x', '2026-11-02T09:00:00.000Z', 0, { at: '2026-11-03T09:00:00.000Z', followers: 12 }),
    ];
    // Act
    const growth = followerGrowthByChannel(records, november);
    // Assess
    expect(growth.x).toEqual({ value: null, sample: 2, reason: 'zero-denominator' });
  });

  it('measures a follower growth goal from the summed first and last counts of every channel', () => {
    // Prepare: 1000 + 400 at the start, 1050 + 380 at the end.
    const records = [
      record('mastodon', '2026-11-02T09:00:00.000Z', 1000, {
        at: '2026-11-21T09:00:00.000Z',
        followers: 1050,
      }),
      record('x', '2026-11-05T09:00:00.000Z', 400, { at: '2026-11-06T09:00:00.000Z', followers: 380 }),
      record('webhook', '2026-11-05T09:00:00.000Z', null),
    ];
    // Act
    const goal = goalAttainment(
      { metric: 'follower_growth', target: 0.02, period: 'month' },
      records,
      november,
      november.end,
      'byFollowers',
    );
    // Assess: (1430 - 1400) / 1400.
    expect(goal.actual.value).toBeCloseTo(30 / 1400, 12);
    expect(goal.actual.sample).toBe(4);
  });

  it('divides engagements by the followers at post time, leaving out posts whose count is not known', () => {
    // Prepare: 12 engagements each; followers 1000, 200 and unknown.
    const records = [
      record('mastodon', '2026-11-02T09:00:00.000Z', 1000),
      record('x', '2026-11-03T09:00:00.000Z', 200),
      record('webhook', '2026-11-04T09:00:00.000Z', null),
    ];
    // Act
    const rate = ratio('byFollowers', records);
    // Assess: 24 / 1200.
    expect(rate).toEqual({ value: 0.02, sample: 2 });
  });

  it('is (latest - earliest) / earliest count, whatever order the records come in', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ day: fc.integer({ min: 1, max: 30 }), followers: fc.nat({ max: 1_000_000 }) }), {
          minLength: 1,
          maxLength: 20,
        }),
        (counts) => {
          // Prepare
          const records = counts.map((c, i) =>
            record(
              'x',
              `2026-11-${String(c.day).padStart(2, '0')}T00:00:${String(i % 60).padStart(2, '0')}.000Z`,
              c.followers,
            ),
          );
          // Act
          const growth = followerGrowthByChannel(records, november).x;
          // Assess
          const sorted = records.map((r) => ({
            at: Date.parse(r.publishedAt),
            n: r.followersAtPostTime as number,
          }));
          sorted.sort((a, b) => a.at - b.at);
          const first = sorted[0] as { at: number; n: number };
          const last = sorted[sorted.length - 1] as { at: number; n: number };
          if (last.at === first.at) expect(growth?.value).toBeNull();
          else if (first.n === 0) expect(growth).toMatchObject({ value: null, reason: 'zero-denominator' });
          else expect(growth?.value).toBeCloseTo((last.n - first.n) / first.n, 12);
          expect(growth?.sample).toBe(counts.length);
        },
      ),
    );
  });
});
