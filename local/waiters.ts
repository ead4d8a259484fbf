import { LocalWaitTimeoutError } from '../functions/domain/errors.js';

export { LocalWaitTimeoutError };

/** Promises that settle when a condition over the runtime's state becomes true. */
export class Waiters {
  private readonly checks = new Set<() => void>();

  /** Re-evaluates every pending condition: called on each runtime event. */
  notify(): void {
    for (const check of [...this.checks]) check();
  }

  /**
   * Resolves with the first defined value of `probe`, evaluated now and after each event.
   *
   * @example
   * ```ts
   * await waiters.until('execution p-1-r1 to close', 5000, () => closedExecution('p-1-r1'));
   * ```
   */
  until<T>(what: string, timeoutMs: number, probe: () => T | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = probe();
        if (value === undefined) return;
        this.checks.delete(check);
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.checks.delete(check);
        reject(
          new LocalWaitTimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}`, {
            context: { timeoutMs },
          }),
        );
      }, timeoutMs);
      this.checks.add(check);
      check();
    });
  }
}
