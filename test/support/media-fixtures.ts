import { crc32, deflateSync } from 'node:zlib';

/*
 * Small, structurally valid media files built in memory, with or without personal metadata,
 * so the tests need no binary fixtures. The PNG is a real image any decoder reads; the
 * others carry their real headers around placeholder image data.
 */

/** A GPS position and camera serial as EXIF stores them: what must never leave an upload. */
export const PERSONAL_EXIF = Buffer.from('Exif\0\0GPSLatitude 48.8584 GPSLongitude 2.2945 Serial CAM-0042');

const be32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const le32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  return Buffer.concat([be32(data.length), body, be32(crc32(body))]);
}

/**
 * An 8-bit RGB PNG of `rows` (each row's filter byte, then its pixels), with `extra` chunks
 * before the data; `padding` adds a private chunk of that many bytes (for a file of a given size).
 */
function rgbPng(width: number, height: number, rows: Buffer, extra: Buffer[] = [], padding = 0): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
    pngChunk('IHDR', header),
    ...extra,
    pngChunk('IDAT', deflateSync(rows)),
    ...(padding ? [pngChunk('prVt', Buffer.alloc(padding))] : []),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A grey RGB PNG; `exif` adds an `eXIf` chunk and a text chunk naming the author; `padding`
 * adds a private chunk of that many bytes (kept by the library, for a file of a given size).
 */
export function png(
  width: number,
  height: number,
  options: { exif?: boolean; padding?: number } = {},
): Buffer {
  const rows = Buffer.alloc((width * 3 + 1) * height, 0x80);
  for (let y = 0; y < height; y += 1) rows[y * (width * 3 + 1)] = 0;
  return rgbPng(
    width,
    height,
    rows,
    options.exif ? [pngChunk('eXIf', PERSONAL_EXIF), pngChunk('tEXt', Buffer.from('Author\0Jane Roe'))] : [],
    options.padding,
  );
}

/**
 * An RGB PNG of deterministic noise, which deflate cannot shrink: about `3 * width * height`
 * bytes, for images over a platform's byte limit.
 */
export function noisyPng(width: number, height: number): Buffer {
  const rows = Buffer.alloc((width * 3 + 1) * height);
  let seed = 0x2545f491;
  for (let at = 0; at < rows.length; at += 1) {
    // xorshift32: the same noise on every run; each row's first byte is its filter (none).
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    rows[at] = at % (width * 3 + 1) === 0 ? 0 : seed & 0xff;
  }
  return rgbPng(width, height, rows);
}

function jpegSegment(marker: number, data: Buffer): Buffer {
  const length = Buffer.alloc(2);
  length.writeUInt16BE(data.length + 2);
  return Buffer.concat([Buffer.from([0xff, marker]), length, data]);
}

/** A baseline JPEG's marker structure around placeholder scan data; `exif` adds APP1 and a comment. */
export function jpeg(width: number, height: number, options: { exif?: boolean } = {}): Buffer {
  const frame = Buffer.from([8, 0, 0, 0, 0, 1, 1, 0x11, 0]);
  frame.writeUInt16BE(height, 1);
  frame.writeUInt16BE(width, 3);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    jpegSegment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    ...(options.exif
      ? [jpegSegment(0xe1, PERSONAL_EXIF), jpegSegment(0xfe, Buffer.from('shot by Jane Roe'))]
      : []),
    jpegSegment(0xc0, frame),
    jpegSegment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
    Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56]),
    Buffer.from([0xff, 0xd9]),
  ]);
}

/**
 * A one-frame GIF; `exif` adds a comment extension and an XMP application extension;
 * `frameBytes` pads the frame's data to about that many bytes (a heavy GIF).
 */
export function gif(
  width: number,
  height: number,
  options: { exif?: boolean; frameBytes?: number } = {},
): Buffer {
  const screen = Buffer.alloc(7);
  screen.writeUInt16LE(width, 0);
  screen.writeUInt16LE(height, 2);
  const descriptor = Buffer.alloc(10);
  descriptor[0] = 0x2c;
  descriptor.writeUInt16LE(width, 5);
  descriptor.writeUInt16LE(height, 7);
  const subBlocks = (data: Buffer) => Buffer.concat([Buffer.from([data.length]), data, Buffer.from([0])]);
  return Buffer.concat([
    Buffer.from('GIF89a'),
    screen,
    ...(options.exif
      ? [
          Buffer.from([0x21, 0xfe]),
          subBlocks(Buffer.from('shot by Jane Roe')),
          Buffer.from([0x21, 0xff, 11]),
          Buffer.from('XMP DataXMP'),
          subBlocks(PERSONAL_EXIF),
        ]
      : []),
    Buffer.from([0x21, 0xff, 11]),
    Buffer.from('NETSCAPE2.0'),
    subBlocks(Buffer.from([1, 0, 0])),
    descriptor,
    Buffer.from([2]),
    subBlocks(Buffer.from([0x44, 0x01])).subarray(0, -1),
    // Further data sub-blocks of 255 bytes each, then the block terminator.
    ...Array.from({ length: Math.ceil((options.frameBytes ?? 0) / 256) }, () =>
      Buffer.concat([Buffer.from([255]), Buffer.alloc(255, 0x44)]),
    ),
    Buffer.from([0, 0x3b]),
  ]);
}

function riffChunk(id: string, data: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(id, 'latin1'),
    le32(data.length),
    data,
    data.length % 2 ? Buffer.from([0]) : Buffer.alloc(0),
  ]);
}

/** An extended WebP (VP8X) with placeholder lossy data; `exif` adds EXIF and XMP chunks and their flags. */
export function webp(width: number, height: number, options: { exif?: boolean } = {}): Buffer {
  const vp8x = Buffer.alloc(10);
  vp8x[0] = options.exif ? 0x0c : 0;
  vp8x.writeUIntLE(width - 1, 4, 3);
  vp8x.writeUIntLE(height - 1, 7, 3);
  const body = Buffer.concat([
    Buffer.from('WEBP'),
    riffChunk('VP8X', vp8x),
    riffChunk('VP8 ', Buffer.from([0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 1, 0, 1, 0, 0])),
    ...(options.exif
      ? [riffChunk('EXIF', PERSONAL_EXIF), riffChunk('XMP ', Buffer.from('<x:xmpmeta/>'))]
      : []),
  ]);
  return Buffer.concat([Buffer.from('RIFF'), le32(body.length), body]);
}

function box(type: string, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([be32(body.length + 8), Buffer.from(type, 'latin1'), body]);
}

/**
 * An MP4 (or QuickTime) with a movie header, one video track and placeholder samples;
 * `exif` adds a user-data box with a location.
 */
export function mp4(
  width: number,
  height: number,
  seconds: number,
  options: { exif?: boolean; brand?: 'isom' | 'qt  ' } = {},
): Buffer {
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(1000, 12);
  mvhd.writeUInt32BE(Math.round(seconds * 1000), 16);
  const tkhd = Buffer.alloc(84);
  tkhd.writeUInt16BE(width, 76);
  tkhd.writeUInt16BE(height, 80);
  const location = box('udta', box('\xa9xyz', Buffer.from('+48.8584+002.2945/')));
  return Buffer.concat([
    box('ftyp', Buffer.from(options.brand ?? 'isom'), be32(0x200), Buffer.from('isomiso2mp41')),
    box('moov', box('mvhd', mvhd), box('trak', box('tkhd', tkhd)), ...(options.exif ? [location] : [])),
    box('mdat', Buffer.alloc(64, 0x5a)),
  ]);
}
