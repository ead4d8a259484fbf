import { addAsset } from '../assets/library.js';
import { apiHandler } from '../middleware/api-handler.js';

/**
 * `POST /brands/{brandId}/assets`: announces an asset of the brand's library and answers the
 * presigned URL its bytes go to (docs/media.md).
 */
export const handler = apiHandler('api-add-asset', async ({ caller, path, body }) => ({
  status: 201,
  body: await addAsset(caller, path.brandId ?? '', body),
}));
