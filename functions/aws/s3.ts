import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { requireEnv } from './env.js';
import { awsClient } from './run-scope.js';

/*
 * Its own module so that only the functions that store reports bundle the S3 client.
 * Configured by the running configuration (AWS_REGION, AWS_ENDPOINT_URL_S3; see
 * run-scope.ts); a local endpoint serves buckets by path, as local S3 servers do.
 */
/** The running configuration's S3 client (reports and the asset library share it). */
export const s3 = (): S3Client =>
  awsClient('S3', (config) => new S3Client({ ...config, forcePathStyle: Boolean(config.endpoint) }));

/**
 * Writes one object to the reports bucket (encrypted at rest by the bucket's default). The
 * bucket is versioned: writing a key again keeps the earlier version.
 *
 * @example
 * ```ts
 * await putReportObject('reports/acme/2026-11/report.html', html, 'text/html; charset=utf-8');
 * ```
 */
export async function putReportObject(key: string, body: string, contentType: string): Promise<void> {
  await s3().send(
    new PutObjectCommand({
      Bucket: reportsBucket(),
      Key: key,
      Body: body,
      ContentType: contentType,
    }),
  );
}

/** The bucket reports are stored in (set by the stack). */
export const reportsBucket = (): string => requireEnv('REPORTS_BUCKET_NAME');
