import { completeAsset } from '../assets/library.js';
import { apiHandler } from '../middleware/api-handler.js';

/**
 * `POST /brands/{brandId}/assets/{assetId}/complete`: checks the uploaded bytes, strips their
 * personal metadata and makes the asset ready for posts (docs/media.md).
 */
export const handler = apiHandler('api-complete-asset', async ({ caller, path }) => ({
  status: 200,
  body: await completeAsset(caller, path.brandId ?? '', path.assetId ?? ''),
}));
