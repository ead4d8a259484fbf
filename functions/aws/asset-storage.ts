import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { requireEnv } from './env.js';
import { s3 } from './s3.js';

/*
 * The asset library's bucket (ASSETS_BUCKET_NAME): presigned uploads in, checked files out.
 * Presigned URLs are in asset-presign.ts, so that only the asset routes bundle the presigner.
 */

/** The bucket assets are stored in (set by the stack). */
export const assetsBucket = (): string => requireEnv('ASSETS_BUCKET_NAME');

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
