import { NotFoundError } from '../domain/errors.js';
import { BrandAction } from '../domain/permissions.js';
import { requirePermission } from '../identity/access.js';
import { apiHandler } from '../middleware/api-handler.js';
import { listReports } from '../persistence/reports.js';

/**
 * `GET /brands/{brandId}/reports/latest`: where the brand's most recently generated analysis
 * report is (bucket and object key per format) and what it covers.
 */
export const handler = apiHandler('api-get-latest-report', async ({ caller, path }) => {
  const brandId = path.brandId ?? '';
  await requirePermission(caller, brandId, BrandAction.ReadPosts);
  const latest = (await listReports(brandId))
    .sort((a, b) => a.generatedAt.localeCompare(b.generatedAt))
    .at(-1);
  if (!latest)
    throw new NotFoundError('the brand has no report yet', { context: { brandId: brandId.slice(0, 64) } });
  return { status: 200, body: latest };
});
