import { libraryOf } from '../assets/library.js';
import { apiHandler } from '../middleware/api-handler.js';

/** `GET /brands/{brandId}/assets`: the brand's asset library (docs/media.md). */
export const handler = apiHandler('api-list-assets', async ({ caller, path }) => ({
  status: 200,
  body: await libraryOf(caller, path.brandId ?? ''),
}));
