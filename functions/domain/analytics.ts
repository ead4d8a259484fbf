import type { Goal } from './brand.js';
import {
  type EngagementRateVariant,
  type Figure,
  followerGrowth,
  type KpiSummary,
  type PostChannelFacts,
  ratio,
  summarize,
  total,
} from './kpis.js';
import { type Period, zonedParts } from './periods.js';
import { toUtc } from './time.js';

/** One published post on one channel, with what reports group it by. */
export interface PostChannelRecord extends PostChannelFacts {
  /** RFC 3339 UTC: when the channel published it. */
  publishedAt: string;
  campaign?: string;
  contentType: string;
  promotion: 'organic' | 'paid' | 'partner';
  /** The followers the latest metrics round read, and when (RFC 3339 UTC). */
  followersLater?: { at: string; followers: number };
}

/** The first and last follower count of each channel read in a period, and how many were read. */
function followerEnds(records: readonly PostChannelRecord[], period: Period) {
  const counts = new Map<string, { at: number; followers: number }[]>();
  const add = (channel: string, at: string, followers: number | null) => {
    const time = Date.parse(at);
    if (followers === null || !(time >= period.start && time < period.end)) return;
    counts.set(channel, [...(counts.get(channel) ?? []), { at: time, followers }]);
  };
  for (const record of records) {
    add(record.channel, record.publishedAt, record.followersAtPostTime);
    if (record.followersLater) add(record.channel, record.followersLater.at, record.followersLater.followers);
  }
  const ends = new Map<string, { first: number; last: number; sample: number } | { sample: number }>();
  for (const channel of new Set(records.map((r) => r.channel))) {
    const series = (counts.get(channel) ?? []).sort((a, b) => a.at - b.at);
    const first = series[0];
    const last = series[series.length - 1];
    ends.set(
      channel,
      first && last && last.at > first.at
        ? { first: first.followers, last: last.followers, sample: series.length }
        : { sample: series.length },
    );
  }
  return ends;
}

/**
 * Follower growth per channel over a period: the first follower count read in the period
 * against the last (at post time and at each post's latest metrics round). A channel with
 * fewer than two counts at different times has no growth to show: not available.
 *
 * @example
 * ```ts
 * followerGrowthByChannel(records, november); // { mastodon: { value: 0.05, sample: 2 }, x: { value: null, ... } }
 * ```
 */
export function followerGrowthByChannel(
  records: readonly PostChannelRecord[],
  period: Period,
): Record<string, Figure> {
  const result: Record<string, Figure> = {};
  for (const [channel, end] of followerEnds(records, period)) {
    result[channel] =
      'first' in end
        ? { ...followerGrowth(end.first, end.last), sample: end.sample }
        : { value: null, sample: end.sample, reason: 'not-provided' };
  }
  return result;
}

/** Follower growth of every channel together: summed first counts against summed last counts. */
function totalFollowerGrowth(records: readonly PostChannelRecord[], period: Period): Figure {
  let first = 0;
  let last = 0;
  let sample = 0;
  for (const end of followerEnds(records, period).values()) {
    if (!('first' in end)) continue;
    first += end.first;
    last += end.last;
    sample += end.sample;
  }
  if (sample === 0) return followerGrowth(null, null);
  return { ...followerGrowth(first, last), sample };
}

/** What content insights group by. */
export const breakdownDimensions = ['channel', 'campaign', 'contentType', 'promotion'] as const;
export type BreakdownDimension = (typeof breakdownDimensions)[number];

/** The value a record shows under a dimension; posts without a campaign group under `(none)`. */
const keyOf = (record: PostChannelRecord, by: BreakdownDimension): string => record[by] ?? '(none)';

/**
 * The KPIs per value of a dimension, sorted by key.
 *
 * @example
 * ```ts
 * breakdown(records, 'channel'); // [{ key: 'bluesky', summary }, { key: 'x', summary }]
 * ```
 */
export function breakdown(
  records: readonly PostChannelRecord[],
  by: BreakdownDimension,
): { key: string; summary: KpiSummary }[] {
  const groups = new Map<string, PostChannelRecord[]>();
  for (const record of records) {
    const key = keyOf(record, by);
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, group]) => ({ key, summary: summarize(group) }));
}

/**
 * The KPIs of each period (e.g. each day of a month), from the records published in it.
 *
 * @example
 * ```ts
 * overTime(records, daysOf(month)).map((d) => d.summary.engagementRate.byImpressions.value);
 * ```
 */
export function overTime(
  records: readonly PostChannelRecord[],
  periods: readonly Period[],
): { period: Period; summary: KpiSummary }[] {
  return periods.map((period) => ({
    period,
    summary: summarize(records.filter((r) => inPeriod(r, period))),
  }));
}

