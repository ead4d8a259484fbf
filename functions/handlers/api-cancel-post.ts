import { API_SOURCE } from '../contract/api-routes.js';
import { InboundEvent } from '../domain/events.js';
import { BrandAction } from '../domain/permissions.js';
import { requirePermission } from '../identity/access.js';
import { actingAs, answerOf, existingPost } from '../identity/front-door.js';
import { apiHandler } from '../middleware/api-handler.js';
import { cancelPost } from '../use-cases/cancel-post.js';

/** `POST /posts/{postId}/cancel`: the `Cancel Post` use case, requested by the verified caller. */
export const handler = apiHandler('api-cancel-post', async ({ caller, path, body }) => {
  const post = await existingPost(path.postId);
  const detail = { ...actingAs(body, 'requestedBy', caller), postId: post.postId };
  await requirePermission(caller, post.brandId, BrandAction.CancelPost);
  return answerOf(await cancelPost({ 'detail-type': InboundEvent.CancelPost, source: API_SOURCE, detail }));
});
