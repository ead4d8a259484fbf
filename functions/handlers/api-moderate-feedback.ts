import { apiHandler } from '../middleware/api-handler.js';
import { moderateFeedback } from '../use-cases/moderate-feedback.js';

/**
 * `POST /feedback/{feedbackId}/moderation`: the verified caller hides a feedback item on its
 * platform or marks it spam (docs/feedback.md).
 */
export const handler = apiHandler('api-moderate-feedback', async ({ caller, path, body }) => ({
  status: 200,
  body: await moderateFeedback(caller, path.feedbackId, body),
}));
