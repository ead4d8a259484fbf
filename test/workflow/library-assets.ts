import { createHash } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { assetObjectKeys } from '../../functions/domain/asset.js';
import { sniffMedia } from '../../functions/domain/media.js';
import { announceAsset, markAssetReady } from '../../functions/persistence/assets.js';
import type { LocalBrandflow } from '../../local/runtime.js';
import { decideReview, putEvent, submitPostDetail, untilReviewRequested } from './support.js';

/**
 * Puts a ready asset in a brand's library as a completed upload leaves it: its file in the
 * stack's assets bucket on the twin's S3 server, its record naming that version.
 *
 * @example
 * ```ts
 * await seedLibraryAsset(runtime, brandId, 'a-1', jpeg(1080, 1080), { alt: 'A cup' });
 * ```
 */
export async function seedLibraryAsset(
  runtime: LocalBrandflow,
  brandId: string,
  assetId: string,
  bytes: Buffer,
  options: { alt?: string } = {},
): Promise<void> {
  const bucket = runtime.template.buckets.find((b) => b.logicalId.startsWith('Assets'))?.name;
  const media = sniffMedia(bytes);
  const s3 = new S3Client({ forcePathStyle: true, endpoint: runtime.env.AWS_ENDPOINT_URL_S3 });
  const { VersionId } = await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: assetObjectKeys(brandId, assetId).stored,
      Body: bytes,
      ContentType: media.type,
    }),
  );
  const now = new Date().toISOString();
  await announceAsset({
    brandId,
    assetId,
    status: 'pending',
    bytes: bytes.length,
    alt: options.alt ? { en: options.alt } : {},
    createdBy: 'editor-1',
    createdAt: now,
  });
  await markAssetReady(brandId, assetId, {
    media,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    versionId: VersionId,
    readyAt: now,
  });
}

/**
 * Submits a post whose one channel names `assets`, approves it (after `beforeApproval`) and
 * waits for its execution to end.
 *
 * @example
 * ```ts
 * const { execution } = await publishWithAssets(runtime, { postId, brandId, channel: 'instagram', assets: ['a-1'] });
 * ```
 */
export async function publishWithAssets(
  runtime: LocalBrandflow,
  post: { postId: string; brandId: string; channel: string; text: string; assets: string[] },
  beforeApproval?: () => Promise<void>,
) {
  const detail = submitPostDetail({
    postId: post.postId,
    brandId: post.brandId,
    channels: [post.channel],
    text: post.text,
  });
  await putEvent(runtime, 'Submit Post', {
    ...detail,
    contentType: 'image',
    content: { [post.channel]: { text: post.text, assets: post.assets } },
  });
  await untilReviewRequested(runtime, post.postId);
  await beforeApproval?.();
  await decideReview(runtime, post.postId, 'approve');
  return runtime.waitForExecution(`${post.postId}-r1`);
}
