import type { EngagementRateVariant, Figure, KpiSummary } from '../domain/kpis.js';
import type { ReportFormat, ReportModel } from '../domain/report.js';
import { type Bar, barChart, columnChart, escapeHtml, goalChart, heatMap } from './charts.js';
import { type ReportMessages, reportMessages } from './messages.js';
import { type ReportTable, reportTables } from './tables.js';

/** A rendered report: its bytes as text and the content type to store it with. */
export interface RenderedReport {
  body: string;
  contentType: string;
}

/**
 * A report model in one format, in the brand's language.
 *
 * @example
 * ```ts
 * const { body, contentType } = renderReport(model, 'html');
 * ```
 */
export function renderReport(model: ReportModel, format: ReportFormat): RenderedReport {
  const messages = reportMessages[model.language];
  const tables = reportTables(model, messages);
  switch (format) {
    case 'md':
      return { body: markdown(model, messages, tables), contentType: 'text/markdown; charset=utf-8' };
    case 'csv':
      return { body: csv(model), contentType: 'text/csv; charset=utf-8' };
    case 'html':
      return { body: html(model, messages, tables), contentType: 'text/html; charset=utf-8' };
  }
}

const mdCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function markdown(model: ReportModel, m: ReportMessages, tables: ReportTable[]): string {
  const lines = [
    `# ${m.title(model.brandName, model.period.label)}`,
    '',
    m.generated(model.generatedAt, model.timeZone),
  ];
  if (model.totals.sample === 0) lines.push('', m.noPosts);
  for (const table of tables) {
    lines.push('', `## ${table.title}`, '');
    if (table.rows.length === 0 && table.empty) {
      lines.push(table.empty);
      continue;
    }
    lines.push(
      `| ${table.headers.map(mdCell).join(' | ')} |`,
      `| ${table.headers.map(() => '---').join(' | ')} |`,
    );
    for (const row of table.rows) lines.push(`| ${row.map(mdCell).join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** RFC 4180: quote every field that holds a comma, quote or line break. */
const csvField = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** The KPIs of a summary in CSV: raw numbers (rates as fractions), the sample, and why a value is missing. */
const csvKpis: [string, (s: KpiSummary, variant: EngagementRateVariant) => Figure][] = [
  ['impressions', (s) => s.impressions],
  ['reach', (s) => s.reach],
  ['engagements', (s) => s.engagements],
  ['engagement_rate', (s, variant) => s.engagementRate[variant]],
  ['clicks', (s) => s.clicks],
  ['click_through_rate', (s) => s.clickThroughRate],
  ['conversions', (s) => s.conversions],
  ['conversion_rate', (s) => s.conversionRate],
];

/** One row per figure: raw numbers a spreadsheet can compute with, not the formatted text. */
function csv(model: ReportModel): string {
  const header = ['brand', 'period', 'section', 'group', 'kpi', 'value', 'sample', 'note'];
  const rows: (string | number)[][] = [header];
  const add = (section: string, group: string, kpi: string, figure: Figure, note = '') =>
    rows.push([
      model.brandId,
      model.period.label,
      section,
      group,
      kpi,
      figure.value ?? '',
      figure.sample,
      figure.value === null ? figure.reason : note,
    ]);
  const summaries: [string, { key: string; summary: KpiSummary }[]][] = [
    ['summary', [{ key: 'all', summary: model.totals }]],
    ['day', model.daily.map((d) => ({ key: d.label, summary: d.summary }))],
    ['channel', model.byChannel],
    ['campaign', model.byCampaign],
    ['content_type', model.byContentType],
    ['promotion', model.byPromotion],
  ];
  for (const [section, groups] of summaries) {
    for (const { key, summary } of groups) {
      add(section, key, 'posts', { value: summary.posts, sample: summary.sample });
      for (const [kpi, pick] of csvKpis)
        add(
          section,
          key,
          kpi,
          pick(summary, model.engagementRateVariant),
          kpi === 'engagement_rate' ? model.engagementRateVariant : '',
        );
    }
  }
  for (const { key, growth } of model.followerGrowth) add('follower_growth', key, 'follower_growth', growth);
  for (const goal of model.goals) {
    const group = `${goal.goal.metric} ${goal.period.label}`;
    add('goal', group, 'actual', goal.actual, goal.pace);
    add('goal', group, 'target', { value: goal.goal.target, sample: goal.actual.sample });
    add('goal', group, 'expected_by_now', { value: goal.expectedByNow, sample: goal.actual.sample });
  }
  const feedbackGroups = [
    { key: 'all', group: model.feedback.all },
    ...model.feedback.byCategory.map(({ category, group }) => ({ key: category, group })),
  ];
  for (const { key, group } of feedbackGroups) {
    const count = (kpi: string, value: number, sample = group.items) =>
      add('feedback', key, kpi, { value, sample });
    count('items', group.items);
    count('responded', group.responded);
    add('feedback', key, 'first_response_p50_seconds', group.firstResponseP50);
    add('feedback', key, 'first_response_p90_seconds', group.firstResponseP90);
    count('with_sla', group.withSla);
    count('sla_breaches', group.breaches, group.withSla);
    count('unanswered_breaches', group.unanswered, group.withSla);
    count('escalated', group.escalated);
  }
  for (const spike of model.feedback.spikes) {
    add('feedback_spike', spike.hour, 'urgent_in_hour', { value: spike.urgentInHour, sample: 1 });
    add('feedback_spike', spike.hour, 'baseline_per_hour', { value: spike.baselinePerHour, sample: 168 });
  }
  for (const best of model.bestTimes) {
    for (const slot of best.slots) {
      const isBest = best.best?.weekday === slot.weekday && best.best.hour === slot.hour;
      add(
        'best_time',
        best.channel,
        `weekday ${slot.weekday} hour ${slot.hour}`,
        { ...slot.score, sample: slot.posts } as Figure,
        isBest ? `best; ${best.scoredBy}` : best.scoredBy,
      );
    }
  }
  return `${rows.map((row) => row.map((field) => csvField(String(field))).join(',')).join('\r\n')}\r\n`;
}

const styles = `
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:#1f2937;margin:2rem auto;max-width:60rem;padding:0 1rem;line-height:1.4}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #e5e7eb;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;font-size:.85rem;margin:.5rem 0}th,td{border:1px solid #e5e7eb;padding:.25rem .4rem;text-align:left;vertical-align:top}
th{background:#f9fafb}td:not(:first-child){font-variant-numeric:tabular-nums}.note{color:#6b7280;font-size:.85rem}
figure{margin:1rem 0}figcaption{font-size:.85rem;color:#6b7280}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}figure,table{break-inside:avoid}a{color:inherit;text-decoration:none}}
@page{size:A4;margin:15mm}
`;

function htmlTable(table: ReportTable): string {
  const head = table.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = table.rows
    .map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('');
  return `<table id="table-${table.id}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function html(model: ReportModel, m: ReportMessages, tables: ReportTable[]): string {
  const variant = model.engagementRateVariant;
  const byId = new Map(tables.map((t) => [t.id, t]));
  const section = (id: string, charts: { svg: string; caption: string }[], note?: string) => {
    const table = byId.get(id);
    if (!table) return '';
    return `<section id="${id}"><h2>${escapeHtml(table.title)}</h2>${charts.map((c) => `<figure>${c.svg}<figcaption>${escapeHtml(c.caption)}</figcaption></figure>`).join('')}${note ? `<p class="note">${escapeHtml(note)}</p>` : ''}${table.rows.length ? htmlTable(table) : ''}</section>`;
  };
  const rateTitle = `${m.kpi.engagementRate} (${m.variant[variant]})`;
  /** The engagement rate of each row as one chart, titled and captioned alike. */
  const rateChart = (
    draw: (id: string, title: string, bars: readonly Bar[]) => string,
    id: string,
    heading: string,
    rows: readonly { label: string; summary: KpiSummary }[],
  ) => {
    const title = `${heading}: ${rateTitle}`;
    const bars = rows.map((row) => ({ label: row.label, figure: row.summary.engagementRate[variant] }));
    return { svg: draw(id, title, bars), caption: title };
  };
  const body = [
    `<h1>${escapeHtml(m.title(model.brandName, model.period.label))}</h1>`,
    `<p class="note">${escapeHtml(m.generated(model.generatedAt, model.timeZone))}</p>`,
    model.totals.sample === 0 ? `<p>${escapeHtml(m.noPosts)}</p>` : '',
    section('summary', []),
    section('daily', [rateChart(columnChart, 'engagement-over-time', m.engagementOverTime, model.daily)]),
    section('channels', [
      rateChart(
        (id, title, bars) => barChart(id, title, bars, m),
        'per-channel',
        m.perChannel,
        model.byChannel.map((c) => ({ label: c.key, summary: c.summary })),
      ),
    ]),
    section('follower-growth', []),
    section(
      'goals',
      model.goals.length ? [{ svg: goalChart(model.goals, m), caption: m.goalLegend }] : [],
      model.goals.length ? undefined : m.goalNone,
    ),
    section(
      'best-time',
      model.bestTimes.map((b) => ({ svg: heatMap(b, m), caption: `${b.channel}: ${m.bestTimeText(b)}` })),
      m.heatLegend,
    ),
    section('campaigns', []),
    section('content-types', []),
    section('promotions', []),
    section('top', []),
    section('bottom', []),
    section('feedback', []),
    section('feedback-spikes', [], model.feedback.spikes.length ? undefined : m.noSpikes),
  ].join('\n');
  const lang = model.language === 'zh-CN' ? 'zh-Hans' : 'en';
  return `<!doctype html>\n<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(m.title(model.brandName, model.period.label))}</title><style>${styles}</style></head><body>\n${body}\n</body></html>\n`;
}
