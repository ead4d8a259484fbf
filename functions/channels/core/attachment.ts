import type { MediaFacts } from '../../domain/media.js';

/**
 * One library asset as an adapter uploads it: what its bytes are, its alternative text in the
 * brand's language, and a reader for the exact stored version (read only when uploaded).
 */
export interface MediaAttachment extends Pick<MediaFacts, 'type' | 'kind' | 'width' | 'height' | 'bytes'> {
  assetId: string;
  /** SHA-256 (hex) of the bytes: the same asset uploads to the same platform id. */
  sha256: string;
  /** When the bytes are a platform variant (resized, re-encoded): its target, e.g. `jpeg-1000000b`. */
  variant?: string;
  alt?: string;
  read(): Promise<Uint8Array>;
  /**
   * A URL from which the platform itself fetches the exact stored version, valid `seconds`
   * (Instagram, Threads, Facebook): a presigned S3 GET, signed with the publishing function's
   * role. Absent where the asset is not in the library's bucket.
   */
  fetchUrl?(seconds: number): Promise<string>;
}

/**
 * Which assets a failure is about, for messages: `asset a-1` or `assets a-1, a-2`.
 *
 * @example
 * ```ts
 * assetsNamed(request.media); // 'assets a-1, a-2'
 * ```
 */
export function assetsNamed(media: readonly Pick<MediaAttachment, 'assetId'>[] | undefined): string {
  const ids = (media ?? []).map((m) => m.assetId);
  return ids.length === 0 ? 'the media' : `${ids.length === 1 ? 'asset' : 'assets'} ${ids.join(', ')}`;
}