/** Whether a record was published within a period. */
export function inPeriod(record: PostChannelRecord, period: Period): boolean {
  const at = Date.parse(record.publishedAt);
  return at >= period.start && at < period.end;
}

/** One post's KPIs across its channels. */
export interface RankedPost {
  postId: string;
  channels: string[];
  campaign?: string;
  engagementRate: Figure;
  engagements: Figure;
}

/**
 * The posts with the highest and lowest engagement rate (the brand's variant), `count` each;
 * posts whose rate is not available are left out of the ranking.
 *
 * @example
 * ```ts
 * const { top, bottom } = topAndBottom(records, 'byImpressions', 5);
 * ```
 */
export function topAndBottom(
  records: readonly PostChannelRecord[],
  variant: EngagementRateVariant,
  count: number,
): { top: RankedPost[]; bottom: RankedPost[] } {
  const byPost = new Map<string, PostChannelRecord[]>();
  for (const record of records) byPost.set(record.postId, [...(byPost.get(record.postId) ?? []), record]);
  const ranked = [...byPost.entries()]
    .map(
      ([postId, group]): RankedPost => ({
        postId,
        channels: group.map((r) => r.channel),
        ...(group[0]?.campaign ? { campaign: group[0].campaign } : {}),
        engagementRate: ratio(variant, group),
        engagements: total('engagements', group),
      }),
    )
    .filter((post) => post.engagementRate.value !== null)
    .sort(
      (a, b) =>
        (b.engagementRate.value ?? 0) - (a.engagementRate.value ?? 0) || a.postId.localeCompare(b.postId),
    );
  const top = ranked.slice(0, count);
  const bottom = ranked.slice(Math.max(count, ranked.length - count)).reverse();
  return { top, bottom };
}

/** How actual progress compares with the target, given how much of the period has passed. */
export type Pace = 'ahead' | 'on-track' | 'behind' | 'not-measurable';

/** A goal measured for one period. */
export interface GoalAttainment {
  goal: Goal;
  period: Period;
  actual: Figure;
  /** Share of the period elapsed at `now`, 0 to 1 (by the clock, so a DST day counts 23 or 25 hours). */
  elapsed: number;
  /** For counts, the target times `elapsed`; for a rate, the target itself. */
  expectedByNow: number;
  /** `actual / target`. */
  attainment: number | null;
  pace: Pace;
}

/** Within 10% of what is expected by now is on track. */
const paceTolerance = 0.1;

/**
 * A goal's actual against its target for a period, and its pace at `now`: a count (reach,
 * clicks...) is expected to grow in proportion to the time elapsed; a rate is compared with
 * its target as is.
 *
 * @example
 * ```ts
 * goalAttainment({ metric: 'clicks', target: 300, period: 'month' }, records, november, now, 'byImpressions');
 * // { actual: { value: 150, sample: 12 }, elapsed: 0.5, expectedByNow: 150, attainment: 0.5, pace: 'on-track', ... }
 * ```
 */
export function goalAttainment(
  goal: Goal,
  records: readonly PostChannelRecord[],
  period: Period,
  now: number,
  variant: EngagementRateVariant,
): GoalAttainment {
  const within = records.filter((r) => inPeriod(r, period));
  const actual = measureGoal(goal, within, variant, period);
  const elapsed = Math.min(1, Math.max(0, (now - period.start) / (period.end - period.start)));
  const isRate = goal.metric === 'engagement_rate' || goal.metric === 'follower_growth';
  const expectedByNow = isRate ? goal.target : goal.target * elapsed;
  const attainment = actual.value === null || goal.target === 0 ? null : actual.value / goal.target;
  let pace: Pace;
  if (actual.value === null) pace = 'not-measurable';
  else if (expectedByNow === 0) pace = actual.value > 0 ? 'ahead' : 'on-track';
  else {
    const ratioToExpected = actual.value / expectedByNow;
    pace =
      ratioToExpected > 1 + paceTolerance
        ? 'ahead'
        : ratioToExpected < 1 - paceTolerance
          ? 'behind'
          : 'on-track';
  }
  return { goal, period, actual, elapsed, expectedByNow, attainment, pace };
}

function measureGoal(
  goal: Goal,
  records: readonly PostChannelRecord[],
  variant: EngagementRateVariant,
  period: Period,
): Figure {
  switch (goal.metric) {
    case 'engagement_rate':
      return ratio(variant, records);
    case 'follower_growth':
      return totalFollowerGrowth(records, period);
    default:
      return total(goal.metric, records);
  }
}

