import { presignReportDownload } from '../aws/report-presign.js';
import { NotFoundError } from '../domain/errors.js';
import { BrandAction } from '../domain/permissions.js';
import { requirePermission } from '../identity/access.js';
import { apiHandler } from '../middleware/api-handler.js';
import { listReports } from '../persistence/reports.js';

/** How long a report link opens the report: long enough to click, short enough not to be shared on. */
const LINK_SECONDS = 300;

/**
 * `GET /brands/{brandId}/reports/latest`: where the brand's most recently generated analysis
 * report is (bucket and object key per format), what it covers, and per format a presigned GET
 * link (`links`) that opens the report for {@link LINK_SECONDS} seconds.
 */
export const handler = apiHandler('api-get-latest-report', async ({ caller, path }) => {
  const brandId = path.brandId ?? '';
  await requirePermission(caller, brandId, BrandAction.ReadPosts);
  const latest = (await listReports(brandId))
    .sort((a, b) => a.generatedAt.localeCompare(b.generatedAt))
    .at(-1);
  if (!latest)
    throw new NotFoundError('the brand has no report yet', { context: { brandId: brandId.slice(0, 64) } });
  const links = Object.fromEntries(
    await Promise.all(
      Object.entries(latest.objects).map(
        async ([format, key]) => [format, await presignReportDownload(key as string, LINK_SECONDS)] as const,
      ),
    ),
  );
  return { status: 200, body: { ...latest, links } };
});
