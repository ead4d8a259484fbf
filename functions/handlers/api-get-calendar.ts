import { InvalidInputError } from '../domain/errors.js';
import { BrandAction } from '../domain/permissions.js';
import { requirePermission } from '../identity/access.js';
import { apiHandler } from '../middleware/api-handler.js';
import { listCalendar } from '../persistence/posts.js';

/** `GET /brands/{brandId}/calendar?from=&to=`: the brand's posts scheduled in `[from, to)`. */
export const handler = apiHandler('api-get-calendar', async ({ caller, path, query }) => {
  const brandId = path.brandId ?? '';
  const problems = (['from', 'to'] as const)
    .filter((field) => Number.isNaN(Date.parse(query[field] ?? '')))
    .map((field) => ({ field, rule: 'date-time' as const, message: 'an ISO 8601 date or date-time' }));
  if (problems.length > 0) throw new InvalidInputError(problems);
  await requirePermission(caller, brandId, BrandAction.ReadPosts);
  const posts = await listCalendar(brandId, query.from as string, query.to as string, { withReview: false });
  return {
    status: 200,
    body: posts.map(({ postId, revision, status, scheduledAt, timeZone, channels }) => ({
      postId,
      revision,
      status,
      scheduledAt,
      timeZone,
      channels,
    })),
  };
});
