import { API_SOURCE } from '../contract/api-routes.js';
import { InvalidInputError } from '../domain/errors.js';
import { InboundEvent } from '../domain/events.js';
import { BrandAction } from '../domain/permissions.js';
import { requirePermission } from '../identity/access.js';
import { actingAs, answerOf } from '../identity/front-door.js';
import { apiHandler } from '../middleware/api-handler.js';
import { getPost } from '../persistence/posts.js';
import { submitPost } from '../use-cases/submit-post.js';

/**
 * `POST /posts`: the `Submit Post` use case with the verified caller as the author. An edit
 * needs the role on the brand the post already belongs to as well.
 */
export const handler = apiHandler('api-submit-post', async ({ caller, body }) => {
  const { brandId, postId } = body;
  if (typeof brandId !== 'string' || brandId.length === 0) {
    throw new InvalidInputError([
      { field: 'brandId', rule: 'required', message: 'name the brand of the post' },
    ]);
  }
  await requirePermission(caller, brandId, BrandAction.SubmitPost);
  const existing = typeof postId === 'string' ? await getPost(postId) : undefined;
  if (existing && existing.brandId !== brandId) {
    await requirePermission(caller, existing.brandId, BrandAction.SubmitPost);
  }
  const detail = actingAs(body, 'author', caller);
  return answerOf(await submitPost({ 'detail-type': InboundEvent.SubmitPost, source: API_SOURCE, detail }));
});
