import { type SlotAdvice, slotAdvice } from '../domain/analytics.js';
import { getBestTimes } from '../persistence/best-times.js';

/**
 * The best nearby hour per channel for a post about to be scheduled at `scheduledAt`, from the
 * brand's best-time analysis (one read of the item the last report stored). Never a refusal.
 *
 * @example
 * ```ts
 * const suggestions = await adviseSlots('acme', ['x', 'bluesky'], '2030-05-01T07:00:00Z');
 * ```
 */
export async function adviseSlots(
  brandId: string,
  channels: readonly string[],
  scheduledAt: string,
): Promise<SlotAdvice[]> {
  return slotAdvice(await getBestTimes(brandId), channels, scheduledAt, Date.now());
}
