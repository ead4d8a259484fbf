import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AssetRecord } from '../../functions/domain/asset.js';
import { brandProfileSchema } from '../../functions/domain/brand.js';
import { type MediaFacts, MediaType } from '../../functions/domain/media.js';
import { channelMediaProblems, platformMediaLimits } from '../../functions/domain/media-rules.js';
import { evaluatePolicy } from '../../functions/domain/policy.js';
import { policyConfigSchema } from '../../functions/domain/policy-config.js';
import { validateSubmission } from '../../functions/domain/submission.js';

const HOUR = 3600_000;
const image = (
  assetId: string,
  media: Partial<MediaFacts> = {},
  alt: Record<string, string> = { en: 'A cup' },
): AssetRecord => ({
  brandId: 'acme',
  assetId,
  status: 'ready',
  bytes: 1000,
  alt,
  createdBy: 'editor-1',
  createdAt: '2030-01-01T00:00:00Z',
  media: { type: MediaType.Jpeg, kind: 'image', bytes: 200_000, width: 1080, height: 1080, ...media },
  sha256: assetId.padEnd(64, '0'),
});
const video = (assetId: string, seconds: number): AssetRecord =>
  image(assetId, { type: MediaType.Mp4, kind: 'video', durationSeconds: seconds, bytes: 5_000_000 });
const rules = (problems: { field: string; rule: string }[]) => problems.map((p) => `${p.field} ${p.rule}`);

describe('media checked against each platform', () => {
  it('takes up to four images with alt text on Bluesky, and names the fifth image’s list', () => {
    // Prepare
    const four = ['a1', 'a2', 'a3', 'a4'].map((id) => image(id));

    // Act
    const fits = channelMediaProblems('bsky', 'bluesky', four, { altTextRequired: false });
    const tooMany = channelMediaProblems('bsky', 'bluesky', [...four, image('a5')], {
      altTextRequired: false,
    });

    // Assess
    expect(fits).toEqual([]);
    expect(rules(tooMany)).toEqual(['content.bsky.assets media-count']);
  });

  it('refuses on Bluesky an image without alt text, and one too heavy to shrink under 1,000,000 bytes, naming the asset and the rule', () => {
    // Act
    const problems = channelMediaProblems(
      'bsky',
      'bluesky',
      [
        image('big', { bytes: 1_000_001 }),
        image('huge', { bytes: 50_000_000 }),
        image('anim', { type: MediaType.Gif, bytes: 2_000_000 }),
        image('mute', {}, {}),
      ],
      { altTextRequired: false },
    );

    // Assess: 'big' is posted as a smaller variant; 'huge' would need less than 320 pixels a side
    expect(rules(problems)).toEqual([
      'content.bsky.assets.huge media-size',
      'content.bsky.assets.anim media-size',
      'content.bsky.assets.mute alt-text',
    ]);
  });

  it('refuses what a platform does not take: a GIF on Instagram, a portrait past 4:5, a 200 s video on X, mixed media on X', () => {
    // Act
    const instagram = channelMediaProblems(
      'ig',
      'instagram',
      [
        image('png', { type: MediaType.Png }),
        image('gif', { type: MediaType.Gif }),
        image('tall', { width: 1000, height: 1400 }),
      ],
      { altTextRequired: false },
    );
    const x = channelMediaProblems('x', 'x', [image('still'), video('long', 200)], {
      altTextRequired: false,
    });

    // Assess
    // Assess: the PNG is posted as a JPEG variant; a GIF may be animated and is not re-encoded
    expect(rules(instagram)).toEqual([
      'content.ig.assets.gif media-type',
      'content.ig.assets.tall media-dimensions',
    ]);
    expect(rules(x)).toEqual(['content.x.assets media-count', 'content.x.assets.long media-duration']);
  });

  it('names an asset and a known rule in every problem, whatever the platform and the media', () => {
    const anyAsset = fc
      .tuple(
        fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/),
        fc.constantFrom(...Object.values(MediaType)),
        fc.integer({ min: 1, max: 600_000_000 }),
        fc.integer({ min: 1, max: 8000 }),
        fc.integer({ min: 1, max: 8000 }),
        fc.double({ min: 0, max: 7200, noNaN: true }),
        fc.boolean(),
      )
      .map(([id, type, bytes, width, height, seconds, alt]) =>
        image(
          id,
          {
            type,
            kind: type.startsWith('video') ? 'video' : 'image',
            bytes,
            width,
            height,
            durationSeconds: seconds,
          },
          alt ? { en: 'x' } : {},
        ),
      );
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(platformMediaLimits)),
        fc.uniqueArray(anyAsset, { selector: (a) => a.assetId, maxLength: 12 }),
        (adapter, assets) => {
          // Act
          const problems = channelMediaProblems('ch', adapter, assets, { altTextRequired: true });

          // Assess
          for (const p of problems) {
            expect(p.field).toMatch(/^content\.ch\.assets(\.[a-z0-9]+)?$/);
            expect([
              'media-count',
              'media-type',
              'media-size',
              'media-dimensions',
              'media-duration',
              'alt-text',
            ]).toContain(p.rule);
          }
        },
      ),
    );
  });
});

