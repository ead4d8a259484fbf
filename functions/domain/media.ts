import { InvalidInputError } from './errors.js';

/*
 * What a media file is, read from its bytes and never from its name, and the same bytes
 * without personal metadata. Plain byte parsing of the container formats (no decoder): the
 * pixels and samples are never touched, so stripping loses no quality and needs no image
 * library.
 */

/** The media types an asset may have. */
export const MediaType = {
  Jpeg: 'image/jpeg',
  Png: 'image/png',
  Gif: 'image/gif',
  Webp: 'image/webp',
  Mp4: 'video/mp4',
  QuickTime: 'video/quicktime',
} as const;
export type MediaType = (typeof MediaType)[keyof typeof MediaType];
export const mediaTypes = Object.values(MediaType);

/** What the bytes say about a media file. */
export interface MediaFacts {
  type: MediaType;
  kind: 'image' | 'video';
  bytes: number;
  width: number;
  height: number;
  /** Seconds, for video. */
  durationSeconds?: number;
}

const ascii = (bytes: Uint8Array, at: number, length: number) =>
  String.fromCharCode(...bytes.subarray(at, at + length));
const u16 = (b: Uint8Array, at: number) => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
const u16le = (b: Uint8Array, at: number) => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, at: number) => u16le(b, at) | ((b[at + 2] ?? 0) << 16);
const u32 = (b: Uint8Array, at: number) => u16(b, at) * 0x10000 + u16(b, at + 2);
const u32le = (b: Uint8Array, at: number) => u16le(b, at) + u16le(b, at + 2) * 0x10000;
const u64 = (b: Uint8Array, at: number) => u32(b, at) * 0x1_0000_0000 + u32(b, at + 4);

function unreadable(field: string, message: string): never {
  throw new InvalidInputError([{ field, rule: 'media-type', message }]);
}

/**
 * Reads a media file's type, dimensions and (for video) duration from its bytes. Anything
 * that is not a JPEG, PNG, GIF, WebP, MP4 or QuickTime file, or whose header is cut short, is
 * an {@link InvalidInputError} naming `field` and the rule `media-type`.
 *
 * @example
 * ```ts
 * sniffMedia(await readFile('launch.png'), 'file'); // { type: 'image/png', kind: 'image', bytes: 48213, width: 1200, height: 675 }
 * ```
 */
export function sniffMedia(bytes: Uint8Array, field = 'file'): MediaFacts {
  const facts = readFacts(bytes, field);
  if (!(facts.width > 0 && facts.height > 0)) {
    unreadable(field, `the ${facts.type} file names no width and height`);
  }
  return facts;
}

function readFacts(b: Uint8Array, field: string): MediaFacts {
  const bytes = b.length;
  const image = (type: MediaType, width: number, height: number): MediaFacts => ({
    type,
    kind: 'image',
    bytes,
    width,
    height,
  });
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    const frame = jpegFrame(b);
    return image(MediaType.Jpeg, frame?.width ?? 0, frame?.height ?? 0);
  }
  if (ascii(b, 0, 8) === '\x89PNG\r\n\x1a\n' && ascii(b, 12, 4) === 'IHDR') {
    return image(MediaType.Png, u32(b, 16), u32(b, 20));
  }
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') {
    // The logical screen descriptor (13 bytes with the signature) is all a GIF header has.
    if (bytes < 13) return unreadable(field, 'the GIF file ends inside its header');
    return image(MediaType.Gif, u16le(b, 6), u16le(b, 8));
  }
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') {
    const chunk = ascii(b, 12, 4);
    if (chunk === 'VP8X') return image(MediaType.Webp, u24le(b, 24) + 1, u24le(b, 27) + 1);
    if (chunk === 'VP8L') {
      const bits = u32le(b, 21);
      return image(MediaType.Webp, (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
    }
    if (chunk === 'VP8 ') return image(MediaType.Webp, u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff);
    return unreadable(field, 'the WebP file has no image chunk');
  }
  if (ascii(b, 4, 4) === 'ftyp') {
    const type = ascii(b, 8, 4) === 'qt  ' ? MediaType.QuickTime : MediaType.Mp4;
    const movie = isoMovie(b);
    if (!movie) return unreadable(field, `the ${type} file has no movie header (moov/mvhd)`);
    return { type, kind: 'video', bytes, ...movie };
  }
  return unreadable(field, `the bytes are none of ${mediaTypes.join(', ')}`);
}

