import type { WriteStream } from 'node:tty';

/** One row of the live view: a post and where it is now. */
export interface LiveRow {
  postId: string;
  story: string;
  state: string;
  status: string;
}

/**
 * Shows each post's state as it moves. On a terminal it redraws one table in place; in a log
 * (CI, a pipe) it prints a line only when a row changes, so the output stays readable.
 *
 * @example
 * ```ts
 * const view = new LiveView(process.stdout);
 * view.update([{ postId: 'launch-r1', story: 'approved', state: 'AwaitReview', status: 'in_review' }]);
 * view.close();
 * ```
 */
export class LiveView {
  readonly #out: NodeJS.WriteStream | WriteStream;
  readonly #interactive: boolean;
  #drawnLines = 0;
  readonly #lastSeen = new Map<string, string>();

  constructor(out: NodeJS.WriteStream = process.stdout) {
    this.#out = out;
    this.#interactive = Boolean(out.isTTY) && process.env.CI !== 'true';
  }

  update(rows: LiveRow[]): void {
    if (this.#interactive) {
      this.#redraw(rows);
      return;
    }
    for (const row of rows) {
      const line = row.status ? `${row.state} (${row.status})` : row.state;
      if (this.#lastSeen.get(row.postId) === line) continue;
      this.#lastSeen.set(row.postId, line);
      this.#out.write(`  ${row.postId.padEnd(28)} ${line}\n`);
    }
  }

  close(): void {
    this.#drawnLines = 0;
  }

  #redraw(rows: LiveRow[]): void {
    const lines = renderTable(
      ['post', 'path it takes', 'state', 'status'],
      rows.map((r) => [r.postId, r.story, r.state, r.status]),
    );
    if (this.#drawnLines > 0) this.#out.write(`\x1b[${this.#drawnLines}A`);
    for (const line of lines) this.#out.write(`\x1b[2K${line}\n`);
    this.#drawnLines = lines.length;
  }
}

/**
 * Lays out rows under a header with columns padded to their widest cell.
 *
 * @example
 * ```ts
 * renderTable(['post', 'status'], [['launch-r1', 'completed']]).join('\n');
 * ```
 */
export function renderTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)];
}
