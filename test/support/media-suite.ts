import type {
  ChannelAdapter,
  ChannelFailure,
  PublishRequest,
} from '../../functions/channels/core/channel-adapter.js';
import type { ChannelConfig } from '../../functions/domain/brand.js';
import { failureOf } from './channel-failure.js';
import { useBeforeAll } from './file-fixture.js';
import { jpeg } from './media-fixtures.js';
import { mediaAdapter, startAssetBucket, storedAttachment } from './stored-media.js';

/*
 * The setup and the shared steps of the tests that publish library media through one adapter
 * against a fake platform (test/integration/*-media.test.ts): the twin's S3 holding the assets,
 * the adapter on the fake, and the two attempts of a video the platform cannot process
 * (what they should end in: media-outcomes.ts).
 */

/**
 * The twin's S3 server holding the assets bucket, for the file's tests (`startAssetBucket`): one
 * a file, as the S3 client keeps the endpoint it first used.
 *
 * @example
 * ```ts
 * useAssetBucket();
 * const photo = await storedAttachment('acme', 'a-1', jpeg(1080, 1080));
 * ```
 */
export const useAssetBucket = () => useBeforeAll(startAssetBucket, (s3) => s3.stop());

/**
 * The adapter of `channel()` holding `accessToken`, made once the suite's fakes have started
 * (the channel names their URLs).
 *
 * @example
 * ```ts
 * const fake = useFakePlatform(() => startFakeLinkedIn());
 * const adapter = useMediaAdapter(() => ({ id: 'linkedin', adapter: 'linkedin', account: 'acme-li', maxLength: 3000, settings: { baseUrl: fake.server.url } }), LINKEDIN_TOKEN);
 * ```
 */
export const useMediaAdapter = (channel: () => ChannelConfig, accessToken: string): ChannelAdapter =>
  useBeforeAll(async () => mediaAdapter(channel(), accessToken));

/**
 * Three square JPEGs stored for `brandId` as `<prefix>-1`..`<prefix>-3`, alt text `<alt> <n>`.
 *
 * @example
 * ```ts
 * const photos = await threeStoredPhotos('acme', 'li-retry', 1200, 'Cup');
 * ```
 */
export const threeStoredPhotos = (brandId: string, prefix: string, side: number, alt: string) =>
  Promise.all(
    [1, 2, 3].map((n) => storedAttachment(brandId, `${prefix}-${n}`, jpeg(side, side), `${alt} ${n}`)),
  );

/**
 * Two attempts at `request` whose video the platform fails: what each was refused with.
 *
 * @example
 * ```ts
 * const [first, second] = await twoFailedAttempts(adapter, request);
 * ```
 */
export const twoFailedAttempts = async (
  adapter: ChannelAdapter,
  request: PublishRequest,
): Promise<[ChannelFailure, ChannelFailure]> => [
  await failureOf(adapter.publish(request)),
  await failureOf(adapter.publish(request)),
];
