import { availableParallelism, loadavg } from 'node:os';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../functions/aws/dynamodb.js';
import { awsClientConfig } from '../functions/aws/run-scope.js';
import type { PostRecord } from '../functions/domain/post.js';
import { putBrand } from '../functions/persistence/brands.js';
import { keys } from '../functions/persistence/keys.js';
import { partKey, splitByPart } from '../functions/persistence/post-items.js';
import { startLocalBrandflow } from '../local/runtime.js';
import { type AwsPrices, awsPrices } from './aws-prices.js';
import { meterConsumedCapacity } from './capacity-meter.js';

/** The report benchmark's brand: posts a month, each on three channels with six metric rounds. */
export const reportBenchShape = {
  posts: 10_000,
  channels: ['x', 'linkedin', 'bluesky'],
  rounds: 6,
  month: '2026-11',
};

/** What one report of the benchmark brand took locally, and what it would cost on AWS. */
export interface ReportBenchResult {
  posts: number;
  snapshots: number;
  seedSeconds: number;
  /** Wall time of the whole Generate Report use case: reads, model, three renders, three S3 puts, index, event. */
  reportSeconds: number;
  readRequestUnits: number;
  queries: number;
  htmlBytes: number;
  /** The machine's 1-minute load average as the report ended, and its cores: how shared the CPU was. */
  machine: { loadAverage: number; cores: number };
  cost: { lambda: number; dynamoDb: number; s3: number; eventBridge: number; total: number };
}

/** The Lambda memory the stack gives every function (infra/constructs/handler-function.ts). */
const LAMBDA_GB = 0.25;

/**
 * The cost of one report by the same list prices as the lifecycle model: Lambda time at the
 * measured duration, the read units DynamoDB reported, three S3 PUTs and one event.
 *
 * @example
 * ```ts
 * reportCost({ seconds: 12, readRequestUnits: 40_000 }, awsPrices).total; // dollars
 * ```
 */
export function reportCost(usage: { seconds: number; readRequestUnits: number }, prices: AwsPrices) {
  const lambda = prices.lambda.perRequest + usage.seconds * LAMBDA_GB * prices.lambda.perGbSecondArm;
  const dynamoDb = usage.readRequestUnits * prices.dynamoDb.perReadRequestUnit;
  const s3 = 3 * prices.s3.perPutRequest;
  const eventBridge = prices.eventBridge.perCustomEvent;
  return { lambda, dynamoDb, s3, eventBridge, total: lambda + dynamoDb + s3 + eventBridge };
}

