import { API_SOURCE } from '../contract/api-routes.js';
import { InvalidInputError } from '../domain/errors.js';
import { InboundEvent } from '../domain/events.js';
import { BrandAction } from '../domain/permissions.js';
import { requirePermission } from '../identity/access.js';
import { actingAs, answerOf } from '../identity/front-door.js';
import { apiHandler } from '../middleware/api-handler.js';
import { updateBrandProfile } from './update-brand-profile.js';

/** `PUT /brands/{brandId}/profile`: the `Update Brand Profile` use case, for brand admins only. */
export const handler = apiHandler('api-update-brand-profile', async ({ caller, path, body }) => {
  const brandId = path.brandId ?? '';
  const profile = body.profile as Record<string, unknown> | undefined;
  if (profile?.brandId !== brandId) {
    throw new InvalidInputError([
      {
        field: 'profile.brandId',
        rule: 'matches-path',
        message: `must be the brand of the path, ${brandId}`,
      },
    ]);
  }
  await requirePermission(caller, brandId, BrandAction.UpdateProfile);
  const detail = actingAs(body, 'updatedBy', caller);
  return answerOf(
    await updateBrandProfile({ 'detail-type': InboundEvent.UpdateBrandProfile, source: API_SOURCE, detail }),
  );
});
