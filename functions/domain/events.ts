import { InboundEvent } from '../contract/event-names.js';

export { EVENT_SOURCE, InboundEvent, OutboundEvent } from '../contract/event-names.js';

/**
 * Decisions only people take: they come through the front door with a verified identity, and
 * never from an integrator account on the bus (docs/security.md).
 */
export const HUMAN_DECISION_EVENTS: readonly InboundEvent[] = [
  InboundEvent.ReviewDecision,
  InboundEvent.UpdateBrandProfile,
];

/**
 * What every outbound event's detail carries. Extra fields are ids, counts and reasons only:
 * never the post text or author names.
 */
export interface EventDetailBase {
  postId: string;
  revision: number;
  brandId: string;
  occurredAt: string;
  [key: string]: unknown;
}
