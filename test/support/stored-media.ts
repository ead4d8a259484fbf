import { createHash } from 'node:crypto';
import { presignDownload } from '../../functions/aws/asset-presign.js';
import { readObject, writeObject } from '../../functions/aws/asset-storage.js';
import type { MediaAttachment } from '../../functions/channels/core/attachment.js';
import type { ChannelAdapter, PublishRequest } from '../../functions/channels/core/channel-adapter.js';
import { adapterFor } from '../../functions/channels/registry.js';
import { assetObjectKeys } from '../../functions/domain/asset.js';
import type { ChannelConfig } from '../../functions/domain/brand.js';
import { sniffMedia } from '../../functions/domain/media.js';
import { type LocalS3, startLocalS3 } from '../../local/s3-server.js';
import { memoryCredentials } from './platforms/memory-credentials.js';

/*
 * Library assets in the twin's S3 server, handed to an adapter as PublishToChannel hands them
 * (functions/channels/media/publish-check.ts): read from the stored version, or fetched by the
 * platform through a presigned GET.
 */

const BUCKET = 'brandflow-assets-test';

/**
 * Starts a local S3 server holding the assets bucket and points this process's S3 client and
 * `ASSETS_BUCKET_NAME` at it.
 *
 * @example
 * ```ts
 * const s3 = await startAssetBucket();
 * afterAll(() => s3.stop());
 * ```
 */
export async function startAssetBucket(): Promise<LocalS3> {
  const s3 = await startLocalS3({ buckets: [BUCKET] });
  process.env.AWS_ENDPOINT_URL_S3 = s3.endpoint;
  process.env.ASSETS_BUCKET_NAME = BUCKET;
  return s3;
}

/**
 * Stores `bytes` as a brand's asset and answers it as an adapter receives it.
 *
 * @example
 * ```ts
 * const photo = await storedAttachment('acme', 'a-1', jpeg(1080, 1080), 'A cup on a table');
 * ```
 */
export async function storedAttachment(
  brandId: string,
  assetId: string,
  bytes: Buffer,
  alt?: string,
): Promise<MediaAttachment> {
  const { type, kind, width, height } = sniffMedia(bytes);
  const { stored } = assetObjectKeys(brandId, assetId);
  const versionId = await writeObject(stored, bytes, type);
  return {
    assetId,
    type,
    kind,
    width,
    height,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    alt,
    read: async () => (await readObject(stored, versionId)) ?? new Uint8Array(),
    fetchUrl: (seconds) => presignDownload(stored, versionId, seconds),
  };
}

/**
 * A publish request whose container and uploads are kept as the publish record keeps them:
 * each attempt with this request sees what the earlier ones stored.
 *
 * @example
 * ```ts
 * const request = recordedRequest('post-1:instagram:r1', 'Spring', [photo]);
 * await adapter.publish(request); // request.uploadedMedia now names what was uploaded
 * ```
 */
export function recordedRequest(
  idempotencyKey: string,
  text: string,
  media: MediaAttachment[],
): PublishRequest & { uploads: [string, string][] } {
  const request: PublishRequest & { uploads: [string, string][] } = {
    idempotencyKey,
    postId: idempotencyKey.split(':')[0] ?? idempotencyKey,
    content: { text, assets: media.map((m) => m.assetId) },
    notBefore: new Date().toISOString(),
    media,
    uploadedMedia: {},
    uploads: [],
  };
  request.onContainerCreated = async (containerId) => {
    request.containerId = containerId;
  };
  request.onMediaUploaded = async (assetId, mediaId) => {
    request.uploads.push([assetId, mediaId]);
    request.uploadedMedia = { ...request.uploadedMedia, [assetId]: mediaId };
  };
  return request;
}

/**
 * The adapter of `channel` (its `account` holding `accessToken`) as PublishToChannel builds it,
 * with a timeout a loopback fake answers well within.
 *
 * @example
 * ```ts
 * const adapter = await mediaAdapter({ id: 'li', adapter: 'linkedin', account: 'acme-li', maxLength: 3000, settings }, LINKEDIN_TOKEN);
 * ```
 */
export function mediaAdapter(channel: ChannelConfig, accessToken: string): Promise<ChannelAdapter> {
  const memory = memoryCredentials(channel.account as string, { accessToken });
  return adapterFor(channel, { brandId: 'acme' }, { credentials: memory.store, http: { timeoutMs: 2000 } });
}

/**
 * A source of fresh idempotency keys for one channel's posts: `<channel>-media-<n>:<channel>:r1`.
 *
 * @example
 * ```ts
 * const key = idempotencyKeys('linkedin');
 * recordedRequest(key(), 'Spring', [photo]);
 * ```
 */
export function idempotencyKeys(channel: string): () => string {
  let counter = 0;
  return () => {
    counter += 1;
    return `${channel}-media-${counter}:${channel}:r1`;
  };
}
