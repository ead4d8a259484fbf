import { apiHandler } from '../middleware/api-handler.js';
import { setMembership } from '../use-cases/set-membership.js';

/** `PUT /brands/{brandId}/members/{memberId}`: the verified caller sets a member's roles on a brand. */
export const handler = apiHandler('api-put-membership', async ({ caller, path, body }) => ({
  status: 200,
  body: await setMembership(caller, path.brandId ?? '', path.memberId ?? '', body),
}));
