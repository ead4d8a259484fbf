import type { MediaAttachment } from '../../functions/channels/media/attachment.js';
import { type MediaFacts, sniffMedia } from '../../functions/domain/media.js';

/**
 * A library asset as an adapter receives it, from a file's bytes (its type, size and
 * dimensions read from them, as the library does); `reads` counts how often it was read.
 *
 * @example
 * ```ts
 * const image = attachmentOf('a-1', png(1200, 675), 'A cup on a table');
 * ```
 */
export function attachmentOf(
  assetId: string,
  file: Buffer,
  alt?: string,
): MediaAttachment & { reads: number; facts: MediaFacts } {
  const facts = sniffMedia(new Uint8Array(file));
  const attachment = {
    assetId,
    type: facts.type,
    kind: facts.kind,
    width: facts.width,
    height: facts.height,
    bytes: file.length,
    sha256: `sha-${assetId}`,
    alt,
    facts,
    reads: 0,
    read: async () => {
      attachment.reads += 1;
      return new Uint8Array(file);
    },
  };
  return attachment;
}
