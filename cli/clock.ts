import { LocalServiceError } from '../functions/domain/errors.js';
import { TWIN_CLOCK_PATH, type TwinClock } from '../local/clock.js';
import type { Target } from './target.js';

/**
 * The time Brandflow's handlers read on the target. On AWS that is the wall clock; the local
 * twin compresses waits by jumping its clock forward, so there it is asked for its own.
 *
 * @example
 * ```ts
 * const { now, aheadSeconds } = await readTargetClock(target);
 * ```
 */
export async function readTargetClock(target: Target): Promise<TwinClock> {
  if (target.mode !== 'local') {
    const now = new Date().toISOString();
    return { now, realNow: now, aheadSeconds: 0 };
  }
  const response = await fetch(`${target.endpoint}${TWIN_CLOCK_PATH}`);
  if (!response.ok)
    throw new LocalServiceError(`the twin at ${target.endpoint} answered ${response.status} for its clock`);
  return (await response.json()) as TwinClock;
}
