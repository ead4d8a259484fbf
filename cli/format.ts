import { toUtc } from '../functions/domain/time.js';

/**
 * Text output helpers: aligned tables and short times. Every command's text output is built
 * from these; `--json` bypasses them.
 */

/** Rows under headers, columns padded to their widest cell. */
export function table(headers: string[], rows: string[][]): string {
  if (rows.length === 0) return '';
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** `key  value` lines, keys aligned. */
export function fields(entries: [string, string | number | undefined][]): string {
  const shown = entries.filter(([, value]) => value !== undefined && value !== '');
  const width = Math.max(0, ...shown.map(([key]) => key.length));
  return shown.map(([key, value]) => `${`${key}:`.padEnd(width + 2)}${value}`).join('\n');
}

/** A date as `yyyy-mm-dd hh:mm:ss` UTC, short enough for a table. */
export function shortTime(value: string | Date | undefined): string {
  if (value === undefined) return '-';
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : toUtc(date.getTime()).replace('T', ' ');
}

/** A duration as `+1.234s`, `+2m03s`, `+5h07m` or `+3d04h`. */
export function offset(ms: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  if (ms < 60_000) return `+${(ms / 1000).toFixed(3)}s`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 3600) return `+${Math.floor(seconds / 60)}m${pad(seconds % 60)}s`;
  if (seconds < 86_400) return `+${Math.floor(seconds / 3600)}h${pad(Math.floor((seconds % 3600) / 60))}m`;
  return `+${Math.floor(seconds / 86_400)}d${pad(Math.floor((seconds % 86_400) / 3600))}h`;
}

/** Text cut to `limit` characters on one line. */
export function clip(text: string, limit: number): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > limit ? `${oneLine.slice(0, limit - 1)}…` : oneLine;
}
