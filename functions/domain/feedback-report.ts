import { type FeedbackCategory, feedbackCategories } from './feedback.js';
import type { Figure } from './kpis.js';
import type { Period } from './periods.js';
import { percentile } from './statistics.js';

/*
 * Feedback in the analysis reports: volume by category, measured first-response times, SLA
 * breaches and spike alerts of a period. Plain aggregation over what the records hold.
 */

/** What a report reads of a feedback record (functions/persistence/feedback.ts keeps more). */
export interface FeedbackFacts {
  category: FeedbackCategory;
  /** RFC 3339 UTC: when the person wrote it; the period it belongs to. */
  createdAt: string;
  /** When a first response was due (business hours); absent for a category without an SLA. */
  dueAt?: string;
  /** When the brand's first reply was published. */
  firstResponseAt?: string;
  /** Seconds from `createdAt` to `firstResponseAt`, as the reply recorded them. */
  responseSeconds?: number;
  /** When `Feedback Escalated` was sent because `dueAt` passed unanswered. */
  escalatedAt?: string;
}

/** One hour that raised `Feedback Spike Detected`, with the figures the alert carried. */
export interface FeedbackSpikeFacts {
  /** RFC 3339 UTC start of the hour: `2026-11-03T14:00:00Z`. */
  hour: string;
  /** Complaints and crisis-risk items written in that hour. */
  urgentInHour: number;
  /** Their hourly average over the 168 hours before. */
  baselinePerHour: number;
}

/** The feedback figures of one category, or of all of them. */
export interface FeedbackGroup {
  /** Items written in the period. */
  items: number;
  /** Of them, those with a first response. */
  responded: number;
  /** First-response time in seconds, nearest rank; the sample is the responded items. */
  firstResponseP50: Figure;
  firstResponseP90: Figure;
  /** Items with a due time (their category has an SLA). */
  withSla: number;
  /** Answered after `dueAt`, unanswered once it passed, or escalated. */
  breaches: number;
  /** Of the breaches, those still unanswered at generation time. */
  unanswered: number;
  /** Items `Feedback Escalated` was sent for. */
  escalated: number;
}

/** Everything a report shows about feedback. */
export interface FeedbackSummary {
  all: FeedbackGroup;
  /** Every category, in the triage order (functions/domain/feedback.ts), zeros included. */
  byCategory: { category: FeedbackCategory; group: FeedbackGroup }[];
  /** The period's spike alerts, oldest first. */
  spikes: FeedbackSpikeFacts[];
}

/**
 * The measured first-response time of an item in seconds: what the reply recorded, or the
 * time between writing and the first response when only that is known.
 */
function responseSecondsOf(item: FeedbackFacts): number | undefined {
  if (item.responseSeconds !== undefined) return item.responseSeconds;
  if (item.firstResponseAt === undefined) return undefined;
  return Math.max(0, (Date.parse(item.firstResponseAt) - Date.parse(item.createdAt)) / 1000);
}

/**
 * Whether an item missed its response target as of `now`: answered after `dueAt`, not
 * answered while `dueAt` has passed, or escalated.
 *
 * @example
 * ```ts
 * isSlaBreach({ category: 'complaint', createdAt, dueAt: '2026-11-03T12:00:00Z' }, Date.parse('2026-11-04T00:00:00Z')); // true
 * ```
 */
export function isSlaBreach(item: FeedbackFacts, now: number): boolean {
  if (item.escalatedAt !== undefined) return true;
  if (item.dueAt === undefined) return false;
  const due = Date.parse(item.dueAt);
  return item.firstResponseAt === undefined ? due <= now : Date.parse(item.firstResponseAt) > due;
}

const secondsFigure = (values: readonly number[], p: number): Figure =>
  values.length === 0
    ? { value: null, sample: 0, reason: 'no-data' }
    : { value: percentile(values, p), sample: values.length };

function groupOf(items: readonly FeedbackFacts[], now: number): FeedbackGroup {
  const seconds = items.flatMap((item) => {
    const value = responseSecondsOf(item);
    return value === undefined ? [] : [value];
  });
  const breaches = items.filter((item) => isSlaBreach(item, now));
  return {
    items: items.length,
    responded: seconds.length,
    firstResponseP50: secondsFigure(seconds, 50),
    firstResponseP90: secondsFigure(seconds, 90),
    withSla: items.filter((item) => item.dueAt !== undefined).length,
    breaches: breaches.length,
    unanswered: breaches.filter((item) => item.firstResponseAt === undefined).length,
    escalated: items.filter((item) => item.escalatedAt !== undefined).length,
  };
}

const inPeriod = (iso: string, period: Period) => {
  const at = Date.parse(iso);
  return at >= period.start && at < period.end;
};

/**
 * The feedback figures of a period: items written in it by category, their first-response
 * times (p50, p90), SLA breaches as of `now` and the spike alerts raised in it. Records and
 * spikes outside the period are left out, so a caller may pass a wider read.
 *
 * @example
 * ```ts
 * const { all } = summarizeFeedback(records, spikes, november, Date.now());
 * all.firstResponseP90; // { value: 5400, sample: 12 }
 * ```
 */
export function summarizeFeedback(
  records: readonly FeedbackFacts[],
  spikes: readonly FeedbackSpikeFacts[],
  period: Period,
  now: number,
): FeedbackSummary {
  const within = records.filter((record) => inPeriod(record.createdAt, period));
  return {
    all: groupOf(within, now),
    byCategory: feedbackCategories.map((category) => ({
      category,
      group: groupOf(
        within.filter((record) => record.category === category),
        now,
      ),
    })),
    spikes: spikes
      .filter((spike) => inPeriod(spike.hour, period))
      .sort((a, b) => a.hour.localeCompare(b.hour)),
  };
}
