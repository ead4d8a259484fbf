import { reportFormatNames } from '../contract/inbound.js';
import {
  type BestTime,
  bestTimes,
  breakdown,
  followerGrowthByChannel,
  type GoalAttainment,
  goalAttainment,
  inPeriod,
  overTime,
  type PostChannelRecord,
  type RankedPost,
  topAndBottom,
} from './analytics.js';
import type { BrandProfile, ReportLanguage } from './brand.js';
import {
  type FeedbackFacts,
  type FeedbackSpikeFacts,
  type FeedbackSummary,
  summarizeFeedback,
} from './feedback-report.js';
import { type EngagementRateVariant, type Figure, type KpiSummary, summarize } from './kpis.js';
import { daysOf, type Period, periodAt } from './periods.js';

/** The formats a report is rendered in. */
export const reportFormats = reportFormatNames;
export type ReportFormat = (typeof reportFormats)[number];

/** How far back the best-time analysis looks from the end of the report period. */
export const bestTimeHistoryDays = 90;

/** Everything a report shows, computed once and rendered in any format. */
export interface ReportModel {
  brandId: string;
  brandName: string;
  language: ReportLanguage;
  timeZone: string;
  engagementRateVariant: EngagementRateVariant;
  period: Period;
  /** RFC 3339 UTC. */
  generatedAt: string;
  totals: KpiSummary;
  byChannel: { key: string; summary: KpiSummary }[];
  /** Per channel: first against last follower count read in the period (docs/kpis.md). */
  followerGrowth: { key: string; growth: Figure }[];
  byCampaign: { key: string; summary: KpiSummary }[];
  byContentType: { key: string; summary: KpiSummary }[];
  byPromotion: { key: string; summary: KpiSummary }[];
  /** One entry per day of the period, in the brand's time zone. */
  daily: { label: string; summary: KpiSummary }[];
  goals: GoalAttainment[];
  bestTimes: BestTime[];
  top: RankedPost[];
  bottom: RankedPost[];
  /** Feedback written in the period: volume by category, first-response times, SLA breaches, spikes. */
  feedback: FeedbackSummary;
}

/** The feedback a report reads for its period: records written in it and the hours it raised spike alerts. */
export interface FeedbackActivity {
  records: readonly FeedbackFacts[];
  spikes: readonly FeedbackSpikeFacts[];
}

/**
 * The UTC range of records a report needs: its period, every goal's period around it and
 * the best-time history before its end.
 *
 * @example
 * ```ts
 * const { start, end } = reportReadRange(brand, november);
 * ```
 */
export function reportReadRange(brand: BrandProfile, period: Period): { start: number; end: number } {
  const goalStarts = (brand.goals ?? []).map(
    (goal) => periodAt(period.start, goal.period, period.timeZone).start,
  );
  const goalEnds = (brand.goals ?? []).map(
    (goal) => periodAt(period.start, goal.period, period.timeZone).end,
  );
  return {
    start: Math.min(period.start, period.end - bestTimeHistoryDays * 86_400_000, ...goalStarts),
    end: Math.max(period.end, ...goalEnds),
  };
}

/**
 * A brand's report for a period from the records of {@link reportReadRange} and the
 * period's feedback. Goals are measured over their own period holding the report's start,
 * paced at `now` (or the end of that period, if earlier); SLA breaches are counted as of `now`.
 *
 * @example
 * ```ts
 * const model = buildReport(brand, november, records, Date.now(), { records: feedback, spikes });
 * ```
 */
export function buildReport(
  brand: BrandProfile,
  period: Period,
  records: readonly PostChannelRecord[],
  now: number,
  feedback: FeedbackActivity = { records: [], spikes: [] },
): ReportModel {
  const variant = brand.engagementRateVariant;
  const within = records.filter((record) => inPeriod(record, period));
  const history = records.filter((record) => {
    const at = Date.parse(record.publishedAt);
    return at < period.end && at >= period.end - bestTimeHistoryDays * 86_400_000;
  });
  const ranked = topAndBottom(within, variant, 5);
  return {
    brandId: brand.brandId,
    brandName: brand.name,
    language: brand.language,
    timeZone: period.timeZone,
    engagementRateVariant: variant,
    period,
    generatedAt: new Date(now).toISOString(),
    totals: summarize(within),
    byChannel: breakdown(within, 'channel'),
    followerGrowth: Object.entries(followerGrowthByChannel(within, period))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, growth]) => ({ key, growth })),
    byCampaign: breakdown(within, 'campaign'),
    byContentType: breakdown(within, 'contentType'),
    byPromotion: breakdown(within, 'promotion'),
    daily: overTime(within, daysOf(period)).map(({ period: day, summary }) => ({
      label: day.label,
      summary,
    })),
    goals: (brand.goals ?? []).map((goal) => {
      const goalPeriod = periodAt(period.start, goal.period, period.timeZone);
      return goalAttainment(goal, records, goalPeriod, Math.min(now, goalPeriod.end), variant);
    }),
    bestTimes: bestTimes(history, period.timeZone, variant),
    top: ranked.top,
    bottom: ranked.bottom,
    feedback: summarizeFeedback(feedback.records, feedback.spikes, period, now),
  };
}
