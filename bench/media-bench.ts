import { createHash } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { Transformer } from '@napi-rs/image';
import { writeObject } from '../functions/aws/asset-storage.js';
import { mediaForPublishing } from '../functions/channels/media/publish-check.js';
import { assetObjectKeys } from '../functions/domain/asset.js';
import { sniffMedia } from '../functions/domain/media.js';
import { announceAsset, markAssetReady } from '../functions/persistence/assets.js';
import { putBrand } from '../functions/persistence/brands.js';
import { startLocalBrandflow } from '../local/runtime.js';
import { awsPrices } from './aws-prices.js';
import { type BundleResult, measureBundles } from './bundles.js';
import { LAMBDA_MEMORY_MB } from './lifecycle-costs.js';
import { withMarkedSection } from './report-bench.js';
import { median } from './stats.js';

/*
 * The media part of publishing, measured on this machine: what PublishToChannel spends
 * preparing one image (read from the asset bucket, or resized into a platform variant the first
 * time and read back on later attempts), the S3 requests it makes (counted on the real
 * `@aws-sdk/client-s3` client against the twin's S3 server), their cost, and the import time
 * of the handlers that touch media.
 */

/** The handlers whose bundles carry media code (or would, were it not loaded lazily). */
export const MEDIA_HANDLERS = [
  'publish-to-channel',
  'api-add-asset',
  'api-complete-asset',
  'collect-metrics',
];

/** One way an image reaches a platform. */
export interface MediaScenario {
  name: string;
  /** Median milliseconds of the media preparation (check, read or resize, read back). */
  ms: number;
  gets: number;
  puts: number;
  /** Bytes handed to the platform. */
  bytes: number;
  /** Dollars per 1,000 posts: Lambda time at the stack's memory and the S3 requests. */
  dollarsPerThousand: number;
}

export interface MediaBenchResult {
  photo: { width: number; height: number; bytes: number };
  scenarios: MediaScenario[];
  bundles: BundleResult[];
  runs: number;
}

/** A photo-like JPEG (gradients and grain), `width` × `height`, at quality 95. */
async function photo(width: number, height: number): Promise<Uint8Array> {
  const pixels = new Uint8Array(width * height * 4);
  let seed = 0x9e3779b9;
  for (let at = 0; at < pixels.length; at += 4) {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    const x = (at / 4) % width;
    const y = Math.floor(at / 4 / width);
    const grain = (seed & 0x3f) - 32;
    pixels[at] = (x * 255) / width + grain;
    pixels[at + 1] = (y * 255) / height + grain;
    pixels[at + 2] = ((x + y) * 127) / (width + height) + grain;
    pixels[at + 3] = 255;
  }
  return new Uint8Array(await Transformer.fromRgbaPixels(pixels, width, height).jpeg(95));
}

/** Counts the S3 requests of every client in this process, by command. */
function countS3Requests() {
  const counts = { gets: 0, puts: 0 };
  const proto = S3Client.prototype as unknown as { send: (command: object, ...rest: unknown[]) => unknown };
  const send = proto.send;
  proto.send = function (this: unknown, command: object, ...rest: unknown[]) {
    const name = command.constructor.name;
    if (name === 'GetObjectCommand') counts.gets += 1;
    else if (name === 'PutObjectCommand') counts.puts += 1;
    return send.call(this, command, ...rest);
  };
  return {
    take: () => {
      const taken = { ...counts };
      counts.gets = 0;
      counts.puts = 0;
      return taken;
    },
    restore: () => {
      proto.send = send;
    },
  };
}

const dollarsPerThousand = (ms: number, gets: number, puts: number) =>
  1000 *
  ((ms / 1000) * (LAMBDA_MEMORY_MB / 1024) * awsPrices.lambda.perGbSecondArm +
    gets * awsPrices.s3.perGetRequest +
    puts * awsPrices.s3.perPutRequest);

/**
 * Runs the media measurements against a local twin (DynamoDB Local and the embedded S3
 * server): `runs` posts per scenario, each a fresh asset for the first-time resize.
 */
