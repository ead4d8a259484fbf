import { feedbackCheckInputSchema } from '../contract/feedback-sla.js';
import { lambdaHandler } from '../middleware/lambda-handler.js';
import { checkFeedbackSla } from '../use-cases/feedback-sla.js';

/**
 * CheckFeedbackSla, invoked asynchronously by an item's reminder or escalation schedule
 * (docs/feedback.md): sends `Feedback Response Due` or `Feedback Escalated` once, if still due.
 */
export const handler = lambdaHandler('check-feedback-sla', feedbackCheckInputSchema, async (input) => ({
  outcome: await checkFeedbackSla(input.feedbackId, input.check),
}));
