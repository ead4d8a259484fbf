import { API_SOURCE } from '../contract/api-routes.js';
import { unnamedReviewStages } from '../domain/brand.js';
import { InvalidInputError } from '../domain/errors.js';
import { InboundEvent } from '../domain/events.js';
import { BrandAction } from '../domain/permissions.js';
import { requirePermission } from '../identity/access.js';
import { actingAs, answerOf } from '../identity/front-door.js';
import { apiHandler } from '../middleware/api-handler.js';
import { parseBrandProfile } from '../persistence/brands.js';
import { updateBrandProfile } from '../use-cases/update-brand-profile.js';

/**
 * `PUT /brands/{brandId}/profile`: the `Update Brand Profile` use case, for brand admins only.
 * Every review stage must name approvers or a group: no stage is open to anyone.
 */
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
  const unnamed = unnamedReviewStages(parseBrandProfile(profile));
  if (unnamed.length > 0) {
    throw new InvalidInputError(
      unnamed.map((problem) => ({ ...problem, field: `profile.${problem.field}` })),
    );
  }
  const detail = actingAs(body, 'updatedBy', caller);
  return answerOf(
    await updateBrandProfile({ 'detail-type': InboundEvent.UpdateBrandProfile, source: API_SOURCE, detail }),
  );
});
