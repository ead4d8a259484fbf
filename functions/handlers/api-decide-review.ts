import { API_SOURCE } from '../contract/api-routes.js';
import { InboundEvent } from '../domain/events.js';
import { BrandAction } from '../domain/permissions.js';
import { requirePermission } from '../identity/access.js';
import { actingAs, answerOf, existingPost } from '../identity/front-door.js';
import { apiHandler } from '../middleware/api-handler.js';
import { decideReview } from '../use-cases/review-decision.js';

/**
 * `POST /posts/{postId}/decisions`: the verified caller decides the post's waiting review stage.
 * The same use case as `Review Decision`; here the reviewer is the token's subject, their
 * groups match `group:<name>` approvers, and an approval must name the `contentHash` it saw.
 */
export const handler = apiHandler('api-decide-review', async ({ caller, path, body }) => {
  const post = await existingPost(path.postId);
  const detail: Record<string, unknown> = { ...actingAs(body, 'reviewer', caller), postId: post.postId };
  const access = await requirePermission(caller, post.brandId, BrandAction.DecideReview);
  const result = await decideReview(
    { 'detail-type': InboundEvent.ReviewDecision, source: API_SOURCE, detail },
    { groups: access.groups, requireNamedApprover: true },
  );
  return answerOf(result);
});
