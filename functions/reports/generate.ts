import { putReportObject, reportsBucket } from '../aws/s3.js';
import { problem } from '../contract/problems.js';
import { InvalidInputError } from '../domain/errors.js';
import { OutboundEvent } from '../domain/events.js';
import { type Period, parsePeriod } from '../domain/periods.js';
import {
  buildReport,
  type ReportFormat,
  type ReportModel,
  reportFormats,
  reportReadRange,
} from '../domain/report.js';
import { scheduledReportPeriod } from '../domain/report-schedules.js';
import type { ScheduledReportDetail } from '../middleware/schemas.js';
import { listPublishedRecords } from '../persistence/analytics.js';
import { putBestTimes } from '../persistence/best-times.js';
import { getBrand } from '../persistence/brands.js';
import { listFeedbackSpikes, listFeedbackWritten } from '../persistence/feedback.js';
import { emit } from '../persistence/outbox.js';
import { putReportIndex, type ReportIndexItem } from '../persistence/reports.js';
import { renderReport } from './render.js';

/** What to report on. */
export interface ReportRequest {
  brandId: string;
  /** `2026-W48` or `2026-11`. */
  period: string;
  trigger: ReportIndexItem['trigger'];
  /** Epoch milliseconds; the clock by default. */
  now?: number;
}

/** A stored report: its index item and the model it was rendered from. */
export interface GeneratedReport {
  index: ReportIndexItem;
  model: ReportModel;
}

/**
 * Checks a period label for a brand's time zone: an ISO week or a month that has started.
 * Throws {@link InvalidInputError} naming `period` and the rule.
 *
 * @example
 * ```ts
 * reportPeriod('2026-W48', 'Europe/Paris', Date.now()).kind; // 'week'
 * ```
 */
export function reportPeriod(label: string, timeZone: string, now: number): Period {
  const parsed = parsePeriod(label, timeZone);
  if ('problem' in parsed) {
    throw new InvalidInputError([problem('period', 'format', parsed.problem)]);
  }
  if (parsed.kind !== 'week' && parsed.kind !== 'month') {
    throw new InvalidInputError([
      problem('period', 'one-of', 'a report covers an ISO week (2026-W48) or a month (2026-11)'),
    ]);
  }
  if (parsed.start > now) {
    throw new InvalidInputError([
      problem('period', 'not-in-future', `${label} has not started yet in ${timeZone}`),
    ]);
  }
  return parsed;
}

/** The object key of a report format: one folder per brand and period. */
export const reportObjectKey = (brandId: string, period: string, format: ReportFormat) =>
  `reports/${brandId}/${period}/report.${format}`;

/**
 * A brand's report for a period, computed from its published posts' latest snapshots and
 * the feedback written in the period, and nothing written. Throws {@link InvalidInputError} for an unknown brand or a bad period.
 *
 * @example
 * ```ts
 * const model = await composeReport('acme', '2026-W48', Date.now());
 * ```
 */
export async function composeReport(brandId: string, periodLabel: string, now: number): Promise<ReportModel> {
  const brand = await getBrand(brandId);
  if (!brand) {
    throw new InvalidInputError([problem('brandId', 'known-brand', 'no brand has this id')]);
  }
  const period = reportPeriod(periodLabel, brand.timeZone, now);
  const range = reportReadRange(brand, period);
  const until = Math.min(period.end, now);
  const utcHour = (ms: number) => new Date(ms).toISOString().slice(0, 13);
  const [records, feedback, spikes] = await Promise.all([
    listPublishedRecords(brand.brandId, range.start, Math.min(range.end, now)),
    // Feedback is read for the period alone: one index Query and one key-range Query.
    listFeedbackWritten(brand.brandId, period.start, until),
    listFeedbackSpikes(brand.brandId, utcHour(period.start), utcHour(until - 1)),
  ]);
  return buildReport(brand, period, records, now, { records: feedback, spikes });
}

/**
 * Builds a brand's report for a period (see {@link composeReport}), stores
 * it in every format in the reports bucket, records the index item and the brand's best
 * times, and emits `Report Ready`. Checks everything before writing anything: an unknown
 * brand or a bad period throws {@link InvalidInputError} and writes nothing. Generating the
 * same period again replaces the report with fresh figures (the bucket keeps old versions).
 *
 * @example
 * ```ts
 * const { index } = await generateReport({ brandId: 'acme', period: '2026-11', trigger: 'command' });
 * console.log(index.objects.html);
 * ```
 */
export async function generateReport(request: ReportRequest): Promise<GeneratedReport> {
  const now = request.now ?? Date.now();
  const model = await composeReport(request.brandId, request.period, now);
  const { brandId, period } = model;
  const objects = {} as Record<ReportFormat, string>;
  for (const format of reportFormats) {
    const { body, contentType } = renderReport(model, format);
    objects[format] = reportObjectKey(brandId, period.label, format);
    await putReportObject(objects[format], body, contentType);
  }
  const index: ReportIndexItem = {
    brandId,
    period: period.label,
    kind: period.kind,
    timeZone: model.timeZone,
    language: model.language,
    bucket: reportsBucket(),
    objects,
    generatedAt: model.generatedAt,
    sample: model.totals.sample,
    posts: model.totals.posts,
    trigger: request.trigger,
  };
  await putReportIndex(index);
  await putBestTimes(brandId, model.bestTimes, model.generatedAt);
  // An outbox item of its own: the index item is replaced when a period is generated again, and
  // the stream forwards new items only. A retried delivery writes it once (functions/persistence/outbox.ts).
  await emit({
    type: OutboundEvent.ReportReady,
    detail: {
      postId: '',
      revision: 0,
      brandId,
      occurredAt: new Date(now).toISOString(),
      period: period.label,
      bucket: index.bucket,
      objects,
      generatedAt: index.generatedAt,
    },
  });
  return { index, model };
}

/**
 * Makes the report a schedule fired for: the week or month before the firing's scheduled time
 * in the brand's time zone. Throws InvalidInputError for a brand that no longer exists.
 *
 * @example
 * ```ts
 * await generateScheduledReport({ brandId: 'acme', cadence: 'week', scheduledAt: '2026-11-30T05:00:00Z' });
 * ```
 */
export async function generateScheduledReport(detail: ScheduledReportDetail): Promise<GeneratedReport> {
  const brand = await getBrand(detail.brandId);
  const timeZone = brand?.timeZone ?? 'UTC';
  return generateReport({
    brandId: detail.brandId,
    period: scheduledReportPeriod(Date.parse(detail.scheduledAt), detail.cadence, timeZone),
    trigger: 'schedule',
  });
}
