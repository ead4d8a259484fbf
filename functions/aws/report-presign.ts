import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { reportsBucket, s3 } from './s3.js';

/* Presigned report links: their own module, so only the route that hands them out bundles the presigner. */

/**
 * A URL that lets whoever holds it GET the current version of one report object for `seconds`,
 * signed with the calling function's role: it can do no more than that role's `s3:GetObject`
 * on `reports/*`.
 *
 * @example
 * ```ts
 * const url = await presignReportDownload('reports/acme/2026-11/report.html', 300);
 * ```
 */
export async function presignReportDownload(key: string, seconds: number): Promise<string> {
  return getSignedUrl(s3(), new GetObjectCommand({ Bucket: reportsBucket(), Key: key }), {
    expiresIn: seconds,
  });
}
