import { NotFoundError } from '../domain/errors.js';
import { BrandAction, mayAct } from '../domain/permissions.js';
import { requirePermission } from '../identity/access.js';
import { apiHandler } from '../middleware/api-handler.js';
import { getBrand, listMembers } from '../persistence/index.js';

/**
 * `GET /brands/{brandId}`: the brand's profile for anyone with a role on it, the caller's
 * roles and the actions they allow (the portal shows only the controls the API would accept),
 * and for brand admins the membership records.
 */
export const handler = apiHandler('api-get-brand', async ({ caller, path }) => {
  const brandId = path.brandId ?? '';
  const access = await requirePermission(caller, brandId, BrandAction.ReadPosts);
  const profile = await getBrand(brandId);
  if (!profile)
    throw new NotFoundError('no brand has this id', { context: { brandId: brandId.slice(0, 64) } });
  const actions = Object.entries(BrandAction)
    .filter(([, action]) => mayAct(access.roles, action))
    .map(([key]) => key);
  const members = mayAct(access.roles, BrandAction.ManageMembers) ? await listMembers(brandId) : undefined;
  return {
    status: 200,
    body: { profile, caller: { subject: caller.subject, roles: access.roles, actions }, members },
  };
});
