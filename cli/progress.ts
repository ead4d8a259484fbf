import { WaitTimeoutError } from './errors.js';
import type { CliIo } from './io.js';

/**
 * Progress of a long wait on stderr: on a terminal one line rewritten in place; otherwise a
 * line each time the status changes, so logs stay short.
 */
export class Progress {
  private last = '';
  // Monotonic: the local twin's clock jumps ahead over scheduled waits.
  private readonly started = performance.now();

  constructor(private readonly stderr: CliIo['stderr']) {}

  update(status: string): void {
    const elapsed = `${((performance.now() - this.started) / 1000).toFixed(0)}s`;
    if (this.stderr.isTTY) {
      this.stderr.write(`\r\x1b[K${status} (${elapsed})`);
    } else if (status !== this.last) {
      this.stderr.write(`${status}\n`);
    }
    this.last = status;
  }

  done(message?: string): void {
    if (this.stderr.isTTY) this.stderr.write('\r\x1b[K');
    if (message) this.stderr.write(`${message}\n`);
  }
}

export interface WaitOptions {
  /** What is awaited, for the timeout error: `post p-1 to reach review`. */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  progress: Progress;
}

/**
 * Polls `check` until it returns a value, reporting its status as progress. Polling, not a
 * subscription: it works the same against the twin and a deployed stack, with read access only.
 *
 * @example
 * ```ts
 * const post = await pollUntil(async () => {
 *   const post = await getPost('p-1');
 *   return { status: `status ${post?.status}`, done: post?.status === 'in_review' ? post : undefined };
 * }, { what: 'review', timeoutMs: 60_000, progress });
 * ```
 */
export async function pollUntil<T>(
  check: () => Promise<{ status: string; done?: T }>,
  options: WaitOptions,
): Promise<T> {
  const deadline = performance.now() + options.timeoutMs;
  let status = '';
  for (;;) {
    const result = await check();
    status = result.status;
    if (result.done !== undefined) {
      options.progress.done();
      return result.done;
    }
    options.progress.update(status);
    if (performance.now() >= deadline) {
      options.progress.done();
      throw new WaitTimeoutError(`timed out waiting for ${options.what}; last seen: ${status}`, {
        context: { timeoutMs: options.timeoutMs },
      });
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 500));
  }
}
