import * as z from 'zod/mini';
import '../contract/schema-messages.js';
import type { AdapterDeps } from '../channels/platform-session.js';
import { adapterFor } from '../channels/registry.js';
import { schemaProblems } from '../contract/problems.js';
import { InvalidInputError } from '../domain/errors.js';
import { OutboundEvent } from '../domain/events.js';
import { BrandAction } from '../domain/permissions.js';
import type { Caller } from '../identity/claims.js';
import { getBrand } from '../persistence/brands.js';
import { recordModeration } from '../persistence/feedback-moderation.js';
import { feedbackFor, replyEvent } from './feedback-access.js';

/** The body of `POST /feedback/{feedbackId}/moderation`. */
export const moderationBodySchema = z.strictObject({ action: z.enum(['hide', 'spam']) });

/** What a moderation answers: whether the item is hidden on its platform, and why not. */
export interface ModerationAnswer {
  feedbackId: string;
  action: 'hide' | 'spam';
  hidden: boolean;
  reason?: string;
}

/** Why a hide did nothing on a channel whose adapter cannot hide. */
export const NO_HIDING = 'the platform offers no hiding';

/**
 * Hides a feedback item on its platform or marks it spam, for the verified caller. Refused with
 * nothing written or sent: an unknown item (404), a caller who may not moderate (403), an action
 * other than `hide` or `spam` (400). `hide` asks the channel's adapter to hide the item where the
 * platform allows (else answers why not, writing nothing); `spam` sets the category to spam and
 * closes the item. The record keeps `moderation`, written with `Feedback Moderated` in one
 * transaction. The same action again changes nothing and sends nothing.
 *
 * @example
 * ```ts
 * const answer = await moderateFeedback(caller, 'acme.0123456789abcdef01234567', { action: 'hide' });
 * ```
 */
export async function moderateFeedback(
  caller: Caller,
  feedbackId: string | undefined,
  body: Record<string, unknown>,
  options: { deps?: AdapterDeps; now?: number } = {},
): Promise<ModerationAnswer> {
  const { feedback } = await feedbackFor(caller, feedbackId, BrandAction.ModerateFeedback);
  const parsed = moderationBodySchema.safeParse(body);
  if (!parsed.success) throw new InvalidInputError(schemaProblems(parsed.error));
  const { action } = parsed.data;
  const answer = { feedbackId: feedback.feedbackId, action };
  const wasHidden = feedback.moderation?.action === 'hide';
  if (feedback.moderation?.action === action) return { ...answer, hidden: wasHidden };

  let hidden = wasHidden;
  if (action === 'hide') {
    const brand = await getBrand(feedback.brandId);
    const channel = brand?.channels.find((c) => c.id === feedback.channel);
    const adapter = brand && channel ? await adapterFor(channel, brand, options.deps) : undefined;
    if (!adapter?.hideFeedback) return { ...answer, hidden: false, reason: NO_HIDING };
    // Hiding is a state on the platform: an overlapping attempt hides the same item again, harmlessly.
    await adapter.hideFeedback(feedback.platformId);
    hidden = true;
  }
  const at = new Date(options.now ?? Date.now()).toISOString();
  await recordModeration(feedback.feedbackId, { action, by: caller.subject, at }, [
    replyEvent(feedback, OutboundEvent.FeedbackModerated, { action, moderatedBy: caller.subject, hidden }),
  ]);
  return { ...answer, hidden };
}
