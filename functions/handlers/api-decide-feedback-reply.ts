import { apiHandler } from '../middleware/api-handler.js';
import { decideFeedbackReply } from '../use-cases/decide-feedback-reply.js';

/**
 * `POST /feedback/{feedbackId}/replies/decisions`: an approver of the brand approves or rejects
 * the waiting reply, naming the `contentHash` of the text they read (docs/feedback.md).
 */
export const handler = apiHandler('api-decide-feedback-reply', async ({ caller, path, body }) => ({
  status: 200,
  body: await decideFeedbackReply(caller, path.feedbackId, body),
}));
