import { InvalidInputError } from '../domain/errors.js';
import { PostStatus } from '../domain/lifecycle.js';
import { BrandAction } from '../domain/permissions.js';
import { requirePermission } from '../identity/access.js';
import { decisionsOf } from '../identity/visible-records.js';
import { apiHandler } from '../middleware/api-handler.js';
import { listLifecycleLog } from '../persistence/lifecycle-log.js';
import { listCalendar } from '../persistence/posts.js';

const DAY_MS = 86_400_000;
const REFUSED: readonly string[] = [
  PostStatus.Rejected,
  PostStatus.ChangesRequested,
  PostStatus.RejectedByPolicy,
];

/**
 * `GET /brands/{brandId}/rejections?from=&to=`: the brand's posts scheduled in `[from, to)`
 * (by default from 30 days back to a year on) that a reviewer rejected or sent back, or the
 * policy blocked, with the decision's stage, reviewer and comment or the blocking findings.
 */
export const handler = apiHandler('api-get-rejections', async ({ caller, path, query }) => {
  const brandId = path.brandId ?? '';
  const problems = (['from', 'to'] as const)
    .filter((field) => query[field] !== undefined && Number.isNaN(Date.parse(query[field] ?? '')))
    .map((field) => ({ field, rule: 'date-time' as const, message: 'an ISO 8601 date or date-time' }));
  if (problems.length > 0) throw new InvalidInputError(problems);
  await requirePermission(caller, brandId, BrandAction.ReadPosts);
  const now = Date.now();
  const from = query.from ?? new Date(now - 30 * DAY_MS).toISOString();
  const to = query.to ?? new Date(now + 366 * DAY_MS).toISOString();
  const posts = (await listCalendar(brandId, from, to)).filter((post) => REFUSED.includes(post.status));
  const rejections = await Promise.all(
    posts.map(async (post) => {
      const decision = decisionsOf(await listLifecycleLog(post.postId))
        .filter((entry) => entry.revision === post.revision)
        .at(-1);
      return {
        postId: post.postId,
        revision: post.revision,
        status: post.status,
        scheduledAt: post.scheduledAt,
        timeZone: post.timeZone,
        authorId: post.authorId,
        ...(decision ? { decision } : {}),
        ...(post.status === PostStatus.RejectedByPolicy
          ? { findings: (post.policy?.findings ?? []).filter((f) => f.severity === 'block') }
          : {}),
      };
    }),
  );
  return { status: 200, body: { brandId, from, to, rejections } };
});
