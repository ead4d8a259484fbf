import type { GoalAttainment, RankedPost } from '../domain/analytics.js';
import type { FeedbackGroup } from '../domain/feedback-report.js';
import type { Figure, KpiSummary } from '../domain/kpis.js';
import { zonedParts } from '../domain/periods.js';
import type { ReportModel } from '../domain/report.js';
import { type FigureKind, formatFigure, type ReportMessages } from './messages.js';

/** One table of a report, the same in every format. */
export interface ReportTable {
  /** Stable id: the CSV `section` column and the HTML anchor. */
  id: string;
  title: string;
  headers: string[];
  rows: string[][];
  /** Said instead of the table when it has no rows. */
  empty?: string;
}

/** The KPI columns of a summary row, in order, with how each is printed. */
function kpiColumns(
  model: ReportModel,
  m: ReportMessages,
): { title: string; kind: FigureKind; pick: (s: KpiSummary) => Figure }[] {
  return [
    { title: m.kpi.impressions, kind: 'count', pick: (s) => s.impressions },
    { title: m.kpi.reach, kind: 'count', pick: (s) => s.reach },
    { title: m.kpi.engagements, kind: 'count', pick: (s) => s.engagements },
    {
      title: `${m.kpi.engagementRate} (${m.variant[model.engagementRateVariant]})`,
      kind: 'rate',
      pick: (s) => s.engagementRate[model.engagementRateVariant],
    },
    { title: m.kpi.clicks, kind: 'count', pick: (s) => s.clicks },
    { title: m.kpi.clickThroughRate, kind: 'rate', pick: (s) => s.clickThroughRate },
    { title: m.kpi.conversions, kind: 'count', pick: (s) => s.conversions },
    { title: m.kpi.conversionRate, kind: 'rate', pick: (s) => s.conversionRate },
  ];
}

function groupTable(
  id: string,
  title: string,
  groups: { key: string; summary: KpiSummary }[],
  model: ReportModel,
  m: ReportMessages,
): ReportTable {
  const columns = kpiColumns(model, m);
  return {
    id,
    title,
    headers: [m.columns.key, m.kpi.posts, ...columns.map((c) => c.title)],
    rows: groups.map(({ key, summary }) => [
      key,
      String(summary.posts),
      ...columns.map((c) => formatFigure(c.pick(summary), c.kind, m)),
    ]),
  };
}

/**
 * The daily table's rows: a day with posts is a row of its own; a run of days without posts
 * folds into one row naming its first and last day, so a month of one post reads in a few
 * rows, not thirty. (The chart and the CSV keep every day.)
 */
function dailyTable(model: ReportModel, m: ReportMessages): ReportTable {
  const table = groupTable('daily', m.engagementOverTime, [], model, m);
  const emptyRow = (first: string, last: string) => [
    first === last ? first : `${first} – ${last}`,
    '0',
    ...table.headers.slice(2).map(() => '–'),
  ];
  let run: string[] = [];
  const flush = () => {
    if (run.length > 0) table.rows.push(emptyRow(run[0] as string, run[run.length - 1] as string));
    run = [];
  };
  for (const day of model.daily) {
    if (day.summary.posts === 0) {
      run.push(day.label);
      continue;
    }
    flush();
    table.rows.push(...groupTable('daily', '', [{ key: day.label, summary: day.summary }], model, m).rows);
  }
  flush();
  return table;
}

const goalValue = (goal: GoalAttainment, value: number) =>
  goal.goal.metric === 'engagement_rate' || goal.goal.metric === 'follower_growth'
    ? `${(value * 100).toFixed(2)}%`
    : Math.round(value).toLocaleString('en-US');

function postRows(posts: RankedPost[], m: ReportMessages): string[][] {
  return posts.map((post) => [
    post.postId,
    post.channels.join(', '),
    post.campaign ?? '',
    formatFigure(post.engagementRate, 'rate', m),
    formatFigure(post.engagements, 'count', m),
  ]);
}

const duration = (figure: Figure, m: ReportMessages) =>
  figure.value === null ? m.notAvailable[figure.reason] : m.duration(figure.value);

function feedbackRow(label: string, group: FeedbackGroup, m: ReportMessages): string[] {
  return [
    label,
    String(group.items),
    String(group.responded),
    duration(group.firstResponseP50, m),
    duration(group.firstResponseP90, m),
    String(group.withSla),
    String(group.breaches),
    String(group.unanswered),
    String(group.escalated),
  ];
}

