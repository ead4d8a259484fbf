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
}