/** One weekday-and-hour slot of a channel's history. */
export interface TimeSlot {
  /** 1 = Monday ... 7 = Sunday, in the brand's time zone. */
  weekday: number;
  /** 0-23, in the brand's time zone. */
  hour: number;
  posts: number;
  score: Figure;
}

/** A channel's best time to post, from the brand's own history. */
export interface BestTime {
  channel: string;
  timeZone: string;
  /** What the slots are scored by: the brand's engagement rate, or engagements per post when the channel has no denominator for it. */
  scoredBy: EngagementRateVariant | 'engagementsPerPost';
  posts: number;
  slots: TimeSlot[];
  /** The best slot with enough posts behind it, or null when the history is too thin. */
  best: TimeSlot | null;
  /** A plain statement of the result or of why there is none. */
  statement: string;
}

/** The history a best-time answer needs before it names a slot. */
export interface BestTimeThresholds {
  /** Posts on the channel in all. */
  minPosts: number;
  /** Posts in a slot before it can be named. */
  minPostsPerSlot: number;
}

export const defaultBestTimeThresholds: BestTimeThresholds = { minPosts: 10, minPostsPerSlot: 3 };

const weekdayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** `Tuesday 09:00-10:00`. */
export function slotName(slot: { weekday: number; hour: number }): string {
  const hh = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;
  return `${weekdayNames[slot.weekday - 1]} ${hh(slot.hour)}-${hh(slot.hour + 1)}`;
}

function scoreSlot(group: readonly PostChannelRecord[], scoredBy: BestTime['scoredBy']): Figure {
  if (scoredBy !== 'engagementsPerPost') return ratio(scoredBy, group);
  const sum = total('engagements', group);
  return sum.value === null ? sum : { value: sum.value / sum.sample, sample: sum.sample };
}

/**
 * Per channel, each weekday-and-hour slot of the brand's published history in its time
 * zone, scored, with the number of posts behind it; the best slot only when the channel has
 * `minPosts` posts and the slot `minPostsPerSlot`.
 *
 * @example
 * ```ts
 * bestTimes(records, 'Europe/Paris', 'byImpressions')[0].statement;
 * // 'x: best Tuesday 09:00-10:00 (Europe/Paris), engagement rate by impressions 5.20% over 4 posts'
 * ```
 */
export function bestTimes(
  records: readonly PostChannelRecord[],
  timeZone: string,
  variant: EngagementRateVariant,
  thresholds: BestTimeThresholds = defaultBestTimeThresholds,
): BestTime[] {
  const byChannel = new Map<string, PostChannelRecord[]>();
  for (const record of records)
    byChannel.set(record.channel, [...(byChannel.get(record.channel) ?? []), record]);
  return [...byChannel.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([channel, group]) => bestTimeOf(channel, group, timeZone, variant, thresholds));
}

function bestTimeOf(
  channel: string,
  records: readonly PostChannelRecord[],
  timeZone: string,
  variant: EngagementRateVariant,
  thresholds: BestTimeThresholds,
): BestTime {
  const scoredBy: BestTime['scoredBy'] = ratio(variant, records).sample > 0 ? variant : 'engagementsPerPost';
  const bySlot = new Map<number, PostChannelRecord[]>();
  for (const record of records) {
    const at = zonedParts(Date.parse(record.publishedAt), timeZone);
    const key = at.weekday * 24 + at.hour;
    bySlot.set(key, [...(bySlot.get(key) ?? []), record]);
  }
  const slots = [...bySlot.entries()]
    .sort(([a], [b]) => a - b)
    .map(([key, group]) => ({
      weekday: Math.floor(key / 24),
      hour: key % 24,
      posts: group.length,
      score: scoreSlot(group, scoredBy),
    }));
  const eligible = slots.filter((s) => s.posts >= thresholds.minPostsPerSlot && s.score.value !== null);
  const best =
    records.length < thresholds.minPosts
      ? null
      : (eligible.sort((a, b) => (b.score.value ?? 0) - (a.score.value ?? 0) || b.posts - a.posts)[0] ??
        null);
  const statement = best
    ? `${channel}: best ${slotName(best)} (${timeZone}), ${scoreText(scoredBy, best.score.value ?? 0)} over ${best.posts} posts`
    : records.length < thresholds.minPosts
      ? `${channel}: too little data, ${records.length} published posts; at least ${thresholds.minPosts} are needed`
      : `${channel}: too little data, no weekday and hour has ${thresholds.minPostsPerSlot} posts yet`;
  return { channel, timeZone, scoredBy, posts: records.length, slots, best, statement };
}