/** An hour's start (`2026-11-03T14:00:00Z`) as the brand reads it: its local date and time. */
function localHour(hour: string, timeZone: string): string {
  const p = zonedParts(Date.parse(hour), timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}

/** The feedback tables: volume, response times and SLA breaches by category, then the spikes. */
function feedbackTables(model: ReportModel, m: ReportMessages): ReportTable[] {
  const c = m.feedbackColumns;
  return [
    {
      id: 'feedback',
      title: m.feedback,
      headers: [
        c.category,
        c.items,
        c.responded,
        c.firstResponseP50,
        c.firstResponseP90,
        c.withSla,
        c.breaches,
        c.unanswered,
        c.escalated,
      ],
      rows: [
        feedbackRow(m.feedbackCategory.all, model.feedback.all, m),
        ...model.feedback.byCategory.map(({ category, group }) =>
          feedbackRow(m.feedbackCategory[category], group, m),
        ),
      ],
    },
    {
      id: 'feedback-spikes',
      title: m.feedbackSpikes,
      headers: [c.hour, c.urgent, c.baseline],
      rows: model.feedback.spikes.map((spike) => [
        localHour(spike.hour, model.timeZone),
        String(spike.urgentInHour),
        spike.baselinePerHour.toFixed(2),
      ]),
      empty: m.noSpikes,
    },
  ];
}

/**
 * The tables of a report, in reading order.
 *
 * @example
 * ```ts
 * reportTables(model, reportMessages.en).map((t) => t.id); // ['summary', 'daily', 'channels', ...]
 * ```
 */
export function reportTables(model: ReportModel, m: ReportMessages): ReportTable[] {
  const columns = kpiColumns(model, m);
  const postHeaders = [m.columns.post, m.perChannel, m.byCampaign, m.kpi.engagementRate, m.kpi.engagements];
  return [
    {
      id: 'summary',
      title: m.summary,
      headers: [m.columns.kpi, m.columns.actual, m.columns.sample],
      rows: [
        [m.kpi.posts, String(model.totals.posts), String(model.totals.sample)],
        ...columns.map((c) => {
          const figure = c.pick(model.totals);
          return [c.title, formatFigure(figure, c.kind, m), String(figure.sample)];
        }),
      ],
    },
    dailyTable(model, m),
    groupTable('channels', m.perChannel, model.byChannel, model, m),
    {
      id: 'follower-growth',
      title: m.followerGrowth,
      headers: [m.perChannel, m.followerGrowth, m.columns.sample],
      rows: model.followerGrowth.map((f) => [
        f.key,
        formatFigure(f.growth, 'rate', m),
        String(f.growth.sample),
      ]),
    },
    {
      id: 'goals',
      title: m.goals,
      headers: [m.columns.kpi, m.columns.actual, m.columns.target, m.columns.pace, m.columns.sample],
      empty: m.goalNone,
      rows: model.goals.map((g) => [
        `${g.goal.metric} (${g.period.label})`,
        g.actual.value === null ? formatFigure(g.actual, 'count', m) : goalValue(g, g.actual.value),
        goalValue(g, g.goal.target),
        m.pace[g.pace],
        String(g.actual.sample),
      ]),
    },
    {
      id: 'best-time',
      title: m.bestTime,
      headers: [m.perChannel, m.kpi.posts, m.bestTime, ''],
      rows: model.bestTimes.map((b) => [
        b.channel,
        String(b.posts),
        b.best
          ? `${m.weekdays[b.best.weekday - 1]} ${String(b.best.hour).padStart(2, '0')}:00 (${b.best.posts})`
          : '-',
        m.bestTimeText(b),
      ]),
    },
    groupTable('campaigns', m.byCampaign, model.byCampaign, model, m),
    groupTable('content-types', m.byContentType, model.byContentType, model, m),
    groupTable('promotions', m.byPromotion, model.byPromotion, model, m),
    { id: 'top', title: m.topPosts, headers: postHeaders, rows: postRows(model.top, m) },
    { id: 'bottom', title: m.bottomPosts, headers: postHeaders, rows: postRows(model.bottom, m) },
    ...feedbackTables(model, m),
  ];
}
