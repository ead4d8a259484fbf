import { reasonOf } from '../contract/problems.js';
import type { InputProblem } from '../domain/errors.js';
import type { OutboundEvent } from '../domain/events.js';
import { emit } from '../persistence/outbox.js';

/** What every refused command answers: the reason in one line, and each field and rule. */
export interface Refused {
  status: 'refused';
  reason: string;
  errors: InputProblem[];
}

/**
 * Refuses a command about a post: tells the sender with the command's refusal event (the
 * post id the detail gave, bounded, and each problem; nothing else of the detail) and answers
 * the refusal. The reason defaults to the problems in one line.
 *
 * @example
 * ```ts
 * return refuseCommand(OutboundEvent.RescheduleRefused, { postId: raw.postId, revision: 0, brandId: '' }, errors);
 * ```
 */
export async function refuseCommand(
  type: OutboundEvent,
  about: { postId: unknown; revision: number; brandId: string },
  errors: InputProblem[],
  reason = reasonOf(errors),
): Promise<Refused> {
  await emit({
    type,
    detail: {
      postId: typeof about.postId === 'string' ? about.postId.slice(0, 64) : '',
      revision: about.revision,
      brandId: about.brandId,
      occurredAt: new Date().toISOString(),
      reason,
      errors,
    },
  });
  return { status: 'refused', reason, errors };
}
