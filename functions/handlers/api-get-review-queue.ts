import { BrandAction, mayAct } from '../domain/permissions.js';
import { reviewQueue } from '../domain/review-queue.js';
import { requirePermission } from '../identity/access.js';
import { apiHandler } from '../middleware/api-handler.js';
import { listCalendar } from '../persistence/posts.js';

const DAY_MS = 86_400_000;
/**
 * A post waits in review only until its scheduled time (then it expires), and an execution
 * waits at most a year: the queue reads the calendar from a day back to a year and a month on.
 */
const QUEUE_WINDOW = { backMs: DAY_MS, aheadMs: 396 * DAY_MS };

/**
 * `GET /brands/{brandId}/reviews`: the review stages of the brand waiting on the caller (named
 * as an approver, or through a group, or as a backup once escalated; never their own posts),
 * the longest-waiting first, each with its SLA clock and the content hash an approval carries.
 */
export const handler = apiHandler('api-get-review-queue', async ({ caller, path }) => {
  const brandId = path.brandId ?? '';
  const access = await requirePermission(caller, brandId, BrandAction.ReadPosts);
  const now = Date.now();
  const posts = await listCalendar(
    brandId,
    new Date(now - QUEUE_WINDOW.backMs).toISOString(),
    new Date(now + QUEUE_WINDOW.aheadMs).toISOString(),
  );
  // A person named in a stage without a role that decides has nothing waiting on them.
  const mayDecide = mayAct(access.roles, BrandAction.DecideReview);
  const queue = mayDecide ? reviewQueue(posts, { subject: caller.subject, groups: access.groups }, now) : [];
  return {
    status: 200,
    body: { brandId, reviewer: caller.subject, mayDecide, asOf: new Date(now).toISOString(), queue },
  };
});
