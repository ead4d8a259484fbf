import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { requireEnv } from './env.js';

/*
 * Its own module so that only the functions that store reports bundle the S3 client.
 * Configured by the environment (AWS_REGION, AWS_ENDPOINT_URL_S3); a local endpoint serves
 * buckets by path, as local S3 servers do.
 */
let client: S3Client | undefined;
/** The process's one S3 client (reports and the asset library share it). */
export const s3 = (): S3Client => {
  client ??= new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) });
  return client;
};

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
