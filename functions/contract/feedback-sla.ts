import * as z from 'zod/mini';
import './schema-messages.js';

/**
 * The input of CheckFeedbackSla, which one of an item's two one-time schedules sends: the item
 * and which check to make.
 *
 * @example
 * ```ts
 * feedbackCheckInputSchema.parse({ feedbackId: 'acme.0123456789abcdef01234567', check: 'escalation' });
 * ```
 */
export const feedbackCheckInputSchema = z.strictObject({
  feedbackId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}\.[0-9a-f]{24}$/, 'a feedback id')),
  check: z.enum(['reminder', 'escalation']),
});
export type FeedbackCheckInput = z.output<typeof feedbackCheckInputSchema>;
