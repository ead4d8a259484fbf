import { apiHandler } from '../middleware/api-handler.js';
import { feedbackInbox } from '../use-cases/feedback-inbox.js';

/** `GET /brands/{brandId}/feedback`: the brand's feedback inbox with the SLA clock (docs/feedback.md). */
export const handler = apiHandler('api-list-feedback', async ({ caller, path, query }) => ({
  status: 200,
  body: await feedbackInbox(caller, path.brandId ?? '', query),
}));
