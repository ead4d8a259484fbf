import { apiHandler } from '../middleware/api-handler.js';
import { replyToFeedback } from '../use-cases/reply-to-feedback.js';

/**
 * `POST /feedback/{feedbackId}/replies`: the verified caller writes (or edits) the brand's reply
 * to a feedback item; it waits for an approver or goes straight to sending (docs/feedback.md).
 */
export const handler = apiHandler('api-reply-feedback', async ({ caller, path, body }) => ({
  status: 202,
  body: await replyToFeedback(caller, path.feedbackId, body),
}));
