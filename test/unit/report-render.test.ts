import { describe, expect, it } from 'vitest';
import type { PostChannelRecord } from '../../functions/domain/analytics.js';
import { type AvailableMetrics, metricsOf } from '../../functions/domain/kpis.js';
import { type Period, parsePeriod } from '../../functions/domain/periods.js';
import { buildReport } from '../../functions/domain/report.js';
import { parseBrandProfile } from '../../functions/persistence/brands.js';
import { renderReport } from '../../functions/reports/render.js';
import { auroraTea } from '../support/brand-fixtures.js';

const brand = (language: 'en' | 'zh-CN') =>
  parseBrandProfile(
    auroraTea({
      brandId: 'aurora',
      timeZone: 'Asia/Shanghai',
      language,
      goals: [{ metric: 'clicks', target: 100, period: 'month' }],
    }),
  );

const record = (
  postId: string,
  channel: string,
  publishedAt: string,
  values: Partial<AvailableMetrics>,
  conversions = 0,
): PostChannelRecord => ({
  postId,
  channel,
  publishedAt,
  contentType: 'text',
  promotion: 'organic',
  campaign: 'winter',
  conversions,
  followersAtPostTime: null,
  metrics: metricsOf(values),
});

// Hand-computed for November 2026 in Shanghai: x has 2,000 impressions and 100 engagements
// (5.00%), 40 clicks (2.00%) and 4 conversions (10.00%); Bluesky adds 30 engagements, no
// impressions. The post of 31 October 23:00 Shanghai time is outside the month.
const records = [
  record('tea-1', 'x', '2026-11-02T01:00:00Z', { impressions: 1200, likes: 50, comments: 10, clicks: 25 }, 3),
  record('tea-2', 'x', '2026-11-09T01:00:00Z', { impressions: 800, likes: 30, shares: 10, clicks: 15 }, 1),
  record('tea-2', 'bluesky', '2026-11-09T01:00:00Z', { likes: 20, comments: 5, shares: 5 }),
  record('old', 'x', '2026-10-31T15:00:00Z', { impressions: 100, likes: 90, clicks: 90 }),
];
const november = parsePeriod('2026-11', 'Asia/Shanghai') as Period;
const now = Date.parse('2026-12-01T02:00:00Z');

describe('a report for a seeded brand', () => {
  it('shows the hand-computed KPIs, per channel, with the goal and its pace, in Markdown', () => {
    // Act
    const { body, contentType } = renderReport(buildReport(brand('en'), november, records, now), 'md');
    // Assess
    expect(contentType).toBe('text/markdown; charset=utf-8');
    expect(body).toContain('# Aurora Tea: analysis report 2026-11');
    expect(body).toContain('| Engagements | 130 | 3 |');
    expect(body).toContain('| Engagement rate (engagements / impressions) | 5.00% | 2 |');
    expect(body).toContain('| Click-through rate | 2.00% | 2 |');
    expect(body).toContain('| Conversion rate | 10.00% | 2 |');
    expect(body).toMatch(
      /\| bluesky \| 1 \| not available \(not provided\) \| not available \(not provided\) \| 30 \|/,
    );
    expect(body).toContain('| clicks (2026-11) | 40 | 100 | behind | 2 |');
    expect(body).toContain('x: too little data, 3 published posts; at least 10 are needed');
  });

  it('writes the same report in Simplified Chinese when the brand language says so', () => {
    // Act
    const { body } = renderReport(buildReport(brand('zh-CN'), november, records, now), 'md');
    // Assess
    expect(body).toContain('# Aurora Tea：分析报告 2026-11');
    expect(body).toContain('| 互动率 (互动数 / 曝光量) | 5.00% | 2 |');
    expect(body).toContain('| clicks (2026-11) | 40 | 100 | 落后 | 2 |');
    expect(body).toContain('数据不足');
  });

  it('gives a CSV of raw numbers, rates as fractions, with the sample and why a value is missing', () => {
    // Act
    const { body } = renderReport(buildReport(brand('en'), november, records, now), 'csv');
    const rows = body.trimEnd().split('\r\n');
    // Assess
    expect(rows[0]).toBe('brand,period,section,group,kpi,value,sample,note');
    expect(rows).toContain('aurora,2026-11,summary,all,engagement_rate,0.05,2,byImpressions');
    expect(rows).toContain('aurora,2026-11,channel,bluesky,impressions,,0,not-provided');
    expect(rows).toContain('aurora,2026-11,goal,clicks 2026-11,actual,40,2,behind');
  });

  it('draws the four charts inline in an HTML page that needs nothing from the network', () => {
    // Act
    const { body } = renderReport(buildReport(brand('en'), november, records, now), 'html');
    // Assess
    for (const chart of [
      'engagement-over-time',
      'per-channel',
      'goal-attainment',
      'best-time-x',
      'best-time-bluesky',
    ]) {
      expect(body).toContain(`data-chart="${chart}"`);
    }
    expect(body).not.toMatch(/<script|<link|src="http|url\(http/);
    expect(body).toContain('@media print');
  });
});

describe('the daily table of a report', () => {
  it('gives each day with posts its own row and folds each run of days without posts into one', () => {
    // Act
    const { body } = renderReport(buildReport(brand('en'), november, records, now), 'md');
    // Assess: posts on 2 and 9 November (Shanghai); the other 28 days fold into three rows.
    const daily = body
      .split('\n')
      .filter((line) => /^\| 2026-11-\d\d/.test(line))
      .map((line) => line.split('|')[1]?.trim());
    expect(daily).toEqual([
      '2026-11-01',
      '2026-11-02',
      '2026-11-03 – 2026-11-08',
      '2026-11-09',
      '2026-11-10 – 2026-11-30',
    ]);
    expect(body).toContain('| 2026-11-03 – 2026-11-08 | 0 | – | – | – | – | – | – | – | – |');
  });
});

describe('followers in a report', () => {
  // Hand-computed: x had 1,000 followers at tea-1, 1,100 at tea-2's latest round (+10.00%);
  // engagements 60 + 40 over followers 1,000 + 1,050 at post time = 4.88%; Bluesky gives no count.
  const withFollowers = [
    { ...(records[0] as PostChannelRecord), followersAtPostTime: 1000 },
    {
      ...(records[1] as PostChannelRecord),
      followersAtPostTime: 1050,
      followersLater: { at: '2026-11-10T01:00:00Z', followers: 1100 },
    },
    records[2] as PostChannelRecord,
  ];
  const report = (format: 'md' | 'csv' | 'html', variant = 'byFollowers' as const) =>
    renderReport(
      buildReport({ ...brand('en'), engagementRateVariant: variant }, november, withFollowers, now),
      format,
    ).body;

  it('shows follower growth per channel and the engagement rate by followers at post time in Markdown', () => {
    // Act
    const body = report('md');
    // Assess
    expect(body).toContain('## Follower growth');
    expect(body).toContain('| x | 10.00% | 3 |');
    expect(body).toContain('| bluesky | not available (not provided) | 0 |');
    expect(body).toContain('| Engagement rate (engagements / followers at post time) | 4.88% | 2 |');
  });

  it('gives follower growth as a fraction in the CSV and a section in the HTML', () => {
    // Act
    const csv = report('csv').trimEnd().split('\r\n');
    const html = report('html');
    // Assess
    expect(csv).toContain('aurora,2026-11,follower_growth,x,follower_growth,0.1,3,');
    expect(csv).toContain('aurora,2026-11,follower_growth,bluesky,follower_growth,,0,not-provided');
    expect(html).toContain('<section id="follower-growth"><h2>Follower growth</h2>');
  });
});
