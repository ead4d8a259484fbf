import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MediaAttachment } from '../../functions/channels/core/attachment.js';
import type { PublishRequest } from '../../functions/channels/core/channel-adapter.js';
import { type ContainerCalls, mediaContainerForm } from '../../functions/channels/media/graph-media.js';
import {
  type LinkedInMediaCalls,
  linkedInMediaContent,
} from '../../functions/channels/media/linkedin-media.js';
import { MediaType } from '../../functions/domain/media.js';

/*
 * The reuse rules of the media uploads, against platforms held in memory: whatever an earlier
 * attempt already uploaded, a retry uploads only the rest, and the post names every asset's
 * upload in the post's order.
 */

const image = (assetId: string): MediaAttachment => ({
  assetId,
  type: MediaType.Jpeg,
  kind: 'image',
  width: 1080,
  height: 1080,
  bytes: 3,
  sha256: assetId,
  alt: `alt of ${assetId}`,
  read: async () => new Uint8Array([1, 2, 3]),
  fetchUrl: async () => `https://assets.example/${assetId}`,
});

/** A post's assets (2 to 10, distinct) and which of them an earlier attempt uploaded. */
const postWithEarlierUploads = fc
  .uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), { minLength: 2, maxLength: 10 })
  .chain((ids) => fc.record({ ids: fc.constant(ids), earlier: fc.subarray(ids) }));

function requestFor(ids: string[], uploadedMedia: Record<string, string>) {
  const uploads: string[] = [];
  const request: PublishRequest = {
    idempotencyKey: 'p:ch:r1',
    postId: 'p',
    content: { text: 'Spring', assets: ids },
    media: ids.map(image),
    uploadedMedia,
    onMediaUploaded: async (assetId) => {
      uploads.push(assetId);
    },
  };
  return { request, uploads };
}

describe('media uploaded once across attempts', () => {
  it('makes a carousel item only for the assets no earlier attempt made, and names all in order', async () => {
    await fc.assert(
      fc.asyncProperty(postWithEarlierUploads, async ({ ids, earlier }) => {
        // Prepare
        const made: Record<string, string> = {};
        const calls: ContainerCalls = {
          platform: 'Instagram',
          channel: 'instagram',
          create: async (form) => {
            const id = `c-${form.image_url?.split('/').pop()}`;
            made[id] = form.image_url ?? '';
            return id;
          },
          state: async () => ({ code: 'FINISHED' }),
        };
        const { request, uploads } = requestFor(
          ids,
          Object.fromEntries(earlier.map((id) => [id, `c-${id}`])),
        );

        // Act
        const form = await mediaContainerForm(calls, request, { caption: 'Spring' });

        // Assess
        expect(uploads).toEqual(ids.filter((id) => !earlier.includes(id)));
        expect(Object.keys(made).length).toBe(ids.length - earlier.length);
        expect(form).toEqual({
          media_type: 'CAROUSEL',
          children: ids.map((id) => `c-${id}`).join(','),
          caption: 'Spring',
        });
      }),
    );
  });

  it('uploads to LinkedIn only the images no earlier attempt sent, and posts every URN in order', async () => {
    await fc.assert(
      fc.asyncProperty(postWithEarlierUploads, async ({ ids, earlier }) => {
        // Prepare
        let initialized = 0;
        const sent: string[] = [];
        const calls: LinkedInMediaCalls = {
          channel: 'linkedin',
          owner: 'urn:li:organization:1',
          action: async () => {
            initialized += 1;
            return {
              value: {
                uploadUrl: `https://www.linkedin.com/up/${initialized}`,
                image: `urn:li:image:n${initialized}`,
              },
            };
          },
          upload: async (url) => {
            sent.push(url);
            return undefined;
          },
          read: async () => ({ status: 'AVAILABLE' }),
        };
        const { request, uploads } = requestFor(
          ids,
          Object.fromEntries(earlier.map((id) => [id, `urn:li:image:${id}`])),
        );

        // Act
        const content = await linkedInMediaContent(calls, request);

        // Assess
        const fresh = ids.filter((id) => !earlier.includes(id));
        expect(uploads).toEqual(fresh);
        expect(sent).toHaveLength(fresh.length);
        let n = 0;
        const expected = ids.map((id) => {
          if (earlier.includes(id)) return `urn:li:image:${id}`;
          n += 1;
          return `urn:li:image:n${n}`;
        });
        expect(content).toEqual({
          multiImage: { images: expected.map((urn, i) => ({ id: urn, altText: `alt of ${ids[i]}` })) },
        });
      }),
    );
  });
});
