import type { AssetRecord } from '../domain/asset.js';
import { keys } from './keys.js';
import { getRecord, putIfAbsent, queryRecords, updateExpression, updateIf } from './table.js';

/**
 * Records an announced asset; false when one with its id exists already (a repeated request).
 *
 * @example
 * ```ts
 * await announceAsset({ brandId: 'acme', assetId: 'a-1', status: 'pending', bytes: 48213, alt: { en: 'A red bike' }, createdBy: 'ana', createdAt });
 * ```
 */
export async function announceAsset(asset: AssetRecord): Promise<boolean> {
  return putIfAbsent({ ...keys.asset(asset.brandId, asset.assetId), ...asset });
}

/**
 * One asset of a brand, or undefined.
 *
 * @example
 * ```ts
 * const asset = await getAsset('acme', 'a-1');
 * ```
 */
export async function getAsset(brandId: string, assetId: string): Promise<AssetRecord | undefined> {
  return getRecord<AssetRecord>(keys.asset(brandId, assetId));
}

/**
 * Every asset of a brand, in id order.
 *
 * @example
 * ```ts
 * const library = await listAssets('acme');
 * ```
 */
export async function listAssets(brandId: string): Promise<AssetRecord[]> {
  return queryRecords<AssetRecord>(keys.brand(brandId).pk, keys.assetPrefix);
}

/**
 * Marks a pending asset ready with what its bytes said. Only a pending asset changes: a
 * repeated completion (a retried request) leaves the first one's record and answers false.
 *
 * @example
 * ```ts
 * await markAssetReady('acme', 'a-1', { media, sha256, versionId, readyAt });
 * ```
 */
export async function markAssetReady(
  brandId: string,
  assetId: string,
  ready: Required<Pick<AssetRecord, 'media' | 'sha256' | 'readyAt'>> &
    Pick<AssetRecord, 'versionId' | 'originalKey'>,
): Promise<boolean> {
  const { UpdateExpression, names, values } = updateExpression({ ...ready, status: 'ready' });
  return updateIf({
    Key: keys.asset(brandId, assetId),
    UpdateExpression,
    ConditionExpression: '#status = :pending',
    ExpressionAttributeNames: { ...names, '#status': 'status' },
    ExpressionAttributeValues: { ...values, ':pending': 'pending' },
  });
}

/**
 * The assets a post's content names, across its channels, by id; an id the brand's library
 * does not hold is absent from the answer.
 *
 * @example
 * ```ts
 * const assets = await assetsNamedBy('acme', { bluesky: { text: 'Hi', assets: ['a-1'] } });
 * ```
 */
export async function assetsNamedBy(
  brandId: string,
  content: Readonly<Record<string, { assets?: readonly string[] }>>,
): Promise<Record<string, AssetRecord>> {
  const ids = [...new Set(Object.values(content).flatMap((c) => c.assets ?? []))];
  const found = await Promise.all(ids.map((id) => getAsset(brandId, id)));
  return Object.fromEntries(found.flatMap((asset) => (asset ? [[asset.assetId, asset]] : [])));
}