/** JPEG start-of-frame markers (SOF0-SOF15 but DHT, JPG and DAC). */
const isStartOfFrame = (marker: number) =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

function jpegFrame(b: Uint8Array): { width: number; height: number } | undefined {
  for (const segment of jpegSegments(b)) {
    if (segment.marker === 0xda) return undefined;
    if (isStartOfFrame(segment.marker)) {
      return { height: u16(b, segment.start + 5), width: u16(b, segment.start + 7) };
    }
  }
  return undefined;
}

interface JpegSegment {
  marker: number;
  /** Offset of the 0xFF of the marker. */
  start: number;
  /** Offset just past the segment (for SOS: past its header; the scan data follows). */
  end: number;
}

/** The marker segments of a JPEG up to and including the start of scan. */
function* jpegSegments(b: Uint8Array): Generator<JpegSegment> {
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return;
    const marker = b[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    const end = at + 2 + u16(b, at + 2);
    if (end > b.length) return;
    yield { marker, start: at, end };
    if (marker === 0xda) return;
    at = end;
  }
}

interface IsoBox {
  type: string;
  start: number;
  /** Offset of the box's content. */
  body: number;
  end: number;
}

function* isoBoxes(b: Uint8Array, from: number, to: number): Generator<IsoBox> {
  let at = from;
  while (at + 8 <= to) {
    let size = u32(b, at);
    let body = at + 8;
    if (size === 1) {
      size = u64(b, at + 8);
      body = at + 16;
    } else if (size === 0) {
      size = to - at;
    }
    if (size < body - at || at + size > to) return;
    yield { type: ascii(b, at + 4, 4), start: at, body, end: at + size };
    at += size;
  }
}

const child = (b: Uint8Array, box: IsoBox, type: string) =>
  [...isoBoxes(b, box.body, box.end)].find((c) => c.type === type);

function isoMovie(b: Uint8Array): { width: number; height: number; durationSeconds: number } | undefined {
  const moov = [...isoBoxes(b, 0, b.length)].find((box) => box.type === 'moov');
  const mvhd = moov && child(b, moov, 'mvhd');
  if (!moov || !mvhd) return undefined;
  const v1 = b[mvhd.body] === 1;
  const timescale = u32(b, mvhd.body + (v1 ? 20 : 12));
  const duration = v1 ? u64(b, mvhd.body + 24) : u32(b, mvhd.body + 16);
  let width = 0;
  let height = 0;
  for (const trak of isoBoxes(b, moov.body, moov.end)) {
    const tkhd = trak.type === 'trak' ? child(b, trak, 'tkhd') : undefined;
    if (!tkhd) continue;
    // Width and height are 16.16 fixed point at the end of the track header.
    const at = tkhd.body + (b[tkhd.body] === 1 ? 88 : 76);
    if (u16(b, at) > 0 && u16(b, at + 4) > 0) {
      width = u16(b, at);
      height = u16(b, at + 4);
      break;
    }
  }
  return { width, height, durationSeconds: timescale ? Math.round((duration / timescale) * 1000) / 1000 : 0 };
}

/** JPEG segments that carry metadata rather than the image: EXIF/XMP, IPTC and the other APPn, comments. */
const JPEG_METADATA = (marker: number) =>
  marker === 0xfe || (marker >= 0xe1 && marker <= 0xef && marker !== 0xe2 && marker !== 0xee);
/** PNG chunks that carry metadata: EXIF, text (authors, software, places) and the modification time. */
const PNG_METADATA = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME']);
/** ISO media boxes that carry user data and metadata (location, device, names). */
const ISO_METADATA = new Set(['udta', 'meta', 'uuid']);

/**
 * The media file without personal metadata: EXIF (location, camera serial, time), XMP, IPTC
 * and comments. Image data is copied byte for byte. JPEG keeps its JFIF, ICC colour profile
 * and Adobe segments; PNG drops `eXIf` and text chunks; WebP drops `EXIF` and `XMP `; GIF
 * drops comment and non-animation application extensions; MP4 and QuickTime turn their user
 * data and metadata boxes into `free` boxes of the same size, so every sample offset stays
 * valid. Idempotent: stripping twice gives the same bytes.
 *
 * @example
 * ```ts
 * const clean = stripMetadata(photo, MediaType.Jpeg); // no GPS position left in clean
 * ```
 */