const scoreLabels: Record<BestTime['scoredBy'], string> = {
  byImpressions: 'engagement rate by impressions',
  byReach: 'engagement rate by reach',
  byFollowers: 'engagement rate by followers',
  engagementsPerPost: 'engagements per post',
};

function scoreText(scoredBy: BestTime['scoredBy'], value: number): string {
  return scoredBy === 'engagementsPerPost'
    ? `${scoreLabels[scoredBy]} ${value.toFixed(1)}`
    : `${scoreLabels[scoredBy]} ${(value * 100).toFixed(2)}%`;
}

/** A suggested time near the requested one, from the channel's best-time slots. */
export interface SlotSuggestion {
  channel: string;
  /** RFC 3339 UTC: the start of the suggested hour. */
  at: string;
  slot: TimeSlot;
  statement: string;
}

/**
 * The best-scoring slot with enough history within `windowHours` of a requested time, for
 * one channel, never before `notBefore`; null when none qualifies or the requested hour is
 * already the best. A suggestion only: the requested time stands.
 *
 * @example
 * ```ts
 * suggestNearbySlot(bestTimes(records, tz, 'byImpressions')[0], '2026-12-01T08:30:00Z', Date.now());
 * ```
 */
export function suggestNearbySlot(
  best: BestTime,
  requestedAt: string,
  notBefore: number,
  thresholds: BestTimeThresholds = defaultBestTimeThresholds,
  windowHours = 6,
): SlotSuggestion | null {
  if (best.posts < thresholds.minPosts) return null;
  const requested = Date.parse(requestedAt);
  const hourStart = Math.floor(requested / 3_600_000) * 3_600_000;
  const slotAt = (ms: number) => {
    const p = zonedParts(ms, best.timeZone);
    return best.slots.find((s) => s.weekday === p.weekday && s.hour === p.hour);
  };
  let chosen: { at: number; slot: TimeSlot } | null = null;
  for (let offset = -windowHours; offset <= windowHours; offset += 1) {
    const at = hourStart + offset * 3_600_000;
    const slot = slotAt(at);
    if (at < notBefore || !slot || slot.posts < thresholds.minPostsPerSlot || slot.score.value === null)
      continue;
    const better =
      !chosen ||
      slot.score.value > (chosen.slot.score.value ?? 0) ||
      (slot.score.value === chosen.slot.score.value &&
        Math.abs(at - requested) < Math.abs(chosen.at - requested));
    if (better) chosen = { at, slot };
  }
  if (!chosen || chosen.at === hourStart) return null;
  return {
    channel: best.channel,
    at: toUtc(chosen.at),
    slot: chosen.slot,
    statement: `${best.channel}: ${slotName(chosen.slot)} (${best.timeZone}) has done best nearby, ${scoreText(best.scoredBy, chosen.slot.score.value ?? 0)} over ${chosen.slot.posts} posts`,
  };
}

/** What a submission or a reschedule is told about one channel's time: a better hour nearby, or why none is named. */
export interface SlotAdvice {
  channel: string;
  /** RFC 3339 UTC: the start of a better hour nearby; absent when none is named. */
  suggestedAt?: string;
  /** A plain statement: the slot and the figures behind it, or why there is no suggestion. */
  statement: string;
}

/**
 * Per channel, the best nearby hour from the brand's stored best-time analysis (see
 * {@link suggestNearbySlot}), or a plain statement of why none is named: too little history,
 * no analysis yet, or nothing better within the window. Advice only: the requested time stands.
 *
 * @example
 * ```ts
 * slotAdvice(await getBestTimes('acme'), ['x'], '2026-12-01T08:30:00Z', Date.now());
 * // [{ channel: 'x', suggestedAt: '2026-12-01T10:00:00Z', statement: 'x: Tuesday 11:00-12:00 (Europe/Paris) has done best nearby, ...' }]
 * ```
 */
export function slotAdvice(
  analysis: readonly BestTime[],
  channels: readonly string[],
  requestedAt: string,
  notBefore: number,
  thresholds: BestTimeThresholds = defaultBestTimeThresholds,
  windowHours = 6,
): SlotAdvice[] {
  return channels.map((channel) => {
    const best = analysis.find((b) => b.channel === channel);
    if (!best) {
      return {
        channel,
        statement: `${channel}: too little data, no published history of this channel analysed yet`,
      };
    }
    if (!best.best) return { channel, statement: best.statement };
    const suggestion = suggestNearbySlot(best, requestedAt, notBefore, thresholds, windowHours);
    return suggestion
      ? { channel, suggestedAt: suggestion.at, statement: suggestion.statement }
      : {
          channel,
          statement: `${channel}: no hour within ${windowHours} hours of the requested time has done better`,
        };
  });
}