export async function measureMedia(log: (message: string) => void, runs = 7): Promise<MediaBenchResult> {
  const image = await photo(3000, 2000);
  const facts = sniffMedia(image);
  const runtime = await startLocalBrandflow({
    dynamoDbEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB,
    tableName: `brandflow-media-bench-${Date.now()}`,
  });
  const counter = countS3Requests();
  // Brandflow's own modules, in the run's scope: its table, its S3 server.
  const run = runtime.scope.bind({
    putBrand,
    writeObject,
    announceAsset,
    markAssetReady,
    mediaForPublishing,
  });
  try {
    const brandId = 'media-bench';
    await run.putBrand({
      brandId,
      name: 'Media bench',
      channels: [{ id: 'x', adapter: 'sandbox', maxLength: 280 }],
    });
    const addAsset = async (assetId: string) => {
      // A distinct file per asset (bytes after the end of image), as distinct photos would be.
      const bytes = new Uint8Array([...image, ...new TextEncoder().encode(assetId)]);
      const versionId = await run.writeObject(assetObjectKeys(brandId, assetId).stored, bytes, facts.type);
      await run.announceAsset({
        brandId,
        assetId,
        status: 'pending',
        bytes: bytes.length,
        alt: { en: 'A gradient with grain' },
        createdBy: 'bench',
        createdAt: new Date().toISOString(),
      });
      await run.markAssetReady(brandId, assetId, {
        media: { ...facts, bytes: bytes.length },
        sha256: createHash('sha256').update(bytes).digest('hex'),
        readyAt: new Date().toISOString(),
        ...(versionId ? { versionId } : {}),
      });
    };
    const prepare = async (adapter: string, assetId: string) => {
      counter.take();
      const started = performance.now();
      const media = await run.mediaForPublishing(
        brandId,
        'x',
        adapter,
        { text: 'Bench', assets: [assetId] },
        Date.now(),
        'en',
      );
      // Reading the bytes calls S3 too, so it runs in the run's scope as well.
      const sent = await runtime.scope.run(() => Promise.all(media.map((m) => m.read())));
      return { ms: performance.now() - started, bytes: sent[0]?.length ?? 0, ...counter.take() };
    };
    const scenario = async (name: string, run: (i: number) => ReturnType<typeof prepare>) => {
      log(`media: ${name}`);
      await run(-1); // warm-up: the image library and the S3 client load once per container
      const samples = [];
      for (let i = 0; i < runs; i += 1) samples.push(await run(i));
      const ms = median(samples.map((s) => s.ms));
      const last = samples[samples.length - 1] as Awaited<ReturnType<typeof prepare>>;
      return {
        name,
        ms,
        gets: last.gets,
        puts: last.puts,
        bytes: last.bytes,
        dollarsPerThousand: dollarsPerThousand(ms, last.gets, last.puts),
      };
    };
    await addAsset('fits');
    const scenarios: MediaScenario[] = [
      await scenario('image within the limit (LinkedIn, 36 MB): read as stored', () =>
        prepare('linkedin', 'fits'),
      ),
      await scenario('image over the limit (Bluesky, 1,000,000 bytes): variant made', async (i) => {
        const id = `resize-${i + 1}`;
        await addAsset(id);
        return prepare('bluesky', id);
      }),
      await scenario('the same image on a retry or another post: variant reused', () =>
        prepare('bluesky', 'resize-0'),
      ),
    ];
    counter.restore();
    log('media: import time of the media handlers');
    const bundles = await measureBundles(runs, MEDIA_HANDLERS);
    return {
      photo: { width: facts.width, height: facts.height, bytes: facts.bytes },
      scenarios,
      bundles,
      runs,
    };
  } finally {
    counter.restore();
    await runtime.stop();
  }
}

const SECTION_START = '<!-- media-benchmark -->';
const SECTION_END = '<!-- /media-benchmark -->';

/**
 * The media section of docs/benchmarks.md.
 *
 * @example
 * ```ts
 * const doc = withMediaSection(existing, mediaSection(result, 1.2));
 * ```
 */
export function mediaSection(r: MediaBenchResult, load: number): string {
  const money = (d: number) => `$${d.toFixed(4)}`;
  const rows = r.scenarios
    .map(
      (s) =>
        `| ${s.name} | ${s.ms.toFixed(0)} | ${s.gets} | ${s.puts} | ${s.bytes.toLocaleString('en')} | ${money(s.dollarsPerThousand)} |`,
    )
    .join('\n');
  const imports = r.bundles
    .map(
      (b) =>
        `| ${b.file} | ${(b.bytes / 1024).toFixed(0)} | ${((b.lazyBytes ?? 0) / 1024).toFixed(0)} | ${b.importMs.toFixed(1)} | ${(b.importCpuMs ?? 0).toFixed(1)} | ${b.importMs < 50 ? 'yes' : 'no'} |`,
    )
    .join('\n');
  return `${SECTION_START}
## Media: upload cost per post and import time

Measured by \`npm run bench\` (\`bench/media-bench.ts\`; \`npm run bench -- --media-only\` runs it
alone) on the local twin: one photo-like JPEG of ${r.photo.width} × ${r.photo.height} pixels and
${r.photo.bytes.toLocaleString('en')} bytes, prepared by \`mediaForPublishing\` as PublishToChannel
prepares it (checks, the read of the stored file or its platform variant), median of ${r.runs}
posts per row after one warm-up; S3 requests counted on the real \`@aws-sdk/client-s3\` client;
1-minute load average at the start ${load.toFixed(1)}. The upload to the platform itself is the
platform's time, not counted. Cost: Lambda at ${LAMBDA_MEMORY_MB} MB Arm and S3 requests
(${money(awsPrices.s3.perGetRequest * 1000)} per 1,000 GET, ${money(awsPrices.s3.perPutRequest * 1000)} per 1,000 PUT), per
1,000 posts with one image.

| Image | Lambda ms | S3 GET | S3 PUT | Bytes to the platform | $ per 1,000 posts |
| ----- | --------- | ------ | ------ | --------------------- | ----------------- |
${rows}

Import time of the handlers that touch media, as deployed (split bundles: each platform's adapter, the S3 client,
media code and image library load at first use; median of ${r.runs} fresh processes; goal 50 ms).
On a loaded machine the wall time mostly measures the wait for a core; the CPU column is what
the import itself costs:

| Handler | Cold-start KB | Lazy KB | Import ms | Import CPU ms | Under 50 ms |
| ------- | ------------- | ------- | --------- | ------------- | ----------- |
${imports}
${SECTION_END}
`;
}

/** `doc` with its media section replaced by `section`, or `section` appended when it has none. */
export function withMediaSection(doc: string, section: string): string {
  return withMarkedSection(doc, section, SECTION_START, SECTION_END);
}