export function stripMetadata(bytes: Uint8Array, type: MediaType): Uint8Array {
  switch (type) {
    case MediaType.Jpeg:
      return stripJpeg(bytes);
    case MediaType.Png:
      return stripPng(bytes);
    case MediaType.Webp:
      return stripWebp(bytes);
    case MediaType.Gif:
      return stripGif(bytes);
    default:
      return blankIsoMetadata(bytes);
  }
}

/** A copy that owns its memory (a Node Buffer's `slice` shares its pool). */
const copy = (b: Uint8Array) => new Uint8Array(b);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function stripJpeg(b: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [b.subarray(0, 2)];
  let rest = 2;
  for (const segment of jpegSegments(b)) {
    if (!JPEG_METADATA(segment.marker)) parts.push(b.subarray(segment.start, segment.end));
    rest = segment.end;
  }
  parts.push(b.subarray(rest));
  return concat(parts);
}

function stripPng(b: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [b.subarray(0, 8)];
  let at = 8;
  while (at + 12 <= b.length) {
    const end = at + 12 + u32(b, at);
    if (end > b.length) break;
    if (!PNG_METADATA.has(ascii(b, at + 4, 4))) parts.push(b.subarray(at, end));
    at = end;
  }
  parts.push(b.subarray(at));
  return concat(parts);
}

function stripWebp(b: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let at = 12;
  while (at + 8 <= b.length) {
    const size = u32le(b, at + 4);
    const end = Math.min(b.length, at + 8 + size + (size % 2));
    const id = ascii(b, at, 4);
    if (id !== 'EXIF' && id !== 'XMP ') {
      const chunk = copy(b.subarray(at, end));
      // VP8X flags: clear "has EXIF" (0x08) and "has XMP" (0x04).
      if (id === 'VP8X' && chunk.length > 8) chunk[8] = (chunk[8] ?? 0) & ~0x0c;
      parts.push(chunk);
    }
    at = end;
  }
  const body = concat(parts);
  const header = copy(b.subarray(0, 12));
  new DataView(header.buffer).setUint32(4, body.length + 4, true);
  return concat([header, body, b.subarray(at)]);
}

/** Application extensions that drive animation, kept; any other one (XMP among them) goes. */
const GIF_KEPT_APPLICATIONS = new Set(['NETSCAPE2.0', 'ANIMEXTS1.0']);

function stripGif(b: Uint8Array): Uint8Array {
  const flags = b[10] ?? 0;
  let at = 13 + (flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0);
  const parts: Uint8Array[] = [b.subarray(0, at)];
  const subBlocksEnd = (from: number) => {
    let p = from;
    while (p < b.length && b[p] !== 0) p += (b[p] ?? 0) + 1;
    return Math.min(b.length, p + 1);
  };
  while (at < b.length) {
    const introducer = b[at];
    if (introducer === 0x21) {
      const label = b[at + 1];
      const end = subBlocksEnd(at + 2);
      const application = label === 0xff ? ascii(b, at + 3, 11) : '';
      const drop = label === 0xfe || (label === 0xff && !GIF_KEPT_APPLICATIONS.has(application));
      if (!drop) parts.push(b.subarray(at, end));
      at = end;
    } else if (introducer === 0x2c) {
      const local = b[at + 9] ?? 0;
      const data = at + 10 + (local & 0x80 ? 3 * 2 ** ((local & 0x07) + 1) : 0) + 1;
      const end = subBlocksEnd(data);
      parts.push(b.subarray(at, end));
      at = end;
    } else {
      break;
    }
  }
  parts.push(b.subarray(at));
  return concat(parts);
}

function blankIsoMetadata(b: Uint8Array): Uint8Array {
  const out = copy(b);
  const blank = (from: number, to: number, depth: number) => {
    for (const box of isoBoxes(out, from, to)) {
      if (ISO_METADATA.has(box.type)) {
        out.set([0x66, 0x72, 0x65, 0x65], box.start + 4); // 'free'
        out.fill(0, box.body, box.end);
      } else if (depth < 3 && (box.type === 'moov' || box.type === 'trak')) {
        blank(box.body, box.end, depth + 1);
      }
    }
  };
  blank(0, out.length, 0);
  return out;
}
