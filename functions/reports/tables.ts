import type { GoalAttainment, RankedPost } from '../domain/analytics.js';
import type { Figure, KpiSummary } from '../domain/kpis.js';
import type { ReportModel } from '../domain/report.js';
import { type FigureKind, formatFigure, type ReportMessages } from './messages.js';

/** One table of a report, the same in every format. */
export interface ReportTable {
  /** Stable id: the CSV `section` column and the HTML anchor. */
  id: string;
  title: string;
  headers: string[];
  rows: string[][];
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
    groupTable(
      'daily',
      m.engagementOverTime,
      model.daily.map((d) => ({ key: d.label, summary: d.summary })),
      model,
      m,
    ),
    groupTable('channels', m.perChannel, model.byChannel, model, m),
    {
      id: 'goals',
      title: m.goals,
      headers: [m.columns.kpi, m.columns.actual, m.columns.target, m.columns.pace, m.columns.sample],
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
  ];
}
