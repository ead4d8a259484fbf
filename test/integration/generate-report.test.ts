import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPublishedPosts } from '../support/report-seed.js';
import { type Harness, startHarness } from '../support/twin-harness.js';

let harness: Harness;
/** The stack's reports bucket, as the twin names it. */
let bucket: string;
let client: S3Client;
let generate: (detail: unknown) => Promise<unknown>;
let getReportIndex: (brandId: string, period: string) => Promise<unknown>;

const metrics = (impressions: number, likes: number, clicks: number) => ({
  impressions,
  likes,
  comments: 0,
  shares: 0,
  clicks,
});

beforeAll(async () => {
  harness = await startHarness();
  bucket = harness.twin.env.REPORTS_BUCKET_NAME ?? '';
  // The twin's S3, read as the admin: the functions' own requests are checked against their roles.
  client = new S3Client({ endpoint: harness.twin.env.AWS_ENDPOINT_URL_S3, forcePathStyle: true });
  // Each call runs GenerateReport in the twin as its role and ends once its events are on the bus.
  generate = harness.handler('generate-report', 'Generate Report');
  ({ getReportIndex } = await import('../../functions/persistence/reports.js'));
  // November 2026 in Shanghai: two posts; round 2 is the latest and the one counted.
  await seedPublishedPosts(
    {
      brandId: 'report-tea',
      name: 'Report Tea',
      timeZone: 'Asia/Shanghai',
      language: 'en',
      channels: [{ id: 'x', adapter: 'sandbox', maxLength: 280 }],
      goals: [{ metric: 'impressions', target: 4000, period: 'month' }],
    },
    [
      {
        postId: 'rt-1',
        publishedAt: '2026-11-03T01:00:00.000Z',
        campaign: 'winter',
        rounds: { x: [metrics(100, 5, 1), metrics(1000, 50, 20)] },
        conversions: { channel: 'x', count: 2 },
      },
      {
        postId: 'rt-2',
        publishedAt: '2026-11-10T01:00:00.000Z',
        rounds: { x: [metrics(500, 10, 5), metrics(1000, 30, 20)] },
      },
      {
        // 31 October in Shanghai: outside the month.
        postId: 'rt-0',
        publishedAt: '2026-10-31T15:00:00.000Z',
        rounds: { x: [metrics(9000, 900, 900)] },
      },
    ],
  );
  // A redelivered conversion counts once: the rate below stays 2 conversions / 40 clicks.
  const { putConversion } = await import('../../functions/persistence/conversions.js');
  await putConversion({
    conversionId: 'rt-1-c0',
    postId: 'rt-1',
    channel: 'x',
    kind: 'purchase',
    occurredAt: '2026-11-03T01:00:00.000Z',
    recordedAt: '2026-11-03T02:00:00.000Z',
  });
});
afterAll(async () => {
  client?.destroy();
  await harness?.aws.close();
});

const read = async (key: string) =>
  (await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body?.transformToString();
/** Whether any format of a brand's report for a period is stored. */
const anyStored = async (brandId: string, period: string) => {
  for (const format of ['html', 'md', 'csv']) {
    const key = `reports/${brandId}/${period}/report.${format}`;
    const found = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
      () => true,
      (error: { name?: string }) => (error.name === 'NotFound' ? false : Promise.reject(error)),
    );
    if (found) return true;
  }
  return false;
};

describe('Generate Report', () => {
  it("stores the brand's month in three formats from each post's latest round, indexes it and says where", async () => {
    // Act
    const result = await generate({ brandId: 'report-tea', period: '2026-11', requestedBy: { id: 'u-1' } });
    // Assess
    expect(result).toEqual({
      status: 'generated',
      brandId: 'report-tea',
      period: '2026-11',
      objects: {
        html: 'reports/report-tea/2026-11/report.html',
        md: 'reports/report-tea/2026-11/report.md',
        csv: 'reports/report-tea/2026-11/report.csv',
      },
    });
    const markdown = await read('reports/report-tea/2026-11/report.md');
    expect(markdown).toContain('| Impressions | 2,000 | 2 |');
    expect(markdown).toContain('| Engagement rate (engagements / impressions) | 4.00% | 2 |');
    expect(markdown).toContain('| Conversion rate | 5.00% | 2 |');
    expect(markdown).toContain('| impressions (2026-11) | 2,000 | 4,000 | behind | 2 |');
    expect(await read('reports/report-tea/2026-11/report.html')).toContain(
      'data-chart="engagement-over-time"',
    );
    expect(await read('reports/report-tea/2026-11/report.csv')).toContain(
      'report-tea,2026-11,summary,all,impressions,2000,2,',
    );
    expect(await getReportIndex('report-tea', '2026-11')).toMatchObject({
      kind: 'month',
      timeZone: 'Asia/Shanghai',
      bucket,
      posts: 2,
      trigger: 'event',
    });
    expect(harness.aws.events('Report Ready').map((e) => e.detail)).toEqual([
      expect.objectContaining({
        brandId: 'report-tea',
        period: '2026-11',
        bucket,
        objects: expect.any(Object),
      }),
    ]);
  });

  it.each([
    ['an unknown brand', { brandId: 'no-such-brand', period: '2026-11' }, 'brandId', 'known-brand'],
    ['a period in the future', { brandId: 'report-tea', period: '2099-01' }, 'period', 'not-in-future'],
    ['a malformed period', { brandId: 'report-tea', period: 'november' }, 'period', 'format'],
    ['a month that does not exist', { brandId: 'report-tea', period: '2026-13' }, 'period', 'format'],
  ])('refuses %s naming the field and the rule, and writes nothing', async (_, detail, field, rule) => {
    // Prepare
    harness.aws.clear();
    // Act
    const result = await generate({ ...detail, requestedBy: { id: 'u-1' } });
    // Assess
    expect(result).toMatchObject({ status: 'rejected', errors: [expect.objectContaining({ field, rule })] });
    expect(await anyStored(detail.brandId, detail.period)).toBe(false);
    expect(await getReportIndex(detail.brandId, detail.period)).toBeUndefined();
    expect(harness.aws.events('Report Ready')).toEqual([]);
    expect(harness.aws.events('Inbound Event Rejected')).toHaveLength(1);
  });
});
