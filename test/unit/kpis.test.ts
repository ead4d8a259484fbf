import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kpiDictionary, kpiDictionaryMarkdown } from '../../functions/domain/kpi-dictionary.js';
import {
  type AvailableMetrics,
  availableMetrics,
  engagements,
  followerGrowth,
  metricsOf,
  type PostChannelFacts,
  ratio,
  ratioKpis,
  summarize,
  total,
} from '../../functions/domain/kpis.js';
import { normalizedMetricNames } from '../../functions/domain/metrics.js';

const metrics = metricsOf;

const fact = (
  postId: string,
  channel: string,
  values: Partial<AvailableMetrics>,
  extra: Partial<PostChannelFacts> = {},
) => ({
  postId,
  channel,
  metrics: metrics(values),
  conversions: 0,
  followersAtPostTime: null,
  ...extra,
});

// Hand-computed: an X post, a LinkedIn post and a Bluesky post (no impressions, no reach).
const x = fact(
  'p1',
  'x',
  { impressions: 1000, likes: 40, comments: 5, shares: 5, saves: 0 },
  { followersAtPostTime: 2000 },
);
const linkedin = fact(
  'p1',
  'linkedin',
  { impressions: 500, reach: 400, likes: 10, comments: 4, shares: 6, clicks: 25 },
  { conversions: 5, followersAtPostTime: 1000 },
);
const bluesky = fact('p2', 'bluesky', { likes: 7, comments: 2, shares: 3 });

describe('KPI formulas against hand-computed figures', () => {
  it('counts engagements as likes + comments + shares + saves the platform provides', () => {
    // Assess
    expect([engagements(x.metrics), engagements(linkedin.metrics), engagements(bluesky.metrics)]).toEqual([
      50, 20, 12,
    ]);
  });

  it('computes engagement rate by impressions over the channels that count impressions only', () => {
    // Act
    const rate = ratio('byImpressions', [x, linkedin, bluesky]);
    // Assess: (50 + 20) / (1000 + 500); Bluesky neither adds engagements nor dilutes
    expect(rate).toEqual({ value: 70 / 1500, sample: 2 });
  });

  it('computes engagement rate by reach and by followers at post time, each from its own denominator', () => {
    // Assess
    expect(ratio('byReach', [x, linkedin, bluesky])).toEqual({ value: 20 / 400, sample: 1 });
    expect(ratio('byFollowers', [x, linkedin, bluesky])).toEqual({ value: 70 / 3000, sample: 2 });
  });

  it('computes click-through rate as clicks / impressions and conversion rate as conversions / clicks', () => {
    // Assess
    expect(ratio('clickThroughRate', [x, linkedin])).toEqual({ value: 25 / 500, sample: 1 });
    expect(ratio('conversionRate', [x, linkedin])).toEqual({ value: 5 / 25, sample: 1 });
  });

  it('says not available, never zero, when no channel provides a metric', () => {
    // Act
    const summary = summarize([bluesky]);
    // Assess
    expect(summary.impressions).toEqual({ value: null, sample: 0, reason: 'not-provided' });
    expect(summary.engagementRate.byImpressions).toEqual({ value: null, sample: 0, reason: 'not-provided' });
    expect(summary.engagements).toEqual({ value: 12, sample: 1 });
  });

  it('says zero denominator, not zero or infinity, when impressions or clicks are 0', () => {
    // Prepare
    const unseen = fact('p3', 'x', { impressions: 0, likes: 0, clicks: 0 });
    // Assess
    expect(ratio('byImpressions', [unseen])).toEqual({ value: null, sample: 1, reason: 'zero-denominator' });
    expect(ratio('conversionRate', [unseen])).toEqual({ value: null, sample: 1, reason: 'zero-denominator' });
    expect(summarize([]).reach).toEqual({ value: null, sample: 0, reason: 'no-data' });
  });

  it('computes follower growth from the counts at the start and end of a period', () => {
    // Assess
    expect(followerGrowth(1000, 1050)).toEqual({ value: 0.05, sample: 1 });
    expect(followerGrowth(0, 10)).toEqual({ value: null, sample: 1, reason: 'zero-denominator' });
    expect(followerGrowth(null, 10)).toEqual({ value: null, sample: 0, reason: 'not-provided' });
  });

  it('reads a metric the platform listed as not provided as missing, not as its placeholder 0', () => {
    // Act
    const read = availableMetrics({
      impressions: 0,
      likes: 3,
      comments: 0,
      shares: 1,
      clicks: 0,
      notProvided: ['impressions', 'clicks', 'reach', 'saves', 'videoViews'],
    });
    // Assess
    expect(read).toEqual(metrics({ likes: 3, comments: 0, shares: 1 }));
  });
});

