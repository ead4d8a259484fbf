/**
 * How much faster than AWS the local run goes. Every value is read when a state starts, so
 * changing a field of a running runtime's `speed` applies to the states that start after.
 */
export interface LocalSpeed {
  /** Real milliseconds each Wait state lasts, whatever its Seconds or Timestamp. */
  waitMs: number;
  /** Real milliseconds between a failed attempt and its retry (Step Functions Retry). */
  retryMs: number;
  /** Divides a callback task's timeout (AwaitReview's review window). */
  timeoutSpeedup: number;
  /** Bounds of a compressed callback timeout, in real milliseconds. */
  timeoutMinMs: number;
  timeoutMaxMs: number;
  /**
   * Attempts at a failing Lambda target before the event goes to the dead-letter queue: on
   * AWS, Lambda's asynchronous invocation tries 3 times (1 + 2 retries) once EventBridge
   * has handed the event over.
   */
  deliveryAttempts: number;
  /** Real milliseconds before the first redelivery; doubles after each failure. */
  deliveryRetryMs: number;
}

/**
 * Defaults for a demo: waits are visible but short, and a review decided within a couple of
 * seconds never times out (an hour of review window lasts one real second, at least three).
 */
export const defaultSpeed: LocalSpeed = {
  waitMs: 300,
  retryMs: 20,
  timeoutSpeedup: 3600,
  timeoutMinMs: 3000,
  timeoutMaxMs: 15_000,
  deliveryAttempts: 3,
  deliveryRetryMs: 20,
};

/**
 * The real milliseconds a callback task waits before `States.Timeout`.
 *
 * @example
 * ```ts
 * compressedTimeoutMs(7200, defaultSpeed); // 3000: two hours of review window, clamped up
 * ```
 */
export function compressedTimeoutMs(timeoutSeconds: number, speed: LocalSpeed): number {
  const scaled = (timeoutSeconds * 1000) / Math.max(speed.timeoutSpeedup, 1);
  return Math.min(Math.max(scaled, speed.timeoutMinMs), speed.timeoutMaxMs);
}

/**
 * Waits before redelivery `attempt + 1` of a failed asynchronous invocation: `deliveryRetryMs`,
 * doubling after each failure.
 *
 * @example
 * ```ts
 * await redeliveryPause(defaultSpeed, 2); // 40 ms
 * ```
 */
export function redeliveryPause(speed: LocalSpeed, attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, speed.deliveryRetryMs * 2 ** (attempt - 1)));
}
