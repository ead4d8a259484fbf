import type { NewAsset } from '../contract/assets.js';
import { problem } from '../contract/problems.js';
import type { InputProblem } from './errors.js';
import type { MediaFacts } from './media.js';
import { parseOffsetTimestamp } from './time.js';

/**
 * One asset of a brand's library (pk `BRAND#<brandId>`, sk `ASSET#<assetId>`): `pending`
 * once announced, `ready` once its bytes were uploaded, read and stripped of personal
 * metadata. Only a ready asset can be used by a post.
 */
export interface AssetRecord extends NewAsset {
  brandId: string;
  assetId: string;
  status: 'pending' | 'ready';
  createdBy: string;
  createdAt: string;
  /** What the bytes said (ready only); `bytes` is the size of the stored, stripped file. */
  media?: MediaFacts;
  /** SHA-256 (hex) of the stored file: what a post's content hash covers. */
  sha256?: string;
  /** The S3 version of the stored file: the exact bytes a post publishes. */
  versionId?: string;
  /** Kept only when the brand opts in (`media.keepOriginals`): the upload as it came. */
  originalKey?: string;
  readyAt?: string;
}

/** Where an asset's files live in the assets bucket. */
export const assetObjectKeys = (brandId: string, assetId: string) => ({
  /** The presigned upload lands here; a lifecycle rule removes what is never completed. */
  incoming: `incoming/${brandId}/${assetId}`,
  /** The checked, stripped file posts publish. */
  stored: `assets/${brandId}/${assetId}`,
  /** The upload as it came, when the brand keeps originals. */
  original: `originals/${brandId}/${assetId}`,
});

/**
 * Where a platform variant of an asset's file lives (functions/domain/media-variants.ts): keyed
 * by the stored file's SHA-256 and the variant's target, so a retry, another post or another
 * channel with the same limits reuses it, and a replaced file never meets an old variant.
 *
 * @example
 * ```ts
 * variantObjectKey('acme', asset.sha256, 'jpeg-1000000b'); // 'variants/acme/<sha256>/jpeg-1000000b'
 * ```
 */
export const variantObjectKey = (brandId: string, sha256: string, target: string) =>
  `variants/${brandId}/${sha256}/${target}`;

/**
 * The problems with a file uploaded for an announced asset: a size other than announced.
 * Its type was read from the bytes before (functions/domain/media.ts).
 *
 * @example
 * ```ts
 * uploadProblems(asset, facts); // [] when the upload is the size announced
 * ```
 */
export function uploadProblems(asset: Pick<AssetRecord, 'bytes'>, uploadedBytes: number): InputProblem[] {
  return uploadedBytes === asset.bytes
    ? []
    : [problem('bytes', 'media-size', `${asset.bytes} bytes were announced and ${uploadedBytes} uploaded`)];
}

/**
 * Why an asset may not be published at `atMs`: not ready, embargoed or expired. Each problem
 * names the asset (`assets.<assetId>`) and the rule.
 *
 * @example
 * ```ts
 * usabilityProblems(asset, Date.parse('2030-05-01T09:00:00Z')); // [{ field: 'assets.a-1', rule: 'asset-expired', ... }]
 * ```
 */
export function usabilityProblems(
  asset: Pick<AssetRecord, 'assetId' | 'status' | 'notBefore' | 'notAfter'>,
  atMs: number,
): InputProblem[] {
  const field = `assets.${asset.assetId}`;
  const at = (value: string | undefined) => {
    const parsed = value ? parseOffsetTimestamp(value) : undefined;
    return parsed && 'ms' in parsed ? parsed.ms : undefined;
  };
  const problems: InputProblem[] = [];
  if (asset.status !== 'ready') {
    problems.push(problem(field, 'asset-ready', 'the asset’s file was never uploaded and checked'));
  }
  const notBefore = at(asset.notBefore);
  if (notBefore !== undefined && atMs < notBefore) {
    problems.push(problem(field, 'asset-embargo', `the asset is embargoed until ${asset.notBefore}`));
  }
  const notAfter = at(asset.notAfter);
  if (notAfter !== undefined && atMs > notAfter) {
    problems.push(problem(field, 'asset-expired', `the asset expired at ${asset.notAfter}`));
  }
  return problems;
}