/** Writes items 25 at a time, as BatchWriteItem takes them, retrying what DynamoDB leaves unprocessed. */
async function writeAll(tableName: string, items: Record<string, unknown>[], concurrency = 8): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  const worker = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      let requests = batch.map((Item) => ({ PutRequest: { Item } }));
      while (requests.length) {
        const out = await dynamo.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
        requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** The items of one published post as the handlers store them: its three post items and its snapshots. */
function postItems(
  brandId: string,
  index: number,
  monthStart: number,
  monthMs: number,
): Record<string, unknown>[] {
  const { channels, rounds } = reportBenchShape;
  const postId = `bench-${index}`;
  const publishedMs = monthStart + Math.floor((index / reportBenchShape.posts) * (monthMs - 7 * 86_400_000));
  const publishedAt = new Date(publishedMs).toISOString();
  const post: PostRecord = {
    postId,
    brandId,
    campaign: `campaign-${index % 12}`,
    authorId: 'author-1',
    contentType: (['text', 'image', 'video', 'link'] as const)[index % 4] ?? 'text',
    content: Object.fromEntries(channels.map((c) => [c, { text: `Post ${index} for the benchmark month.` }])),
    promotion: index % 5 ? { type: 'organic' } : { type: 'paid' },
    channels,
    scheduledAt: publishedAt,
    timeZone: 'Europe/Paris',
    status: 'completed',
    revision: 1,
    contentHash: 'b'.repeat(64),
    approvedContentHash: 'b'.repeat(64),
    executionName: `${postId}-r1`,
    executionRevision: 1,
    publishedAt,
    metricsRoundsPlanned: rounds,
    lastMetricsRound: rounds,
    createdAt: publishedAt,
    updatedAt: publishedAt,
  };
  const parts = splitByPart(post as unknown as Record<string, unknown>);
  const items: Record<string, unknown>[] = [
    { ...partKey(postId, 'head'), ...parts.head },
    { ...partKey(postId, 'content'), ...keys.calendar(brandId, publishedAt, postId), ...parts.content },
  ];
  for (const channel of channels) {
    for (let round = 1; round <= rounds; round += 1) {
      const impressions = 200 * round + (index % 97) * 7;
      const metrics = {
        impressions: channel === 'bluesky' ? 0 : impressions,
        likes: Math.floor(impressions * 0.04),
        comments: Math.floor(impressions * 0.006),
        shares: Math.floor(impressions * 0.01),
        clicks: channel === 'bluesky' ? 0 : Math.floor(impressions * 0.02),
        ...(channel === 'bluesky'
          ? { notProvided: ['impressions', 'reach', 'saves', 'clicks', 'videoViews'] }
          : {}),
        raw: { like_count: Math.floor(impressions * 0.04), impression_count: impressions },
      };
      const at = new Date(publishedMs + round * 12 * 3_600_000).toISOString();
      items.push({
        ...keys.metrics(postId, channel, round),
        postId,
        channel,
        round,
        at,
        collectedAt: at,
        externalId: `${channel}-${postId}`,
        metrics,
      });
    }
  }
  return items;
}

/**
 * Seeds a brand with {@link reportBenchShape} in a local Brandflow, then generates its
 * monthly report once through the real use case (DynamoDB Local, the local S3 server, the
 * twin's bus), metering the read units DynamoDB reports.
 *
 * @example
 * ```ts
 * const result = await measureReport((m) => console.error(m));
 * ```
 */
export async function measureReport(log: (message: string) => void): Promise<ReportBenchResult> {
  const runtime = await startLocalBrandflow({ tableName: 'brandflow-report-bench' });
  try {
    const brandId = 'bench-brand';
    const tableName = runtime.env.TABLE_NAME as string;
    await runtime.scope.run(() =>
      putBrand({
        brandId,
        name: 'Bench Tea',
        timeZone: 'Europe/Paris',
        channels: reportBenchShape.channels.map((id) => ({
          id,
          adapter: 'sandbox' as const,
          maxLength: 280,
        })),
        goals: [
          { metric: 'engagement_rate', target: 0.05, period: 'month' },
          { metric: 'clicks', target: 2_000_000, period: 'month' },
        ],
      }),
    );
    const monthStart = Date.parse('2026-10-31T23:00:00Z');
    const monthMs = Date.parse('2026-11-30T23:00:00Z') - monthStart;
    log(
      `seeding ${reportBenchShape.posts} posts x ${reportBenchShape.channels.length} channels x ${reportBenchShape.rounds} rounds`,
    );
    const seedStarted = performance.now();
    for (let i = 0; i < reportBenchShape.posts; i += 500) {
      const items: Record<string, unknown>[] = [];
      for (let j = i; j < Math.min(i + 500, reportBenchShape.posts); j += 1)
        items.push(...postItems(brandId, j, monthStart, monthMs));
      await runtime.scope.run(() => writeAll(tableName, items));
    }
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    log(`seeded in ${seedSeconds.toFixed(1)} s; generating the report`);
    const { generateReport } = await import('../functions/reports/generate.js');
    const meter = runtime.scope.run(() =>
      meterConsumedCapacity(dynamo.current(), awsClientConfig('DYNAMODB')),
    );
    const started = performance.now();
    const { model } = await runtime.scope.run(() =>
      generateReport({
        brandId,
        period: reportBenchShape.month,
        trigger: 'command',
        now: Date.parse('2026-12-01T06:00:00Z'),
      }),
    );
    const reportSeconds = (performance.now() - started) / 1000;
    const machine = { loadAverage: loadavg()[0] ?? 0, cores: availableParallelism() };
    const usage = meter.snapshot();
    const { renderReport } = await import('../functions/reports/render.js');
    return {
      posts: model.totals.posts,
      snapshots: model.totals.sample * reportBenchShape.rounds,
      seedSeconds,
      reportSeconds,
      readRequestUnits: usage.readUnits,
      queries: usage.byOperation.QueryCommand?.calls ?? 0,
      htmlBytes: Buffer.byteLength(renderReport(model, 'html').body),
      machine,
      cost: reportCost({ seconds: reportSeconds, readRequestUnits: usage.readUnits }, awsPrices),
    };
  } finally {
    await runtime.stop();
  }
}

/** Where the page's first separately measured section begins (the report's, then media and policy). */
export const SECTION_START = '<!-- report-benchmark -->';
const SECTION_END = '<!-- /report-benchmark -->';

/**
 * The report benchmark as a section of docs/benchmarks.md, between markers so that a
 * `--report-only` run replaces just this part.
 *
 * @example
 * ```ts
 * const doc = withReportSection(existing, reportSection(result));
 * ```
 */
export function reportSection(r: ReportBenchResult): string {
  const money = (dollars: number) => `$${dollars.toFixed(5)}`;
  return `${SECTION_START}
## A monthly report of a large brand

\`npm run bench -- --report-only\` seeds one brand with ${r.posts.toLocaleString('en-US')} published posts in a
month, each on ${reportBenchShape.channels.length} channels with ${reportBenchShape.rounds} metric rounds
(${r.snapshots.toLocaleString('en-US')} snapshots), in DynamoDB Local, then runs the Generate Report use case once
(functions/reports/generate.ts): the calendar-index query, the BatchGetItem reads of each post's latest snapshots and conversion counts, the period's feedback and spike alerts (two Queries; the seeded brand has none), the model, the three renders, the
three S3 puts to the local S3 server, the index item and the event. Seeding is not counted.

| Measure | Value | Target |
| --- | --: | --: |
| Report built and stored, wall time | ${r.reportSeconds.toFixed(1)} s | under 30 s |
| DynamoDB read request units (reported by DynamoDB Local) | ${Math.round(r.readRequestUnits).toLocaleString('en-US')} | |
| Queries (the rest are BatchGetItem) | ${r.queries.toLocaleString('en-US')} | no Scan |
| HTML report size | ${(r.htmlBytes / 1024).toFixed(0)} KB | |
| Cost on AWS: Lambda (256 MB Arm at the measured time) | ${money(r.cost.lambda)} | |
| Cost on AWS: DynamoDB reads | ${money(r.cost.dynamoDb)} | |
| Cost on AWS: S3 PUTs and the event | ${money(r.cost.s3 + r.cost.eventBridge)} | |
| **Cost on AWS per report** | **${money(r.cost.total)}** | under $0.05 |

Measured on a ${r.machine.cores}-core machine shared with other work: its 1-minute load average
was ${r.machine.loadAverage.toFixed(1)} as the report ended (above ${r.machine.cores}, processes were waiting for a core), so the
wall time is that of a crowded CPU; DynamoDB Local and the report share it. The Lambda figure
takes the local wall time as the billed duration; on AWS the batched reads wait on the network
instead of DynamoDB Local's CPU, so the time (and this figure) may differ either way. Prices:
bench/aws-prices.ts. Storage of the report (${(r.htmlBytes / 1024).toFixed(0)} KB of HTML plus Markdown and
CSV) costs a fraction of a cent a month.
${SECTION_END}
`;
}

/** `doc` with its report section replaced by `section`, or `section` appended when it has none. */
export function withReportSection(doc: string, section: string): string {
  return withMarkedSection(doc, section, SECTION_START, SECTION_END);
}

/**
 * `doc` with the part between the `start` and `end` markers (included) replaced by `section`,
 * or `section` appended when it has none: how a bench run alone rewrites its own section.
 *
 * @example
 * ```ts
 * withMarkedSection(page, '<!-- a -->new<!-- /a -->', '<!-- a -->', '<!-- /a -->');
 * ```
 */
export function withMarkedSection(doc: string, section: string, start: string, end: string): string {
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from === -1 || to === -1) return `${doc.trimEnd()}\n\n${section}`;
  return `${doc.slice(0, from)}${section.trimEnd()}${doc.slice(to + end.length)}`;
}
