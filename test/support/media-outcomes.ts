import { expect } from 'vitest';
import type { MediaAttachment } from '../../functions/channels/core/attachment.js';
import type { ChannelFailure } from '../../functions/channels/core/channel-adapter.js';
import type { attemptsUntilPublished } from './channel-failure.js';
import type { recordedRequest } from './stored-media.js';

/*
 * What publishing library media through an adapter should end in, shared by the per-platform
 * media tests (test/integration/*-media.test.ts; their setup: media-suite.ts).
 */

/**
 * One attempt failed transiently and the next published: each asset uploaded once, in order,
 * and the platform holds one post.
 *
 * @example
 * ```ts
 * expectPublishedAfterOneRetry(await attemptsUntilPublished(adapter, request), request, fake.posts);
 * ```
 */
export function expectPublishedAfterOneRetry(
  { published, failures }: Awaited<ReturnType<typeof attemptsUntilPublished>>,
  request: ReturnType<typeof recordedRequest>,
  posts: readonly { id: string }[],
) {
  expect(failures).toEqual(['transient']);
  expect(request.uploads.map(([assetId]) => assetId)).toEqual(request.media?.map((m) => m.assetId));
  expect(posts.filter((p) => p.id === published.externalId)).toHaveLength(1);
}

/**
 * The first attempt waited on the platform's processing; the second failed for good, naming
 * the asset and the platform's reason, so the post goes no further.
 *
 * @example
 * ```ts
 * expectFailedForGood(await twoFailedAttempts(adapter, request), video, 'FAILED_PROCESSING_VIDEO');
 * ```
 */
export function expectFailedForGood(
  [first, second]: [ChannelFailure, ChannelFailure],
  asset: MediaAttachment,
  reason: string,
) {
  expect(first.kind).toBe('processing');
  expect(second.kind).toBe('permanent');
  expect(second.message).toContain(`asset ${asset.assetId}`);
  expect(second.message).toContain(reason);
}

/**
 * The platform could not process the video: refused for good, naming the asset and the
 * media-processing rule, the message carrying `inMessage`.
 *
 * @example
 * ```ts
 * expectVideoRefusedForGood(await whileVideosFail(x.media, () => adapter.publish(request)), 'v-bad', 'codec');
 * ```
 */
export function expectVideoRefusedForGood(failure: unknown, assetId: string, inMessage: string) {
  expect(failure).toMatchObject({
    kind: 'permanent',
    context: expect.objectContaining({ assetId, rule: 'media-processing' }),
  });
  expect((failure as Error).message).toContain(inMessage);
}
