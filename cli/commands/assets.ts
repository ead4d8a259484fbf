import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { newAssetSchema } from '../../functions/contract/assets.js';
import { InvalidInputError } from '../../functions/domain/errors.js';
import { sniffMedia } from '../../functions/domain/media.js';
import { FrontDoorRefusedError } from '../errors.js';
import { fields } from '../format.js';
import { callFrontDoor, frontDoor, frontDoorCommand } from '../front-door.js';
import { requiredArg, stringFlag, stringOptions } from '../options.js';
import { validateDetail } from '../validate.js';

interface AnnouncedAsset {
  asset: { assetId: string };
  upload: { url: string; method: string; headers: Record<string, string> };
}
interface ReadyAsset {
  assetId: string;
  status: string;
  sha256?: string;
  media?: { type: string; bytes: number; width: number; height: number; durationSeconds?: number };
}

/**
 * `brandflow assets add <brandId> <file> --alt "..."` and `brandflow assets list <brandId>`: the
 * brand's media library through the front door (docs/media.md).
 */
export const assetsCommand = frontDoorCommand({
  name: 'assets',
  usage:
    'assets add <brandId> <file> --alt <text> [--lang <tag>] [--not-before <time>] [--not-after <time>] | assets list <brandId>',
  summary:
    'add an image or video to a brand’s asset library (type read from its bytes, metadata stripped), or list the library',
  options: stringOptions('alt', 'lang', 'not-before', 'not-after', 'holder', 'license', 'id'),
  optionsHelp: `  --alt <text>           the alternative text screen readers say (required by most platforms for images)
  --lang <tag>           the language of --alt (default en)
  --not-before <time>    embargo: not published before this RFC 3339 time
  --not-after <time>     expiry: not published after this RFC 3339 time
  --holder <name>        who holds the rights;  --license <text>  under which licence
  --id <assetId>         the asset's id (makes a repeated add safe; drawn when absent)`,
  examples: [
    'brandflow login --as editor-1 && brandflow assets add acme launch.png --alt "A cup of the spring blend"',
    'brandflow assets list acme --json',
  ],
  async run({ args, io, connection }) {
    const action = requiredArg(args, 0, 'add|list');
    const brandId = requiredArg(args, 1, 'brandId');
    const door = await frontDoor(args, io.env, connection.target);
    const library = `/brands/${encodeURIComponent(brandId)}/assets`;
    if (action === 'list') {
      const assets = (await callFrontDoor(door, 'GET', library)) as ReadyAsset[];
      return {
        data: assets,
        text: assets.length
          ? assets
              .map(
                (a) =>
                  `${a.assetId}  ${a.status}  ${a.media ? `${a.media.type} ${a.media.width}x${a.media.height}` : ''}`,
              )
              .join('\n')
          : `Brand ${brandId} has no assets.`,
      };
    }
    if (action !== 'add') {
      throw new InvalidInputError([{ field: '<action>', rule: 'one-of', message: 'must be add or list' }]);
    }
    const path = requiredArg(args, 2, 'file');
    const bytes = await readFile(path);
    // Refused here already when the bytes are no supported media: nothing is announced or uploaded.
    sniffMedia(bytes, path);
    const alt = stringFlag(args, 'alt');
    const holder = stringFlag(args, 'holder');
    const license = stringFlag(args, 'license');
    const body = {
      bytes: bytes.length,
      fileName: basename(path),
      assetId: stringFlag(args, 'id'),
      alt: alt === undefined ? {} : { [stringFlag(args, 'lang') ?? 'en']: alt },
      rights: holder || license ? { holder, license } : undefined,
      notBefore: stringFlag(args, 'not-before'),
      notAfter: stringFlag(args, 'not-after'),
    };
    validateDetail(newAssetSchema, body);
    const { asset, upload } = (await callFrontDoor(door, 'POST', library, body)) as AnnouncedAsset;
    const put = await fetch(upload.url, {
      method: upload.method,
      headers: upload.headers,
      body: new Uint8Array(bytes),
    });
    if (!put.ok) {
      throw new FrontDoorRefusedError(`${put.status}: the upload URL refused the file`, {
        context: { status: put.status },
      });
    }
    const ready = (await callFrontDoor(
      door,
      'POST',
      `${library}/${encodeURIComponent(asset.assetId)}/complete`,
    )) as ReadyAsset;
    const media = ready.media;
    return {
      data: ready,
      text: fields([
        ['Asset', ready.assetId],
        ['Status', ready.status],
        ['Type', media?.type],
        ['Size', media ? `${media.bytes} bytes, ${media.width}x${media.height}` : undefined],
        ['Duration', media?.durationSeconds === undefined ? undefined : `${media.durationSeconds} s`],
        ['SHA-256', ready.sha256],
      ]),
    };
  },
});
