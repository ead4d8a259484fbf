import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { lambdaHandler } from '../middleware/lambda-handler.js';
import { sendFeedbackReply } from '../use-cases/send-feedback-reply.js';

/** `Feedback Reply Approved` as the rule delivers it: only the feedback id is read; the record says the rest. */
const replyApproved = z.object({
  'detail-type': z.literal('Feedback Reply Approved'),
  detail: z.object({ feedbackId: z.string().check(z.minLength(1), z.maxLength(100)) }),
});

/**
 * The target of `Feedback Reply Approved`: publishes the reply on its platform once, however
 * often the event is delivered, and closes the feedback (docs/feedback.md). A failure the
 * platform may get over is thrown, for Lambda's asynchronous retries and then the dead-letter queue.
 */
export const handler = lambdaHandler('send-feedback-reply', replyApproved, async (event, invocation) => ({
  outcome: await sendFeedbackReply(event.detail.feedbackId, randomUUID(), {
    remainingMs: invocation.getRemainingTimeInMillis?.(),
  }),
}));
