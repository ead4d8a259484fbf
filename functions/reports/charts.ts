import type { BestTime, GoalAttainment } from '../domain/analytics.js';
import type { Figure } from '../domain/kpis.js';
import type { ReportMessages } from './messages.js';

/*
 * Inline SVG charts: no script, no font or file to fetch, so the HTML reads offline and
 * prints as drawn. Each chart carries `data-chart` so tests and readers can find it.
 */

/**
 * Escapes text for HTML and SVG content and attributes.
 *
 * @example
 * ```ts
 * escapeHtml('<b> & "x"'); // '&lt;b&gt; &amp; &quot;x&quot;'
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => htmlEntities[c] ?? c);
}

const htmlEntities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

const ink = '#1f2937';
const accent = '#2563eb';
const muted = '#9ca3af';
const percent = (value: number) => `${(value * 100).toFixed(2)}%`;

/** A labelled value for a bar chart; a null value draws no bar and says why. */
export interface Bar {
  label: string;
  figure: Figure;
}

/**
 * Vertical bars of a rate per label (e.g. the engagement rate per day).
 *
 * @example
 * ```ts
 * columnChart('engagement-over-time', 'Engagement rate per day', bars);
 * ```
 */
export function columnChart(id: string, title: string, bars: readonly Bar[]): string {
  const width = 720;
  const height = 240;
  const left = 48;
  const bottom = 40;
  const top = 16;
  const plotHeight = height - top - bottom;
  const max = Math.max(0.0001, ...bars.map((b) => b.figure.value ?? 0));
  const step = (width - left - 8) / Math.max(1, bars.length);
  const barWidth = Math.max(2, step * 0.7);
  const columns = bars
    .map((bar, i) => {
      const x = left + i * step + (step - barWidth) / 2;
      const value = bar.figure.value;
      const h = value === null ? 0 : (value / max) * plotHeight;
      const label =
        bars.length <= 12 || i % Math.ceil(bars.length / 10) === 0
          ? `<text x="${(x + barWidth / 2).toFixed(1)}" y="${height - bottom + 14}" font-size="10" text-anchor="middle" fill="${ink}">${escapeHtml(bar.label.slice(-5))}</text>`
          : '';
      const rect =
        value === null
          ? `<rect x="${x.toFixed(1)}" y="${top + plotHeight - 2}" width="${barWidth.toFixed(1)}" height="2" fill="${muted}"><title>${escapeHtml(bar.label)}: n/a</title></rect>`
          : `<rect class="bar" x="${x.toFixed(1)}" y="${(top + plotHeight - h).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${Math.max(1, h).toFixed(1)}" fill="${accent}"><title>${escapeHtml(bar.label)}: ${percent(value)} (n=${bar.figure.sample})</title></rect>`;
      return rect + label;
    })
    .join('');
  return svg(id, title, width, height, [
    `<line x1="${left}" y1="${top + plotHeight}" x2="${width - 8}" y2="${top + plotHeight}" stroke="${ink}"/>`,
    `<text x="${left - 6}" y="${top + 8}" font-size="10" text-anchor="end" fill="${ink}">${percent(max)}</text>`,
    `<text x="${left - 6}" y="${top + plotHeight}" font-size="10" text-anchor="end" fill="${ink}">0%</text>`,
    columns,
  ]);
}

/**
 * Horizontal bars of a rate per label (e.g. per channel), each with its value and sample.
 *
 * @example
 * ```ts
 * barChart('per-channel', 'Engagement rate per channel', bars, messages);
 * ```
 */
export function barChart(id: string, title: string, bars: readonly Bar[], messages: ReportMessages): string {
  const rowHeight = 28;
  const width = 720;
  const left = 140;
  const right = 220;
  const height = Math.max(1, bars.length) * rowHeight + 16;
  const max = Math.max(0.0001, ...bars.map((b) => b.figure.value ?? 0));
  const rows = bars.map((bar, i) => {
    const y = 8 + i * rowHeight;
    const value = bar.figure.value;
    const w = value === null ? 0 : (value / max) * (width - left - right);
    const text =
      value === null
        ? messages.notAvailable[bar.figure.reason]
        : `${percent(value)} (${messages.sampleOf(bar.figure.sample)})`;
    return [
      `<text x="${left - 8}" y="${y + 17}" font-size="12" text-anchor="end" fill="${ink}">${escapeHtml(bar.label)}</text>`,
      value === null
        ? ''
        : `<rect class="bar" x="${left}" y="${y + 4}" width="${Math.max(1, w).toFixed(1)}" height="${rowHeight - 10}" fill="${accent}"/>`,
      `<text x="${(left + w + 6).toFixed(1)}" y="${y + 17}" font-size="12" fill="${ink}">${escapeHtml(text)}</text>`,
    ].join('');
  });
  return svg(id, title, width, height, rows);
}

