import { BrandAction } from '../domain/permissions.js';
import { requirePermission } from '../identity/access.js';
import { existingPost } from '../identity/front-door.js';
import { apiHandler } from '../middleware/api-handler.js';
import { listLifecycleLog } from '../persistence/lifecycle-log.js';

/** `GET /posts/{postId}`: the post and its lifecycle log, for anyone with a role on its brand. */
export const handler = apiHandler('api-get-post', async ({ caller, path }) => {
  const post = await existingPost(path.postId);
  await requirePermission(caller, post.brandId, BrandAction.ReadPosts);
  // A task token lets its holder end the workflow's wait: it never leaves the table.
  const { reviewTaskToken: _token, ...visible } = post;
  const log = (await listLifecycleLog(post.postId)).map(({ details, ...entry }) => {
    const { taskToken: _taskToken, ...rest } = details ?? {};
    return { ...entry, details: rest };
  });
  return { status: 200, body: { post: visible, log } };
});
