import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { requireEnv } from './env.js';
import { s3 } from './s3.js';

/*
 * The asset library's bucket (ASSETS_BUCKET_NAME): presigned uploads in, checked files out.
 * Its own module so that only the asset functions bundle the presigner.
 */

/** The bucket assets are stored in (set by the stack). */
export const assetsBucket = (): string => requireEnv('ASSETS_BUCKET_NAME');

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

/**
 * The bytes of an object (one version when given); undefined when there is none.
 *
 * @example
 * ```ts
 * const upload = await readObject('incoming/acme/a-1');
 * ```
 */
export async function readObject(key: string, versionId?: string): Promise<Uint8Array | undefined> {
  try {
    const { Body } = await s3().send(
      new GetObjectCommand({ Bucket: assetsBucket(), Key: key, VersionId: versionId }),
    );
    return Body ? await Body.transformToByteArray() : undefined;
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

/**
 * Writes an object (encrypted at rest by the bucket's default) and answers its version id.
 *
 * @example
 * ```ts
 * const versionId = await writeObject('assets/acme/a-1', clean, 'image/png');
 * ```
 */
export async function writeObject(
  key: string,
  body: Uint8Array,
  contentType: string,
): Promise<string | undefined> {
  const { VersionId } = await s3().send(
    new PutObjectCommand({ Bucket: assetsBucket(), Key: key, Body: body, ContentType: contentType }),
  );
  return VersionId;
}

/**
 * Removes an object's current version (the upload once it was checked and stored).
 *
 * @example
 * ```ts
 * await removeObject('incoming/acme/a-1');
 * ```
 */
export async function removeObject(key: string): Promise<void> {
  await s3().send(new DeleteObjectCommand({ Bucket: assetsBucket(), Key: key }));
}
