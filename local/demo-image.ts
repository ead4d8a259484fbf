import { crc32, deflateSync } from 'node:zlib';
import { LocalServiceError } from '../functions/domain/errors.js';
import type { LocalBrandflow } from './runtime.js';

/** The demo's image: its file name, alternative text, and size in pixels. */
export const DEMO_IMAGE = {
  fileName: 'spring-harvest.png',
  alt: 'Tea pickers on a terraced garden at dawn, baskets of fresh leaves on their backs',
  width: 1200,
  height: 675,
} as const;

const chunk = (type: string, data: Buffer) => {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};

/**
 * The demo's picture, drawn here so the repository carries no binary: a dawn sky over green
 * terraces, an 8-bit RGB PNG of {@link DEMO_IMAGE}'s size.
 *
 * @example
 * ```ts
 * const bytes = demoImagePng(); // a PNG any decoder reads
 * ```
 */
export function demoImagePng(): Buffer {
  const { width, height } = DEMO_IMAGE;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const stride = width * 3 + 1;
  const rows = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      // Terraces: bands of green below a wavy horizon, a warm sky above.
      const horizon = height * 0.45 + Math.sin(x / 90) * 30;
      const at = y * stride + 1 + x * 3;
      if (y < horizon) {
        rows.set([250, 170 + Math.round((y / horizon) * 60), 120 + Math.round((y / horizon) * 90)], at);
      } else {
        const band = Math.floor((y - horizon + Math.sin(x / 40) * 8) / 28) % 2;
        rows.set([60 + band * 30, 130 + band * 40, 60 + band * 20], at);
      }
    }
  }
  return Buffer.concat([
    Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The demo's image once in the library. */
export interface DemoImage {
  assetId: string;
  media: { type: string; width: number; height: number; bytes: number };
}

/**
 * Adds the demo's picture to `brandId`'s asset library through the front door, as
 * `npx brandflow assets add` does: announced by `editor` (a token the local issuer signs),
 * uploaded to the presigned URL, completed (type read from the bytes, metadata stripped).
 *
 * @example
 * ```ts
 * const { assetId } = await addDemoImage(brandflow, 'aurora-tea', 'author-1', 'harvest-20300101');
 * ```
 */
export async function addDemoImage(
  brandflow: LocalBrandflow,
  brandId: string,
  editor: string,
  assetId: string,
): Promise<DemoImage> {
  const bytes = demoImagePng();
  const token = await brandflow.issuer.issue(editor);
  const library = `${brandflow.apiEndpoint}/brands/${encodeURIComponent(brandId)}/assets`;
  const post = async (url: string, body: unknown) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (!response.ok) {
      throw new LocalServiceError(
        `the demo's image was refused: ${response.status} ${JSON.stringify(answer)}`,
      );
    }
    return answer;
  };
  const { upload } = (await post(library, {
    assetId,
    bytes: bytes.length,
    fileName: DEMO_IMAGE.fileName,
    alt: { en: DEMO_IMAGE.alt },
  })) as { upload: { url: string; method: string; headers: Record<string, string> } };
  const put = await fetch(upload.url, {
    method: upload.method,
    headers: upload.headers,
    body: new Uint8Array(bytes),
  });
  if (!put.ok) throw new LocalServiceError(`the demo's image upload was refused: ${put.status}`);
  const ready = (await post(
    `${library}/${encodeURIComponent(assetId)}/complete`,
    {},
  )) as unknown as DemoImage;
  return { assetId, media: ready.media };
}