/**
 * One progress bar per goal: actual against target, the expected point by now marked, and
 * the pace written beside it.
 *
 * @example
 * ```ts
 * goalChart(model.goals, messages);
 * ```
 */
export function goalChart(goals: readonly GoalAttainment[], messages: ReportMessages): string {
  const rowHeight = 34;
  const width = 720;
  const left = 180;
  const barLength = 360;
  const height = Math.max(1, goals.length) * rowHeight + 16;
  const colours = { ahead: '#059669', 'on-track': accent, behind: '#dc2626', 'not-measurable': muted };
  const rows = goals.map((goal, i) => {
    const y = 8 + i * rowHeight;
    const share = Math.min(1.5, goal.attainment ?? 0);
    const expected = goal.goal.target === 0 ? 0 : Math.min(1.5, goal.expectedByNow / goal.goal.target);
    const scale = barLength / 1.5;
    return [
      `<text x="${left - 8}" y="${y + 18}" font-size="12" text-anchor="end" fill="${ink}">${escapeHtml(`${goal.goal.metric} (${goal.period.label})`)}</text>`,
      `<rect x="${left}" y="${y + 6}" width="${barLength}" height="16" fill="#e5e7eb"/>`,
      `<rect class="bar" x="${left}" y="${y + 6}" width="${Math.max(1, share * scale).toFixed(1)}" height="16" fill="${colours[goal.pace]}"/>`,
      `<line x1="${left + scale}" y1="${y + 2}" x2="${left + scale}" y2="${y + 26}" stroke="${ink}" stroke-width="2"/>`,
      `<line x1="${(left + expected * scale).toFixed(1)}" y1="${y + 4}" x2="${(left + expected * scale).toFixed(1)}" y2="${y + 24}" stroke="${ink}" stroke-dasharray="3 2"/>`,
      `<text x="${left + barLength + 8}" y="${y + 18}" font-size="12" fill="${ink}">${escapeHtml(`${goal.attainment === null ? '-' : `${Math.round(goal.attainment * 100)}%`} · ${messages.pace[goal.pace]}`)}</text>`,
    ].join('');
  });
  return svg('goal-attainment', messages.goals, width, height, rows);
}

/**
 * A weekday-by-hour heat map of one channel's best-time slots: the shade is the score, the
 * number the posts behind it.
 *
 * @example
 * ```ts
 * heatMap(model.bestTimes[0], messages);
 * ```
 */
export function heatMap(best: BestTime, messages: ReportMessages): string {
  const cell = 26;
  const left = 48;
  const top = 20;
  const width = left + 24 * cell + 8;
  const height = top + 7 * cell + 8;
  const max = Math.max(0.0001, ...best.slots.map((s) => s.score.value ?? 0));
  const cells: string[] = [];
  for (let hour = 0; hour < 24; hour += 1) {
    cells.push(
      `<text x="${left + hour * cell + cell / 2}" y="${top - 6}" font-size="9" text-anchor="middle" fill="${ink}">${hour}</text>`,
    );
  }
  for (let day = 1; day <= 7; day += 1) {
    const y = top + (day - 1) * cell;
    cells.push(
      `<text x="${left - 6}" y="${y + cell / 2 + 4}" font-size="10" text-anchor="end" fill="${ink}">${escapeHtml(messages.weekdays[day - 1] ?? '')}</text>`,
    );
    for (let hour = 0; hour < 24; hour += 1) {
      const slot = best.slots.find((s) => s.weekday === day && s.hour === hour);
      const x = left + hour * cell;
      const strength = slot?.score.value == null ? 0 : 0.15 + 0.85 * (slot.score.value / max);
      const isBest = best.best?.weekday === day && best.best.hour === hour;
      cells.push(
        `<rect class="${slot ? 'slot' : 'empty'}" x="${x}" y="${y}" width="${cell - 2}" height="${cell - 2}" fill="${slot ? `rgba(37,99,235,${strength.toFixed(2)})` : '#f3f4f6'}"${isBest ? ` stroke="${ink}" stroke-width="2"` : ''}/>`,
      );
      if (slot) {
        cells.push(
          `<text x="${x + (cell - 2) / 2}" y="${y + cell / 2 + 3}" font-size="9" text-anchor="middle" fill="${strength > 0.55 ? '#fff' : ink}">${slot.posts}</text>`,
        );
      }
    }
  }
  return svg(`best-time-${best.channel}`, `${messages.bestTime}: ${best.channel}`, width, height, cells);
}

function svg(id: string, title: string, width: number, height: number, body: readonly string[]): string {
  return `<svg data-chart="${escapeHtml(id)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>${body.join('')}</svg>`;
}
