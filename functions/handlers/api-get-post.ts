import { BrandAction } from '../domain/permissions.js';
import { requirePermission } from '../identity/access.js';
import { existingPost } from '../identity/front-door.js';
import { visibleLog, visiblePost } from '../identity/visible-records.js';
import { apiHandler } from '../middleware/api-handler.js';
import { listLifecycleLog } from '../persistence/lifecycle-log.js';

/** `GET /posts/{postId}`: the post and its lifecycle log, for anyone with a role on its brand. */
export const handler = apiHandler('api-get-post', async ({ caller, path }) => {
  const post = await existingPost(path.postId);
  await requirePermission(caller, post.brandId, BrandAction.ReadPosts);
  return {
    status: 200,
    body: { post: visiblePost(post), log: visibleLog(await listLifecycleLog(post.postId)) },
  };
});
