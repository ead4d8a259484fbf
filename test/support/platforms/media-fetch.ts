import { sniffMedia } from '../../../functions/domain/media.js';

/** What a platform got when it fetched a media URL. */
export type FetchedMedia =
  | { ok: true; bytes?: Buffer; kind?: 'image' | 'video' }
  | { ok: false; status: number; reason: string };

/**
 * A media URL fetched as Meta fetches `image_url`, `video_url`, `url` and `file_url`: URLs on
 * 127.0.0.1 (the twin's S3 server, through a presigned URL) are fetched and their bytes read
 * for their type; a refused, expired or missing object is a failed download. Other hosts are
 * taken as fetched without their bytes: the suite has no internet.
 *
 * @example
 * ```ts
 * const fetched = await fetchMedia(String(request.body.image_url));
 * ```
 */
export async function fetchMedia(url: string): Promise<FetchedMedia> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: 0, reason: 'not a URL' };
  }
  if (parsed.hostname !== '127.0.0.1' && parsed.hostname !== 'localhost') return { ok: true };
  const response = await fetch(url).catch(() => undefined);
  if (!response?.ok) {
    return {
      ok: false,
      status: response?.status ?? 0,
      reason: response ? `HTTP ${response.status}` : 'unreachable',
    };
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  try {
    return { ok: true, bytes, kind: sniffMedia(bytes).kind };
  } catch {
    return { ok: true, bytes };
  }
}