const maybeCount = fc.option(fc.nat({ max: 1_000_000 }), { nil: null });
const arbitraryFact = fc.record({
  postId: fc.constantFrom('a', 'b', 'c'),
  channel: fc.constantFrom('x', 'bluesky', 'linkedin'),
  metrics: fc.record(
    Object.fromEntries(normalizedMetricNames.map((name) => [name, maybeCount])) as Record<
      keyof AvailableMetrics,
      typeof maybeCount
    >,
  ),
  conversions: fc.nat({ max: 1000 }),
  followersAtPostTime: maybeCount,
});

describe('KPI properties', () => {
  it('never yields NaN, infinity or a negative figure, whatever is missing or zero', () => {
    fc.assert(
      fc.property(fc.array(arbitraryFact, { maxLength: 20 }), (facts) => {
        // Act
        const figures = ratioKpis.map((kpi) => ratio(kpi, facts));
        // Assess
        for (const figure of figures) {
          if (figure.value === null)
            expect(['not-provided', 'zero-denominator', 'no-data']).toContain(figure.reason);
          else expect(Number.isFinite(figure.value) && figure.value >= 0).toBe(true);
          expect(figure.sample).toBeLessThanOrEqual(facts.length);
        }
      }),
    );
  });

  it('gives a total equal to the sum over its sample, and a sample of only the facts that provide it', () => {
    fc.assert(
      fc.property(fc.array(arbitraryFact, { maxLength: 20 }), (facts) => {
        // Act
        const reach = total('reach', facts);
        // Assess
        const given = facts.map((f) => f.metrics.reach).filter((v) => v !== null);
        expect(reach.sample).toBe(given.length);
        expect(reach.value).toBe(given.length ? given.reduce((a, b) => a + b, 0) : null);
      }),
    );
  });

  it('gives the same rates whatever the order of the facts', () => {
    fc.assert(
      fc.property(fc.array(arbitraryFact, { maxLength: 12 }), (facts) => {
        // Act
        const forward = summarize(facts);
        const backward = summarize([...facts].reverse());
        // Assess
        for (const kpi of ['clickThroughRate', 'conversionRate'] as const) {
          expect(backward[kpi].value ?? -1).toBeCloseTo(forward[kpi].value ?? -1, 12);
        }
      }),
    );
  });
});

describe('the KPI dictionary', () => {
  it('names a source or a reason for every metric of every platform', () => {
    // Assess
    for (const sources of Object.values(kpiDictionary)) {
      expect(Object.keys(sources).sort()).toEqual([...normalizedMetricNames].sort());
    }
  });

  it('is the table docs/kpis.md shows', () => {
    // Prepare: the formatter pads Markdown tables, so compare cell by cell
    const cells = (line: string) => line.split('|').map((cell) => cell.trim().replace(/^-+$/, '---'));
    const table = (text: string) =>
      text
        .split('\n')
        .filter((line) => line.startsWith('| '))
        .map(cells);
    // Act
    const doc = readFileSync(new URL('../../docs/kpis.md', import.meta.url), 'utf8');
    // Assess
    const expected = table(kpiDictionaryMarkdown());
    const documented = table(doc);
    const start = documented.findIndex((row) => row[1] === 'Platform');
    expect(documented.slice(start, start + expected.length)).toEqual(expected);
  });
});
