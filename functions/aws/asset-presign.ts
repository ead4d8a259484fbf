import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { assetsBucket } from './asset-storage.js';
import { s3 } from './s3.js';

/* Presigned URLs of the asset library's bucket: its own module, so only the functions that hand them out bundle the presigner. */

/**
 * A URL that lets whoever holds it PUT exactly `bytes` bytes to `key` for `seconds`, signed
 * with the calling function's role: it can do no more than that role's `s3:PutObject`.
 *
 * @example
 * ```ts
 * const url = await presignUpload('incoming/acme/a-1', 48213, 900);
 * await fetch(url, { method: 'PUT', body: file });
 * ```
 */
export async function presignUpload(key: string, bytes: number, seconds: number): Promise<string> {
  return getSignedUrl(
    s3(),
    new PutObjectCommand({ Bucket: assetsBucket(), Key: key, ContentLength: bytes }),
    {
      expiresIn: seconds,
    },
  );
}

/**
 * A URL that lets whoever holds it GET one version of an object for `seconds`: what a platform
 * that fetches media itself (Instagram, Threads) is given.
 *
 * @example
 * ```ts
 * const url = await presignDownload('assets/acme/a-1', versionId, 600);
 * ```
 */
export async function presignDownload(
  key: string,
  versionId: string | undefined,
  seconds: number,
): Promise<string> {
  return getSignedUrl(
    s3(),
    new GetObjectCommand({ Bucket: assetsBucket(), Key: key, VersionId: versionId }),
    {
      expiresIn: seconds,
    },
  );
}
