import { BrandflowError } from '../../functions/domain/errors.js';

/**
 * A Lambda handler for tests of the local scheduler, hosted beside the template's functions.
 * It records each event with the local clock's time when it ran; an event with
 * `fail: true` (in the event, or in an EventBridge envelope's detail) throws, as a handler
 * whose work fails would; `workMs` makes it take that long.
 */

export interface ScheduledCall {
  event: Record<string, unknown>;
  /** Local-clock epoch milliseconds when the handler ran. */
  ranAt: number;
  /** Local-clock epoch milliseconds when the handler's work ended (set as it returns or throws). */
  endedAt?: number;
}

/** Shared through globalThis: the host imports this file on its own, maybe as another module instance. */
const key = Symbol.for('brandflow.test.scheduled-target.calls');
const store = globalThis as unknown as Record<symbol, ScheduledCall[] | undefined>;

/** Every call so far, oldest first. */
export function scheduledCalls(): ScheduledCall[] {
  store[key] ??= [];
  return store[key];
}

export class ScheduledTargetFailure extends BrandflowError {
  override name = 'ScheduledTargetFailure';
}

export async function handler(event: Record<string, unknown>): Promise<{ ok: true }> {
  const call: ScheduledCall = { event, ranAt: Date.now() };
  scheduledCalls().push(call);
  // A handler still at work when the twin stops: stop must wait for it.
  if (typeof event.workMs === 'number')
    await new Promise((resolve) => setTimeout(resolve, event.workMs as number));
  call.endedAt = Date.now();
  // A bus delivers the envelope: the instructions are then in its detail.
  const instructions = (event.detail ?? event) as Record<string, unknown>;
  if (instructions.fail === true) {
    throw new ScheduledTargetFailure('told to fail', { context: { marker: String(instructions.marker) } });
  }
  return { ok: true };
}