describe('a submission naming library assets', () => {
  const brand = brandProfileSchema.parse({
    brandId: 'acme',
    name: 'Acme',
    channels: [{ id: 'bsky', adapter: 'bluesky', account: 'acme-bsky', maxLength: 300 }],
  });
  const now = Date.parse('2030-01-01T00:00:00Z');
  const detail = (assets: string[]) => ({
    postId: 'p-1',
    revision: 1,
    brandId: 'acme',
    author: { id: 'editor-1' },
    contentType: 'image',
    content: { bsky: { text: 'Our spring blend', assets } },
    scheduledAt: new Date(now + 48 * HOUR).toISOString(),
    timeZone: 'UTC',
  });
  const submit = (assets: string[], library: Record<string, AssetRecord>) =>
    validateSubmission({ detail: detail(assets), brand, existing: undefined, now, assets: library });

  it('binds its content hash to every asset’s bytes: another file under the same id is another content', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{64}$/), fc.stringMatching(/^[0-9a-f]{64}$/), (a, b) => {
        // Act
        const first = submit(['a1'], { a1: { ...image('a1'), sha256: a } });
        const second = submit(['a1'], { a1: { ...image('a1'), sha256: b } });

        // Assess
        expect(first.ok && second.ok).toBe(true);
        if (first.ok && second.ok) expect(first.value.contentHash === second.value.contentHash).toBe(a === b);
      }),
    );
  });

  it('refuses an unknown asset, one expired by the scheduled time, and one still embargoed then', () => {
    // Act
    const result = submit(['gone', 'old', 'later'], {
      old: { ...image('old'), notAfter: new Date(now + 24 * HOUR).toISOString() },
      later: { ...image('later'), notBefore: new Date(now + 72 * HOUR).toISOString() },
    });

    // Assess
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : rules(result.errors)).toEqual([
      'content.bsky.assets.gone known-asset',
      'content.bsky.assets.old asset-expired',
      'content.bsky.assets.later asset-embargo',
    ]);
  });
});

describe('the alt-text policy rule', () => {
  const post = {
    postId: 'p-1',
    content: { x: { text: 'Our spring blend', assets: ['photo', 'clip'] } },
    scheduledAt: '2030-01-02T00:00:00Z',
    timeZone: 'UTC',
  };
  const assets = { photo: image('photo', {}, { fr: 'Une tasse' }), clip: video('clip', 10) };

  it('blocks an image without alt text in the brand’s language by default, warns or stays silent as the brand sets', () => {
    // Act
    const outcome = (severity?: 'warn' | 'off') =>
      evaluatePolicy({
        post,
        policy: policyConfigSchema.parse(severity ? { severity: { 'alt-text': severity } } : {}),
        policyVersion: 1,
        assets,
        altLanguage: 'en',
      });

    // Assess
    expect(outcome().outcome).toBe('block');
    expect(outcome().findings).toEqual([expect.objectContaining({ rule: 'alt-text', term: 'photo' })]);
    expect(outcome('warn').outcome).toBe('warn');
    expect(outcome('off').outcome).toBe('pass');
  });
});
