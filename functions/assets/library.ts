import { createHash, randomUUID } from 'node:crypto';
import { newAssetSchema, UPLOAD_URL_SECONDS } from '../contract/assets.js';
import { problem, schemaProblems } from '../contract/problems.js';
import { type AssetRecord, assetObjectKeys, uploadProblems } from '../domain/asset.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../domain/errors.js';
import { sniffMedia, stripMetadata } from '../domain/media.js';
import { BrandAction } from '../domain/permissions.js';
import { parseOffsetTimestamp } from '../domain/time.js';
import { requirePermission } from '../identity/access.js';
import type { Caller } from '../identity/claims.js';
import { announceAsset, getAsset, listAssets, markAssetReady } from '../persistence/assets.js';
import { getBrand } from '../persistence/brands.js';

/** Where and how to send an announced asset's bytes. */
export interface UploadTarget {
  method: 'PUT';
  url: string;
  /** The request must carry exactly these headers (the URL is signed with them). */
  headers: Record<string, string>;
  expiresInSeconds: number;
}

/**
 * Announces an asset: checks the request and the caller's permission, records the asset as
 * pending and answers a presigned URL that takes exactly the announced bytes. Repeating the
 * request with the same `assetId` answers a fresh URL for the same pending asset.
 *
 * @example
 * ```ts
 * const { asset, upload } = await addAsset(caller, 'acme', { bytes: 48213, alt: { en: 'A red bike' } });
 * await fetch(upload.url, { method: upload.method, headers: upload.headers, body: file });
 * ```
 */
export async function addAsset(
  caller: Caller,
  brandId: string,
  body: unknown,
): Promise<{ asset: AssetRecord; upload: UploadTarget }> {
  const parsed = newAssetSchema.safeParse(body);
  if (!parsed.success) throw new InvalidInputError(schemaProblems(parsed.error));
  const input = parsed.data;
  const notBefore = input.notBefore ? parseOffsetTimestamp(input.notBefore) : undefined;
  const notAfter = input.notAfter ? parseOffsetTimestamp(input.notAfter) : undefined;
  if (notBefore && notAfter && 'ms' in notBefore && 'ms' in notAfter && notAfter.ms <= notBefore.ms) {
    throw new InvalidInputError([problem('notAfter', 'min', 'the expiry must come after the embargo')]);
  }
  await requirePermission(caller, brandId, BrandAction.AddAssets);
  if (!(await getBrand(brandId))) {
    throw new InvalidInputError([problem('brandId', 'known-brand', `no brand has the id ${brandId}`)]);
  }
  const assetId = input.assetId ?? `a-${randomUUID()}`;
  const announced: AssetRecord = {
    ...input,
    brandId,
    assetId,
    status: 'pending',
    createdBy: caller.subject,
    createdAt: new Date().toISOString(),
  };
  const asset = (await announceAsset(announced)) ? announced : await getAsset(brandId, assetId);
  if (asset?.status !== 'pending' || asset.bytes !== input.bytes) {
    throw new ConflictError(
      'asset-pending',
      `asset ${assetId} exists already and is not this pending upload`,
      {
        context: { brandId, assetId },
      },
    );
  }
  // The S3 client and presigner load here, once the request has passed every check, not at every cold start.
  const { presignUpload } = await import('../aws/asset-presign.js');
  const url = await presignUpload(
    assetObjectKeys(brandId, assetId).incoming,
    asset.bytes,
    UPLOAD_URL_SECONDS,
  );
  return {
    asset,
    upload: {
      method: 'PUT',
      url,
      headers: { 'content-length': String(asset.bytes) },
      expiresInSeconds: UPLOAD_URL_SECONDS,
    },
  };
}

/**
 * Completes an upload: reads the uploaded bytes, their type from the bytes alone, strips
 * personal metadata, stores the result (and the original when the brand keeps them), and
 * marks the asset ready with its size, dimensions, duration and SHA-256. A file of another
 * size than announced or of no supported type is refused, naming the asset and the rule, and
 * the asset stays pending. Completing a ready asset again answers it unchanged.
 *
 * @example
 * ```ts
 * const asset = await completeAsset(caller, 'acme', 'a-1'); // asset.status === 'ready'
 * ```
 */
export async function completeAsset(caller: Caller, brandId: string, assetId: string): Promise<AssetRecord> {
  await requirePermission(caller, brandId, BrandAction.AddAssets);
  const asset = await getAsset(brandId, assetId);
  if (!asset)
    throw new NotFoundError(`brand ${brandId} has no asset ${assetId}`, { context: { brandId, assetId } });
  if (asset.status === 'ready') return asset;
  const objects = assetObjectKeys(brandId, assetId);
  // Loaded here, past the checks, as in addAsset.
  const { readObject, removeObject, writeObject } = await import('../aws/asset-storage.js');
  const upload = await readObject(objects.incoming);
  const field = `assets.${assetId}`;
  if (!upload) {
    throw new InvalidInputError([
      problem(field, 'asset-ready', 'no file was uploaded to the asset’s upload URL'),
    ]);
  }
  const sizeProblems = uploadProblems(asset, upload.length).map((p) => ({ ...p, field }));
  if (sizeProblems.length) throw new InvalidInputError(sizeProblems);
  const facts = sniffMedia(upload, field);
  const stored = stripMetadata(upload, facts.type);
  const keepOriginal = (await getBrand(brandId))?.media?.keepOriginals === true;
  const versionId = await writeObject(objects.stored, stored, facts.type);
  if (keepOriginal) await writeObject(objects.original, upload, facts.type);
  const ready = {
    media: { ...facts, bytes: stored.length },
    sha256: createHash('sha256').update(stored).digest('hex'),
    readyAt: new Date().toISOString(),
    ...(versionId ? { versionId } : {}),
    ...(keepOriginal ? { originalKey: objects.original } : {}),
  };
  await markAssetReady(brandId, assetId, ready);
  // The upload is personal data until stripped: once the record says ready, it goes.
  await removeObject(objects.incoming);
  return (await getAsset(brandId, assetId)) ?? { ...asset, ...ready, status: 'ready' };
}

/**
 * The brand's asset library, for a caller who may read the brand's posts.
 *
 * @example
 * ```ts
 * const assets = await libraryOf(caller, 'acme');
 * ```
 */
export async function libraryOf(caller: Caller, brandId: string): Promise<AssetRecord[]> {
  await requirePermission(caller, brandId, BrandAction.ReadPosts);
  return listAssets(brandId);
}
