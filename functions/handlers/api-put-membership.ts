import * as z from 'zod/mini';
import { problem, schemaProblems } from '../contract/problems.js';
import { InvalidInputError } from '../domain/errors.js';
import { BrandAction, brandRoles } from '../domain/permissions.js';
import { requirePermission } from '../identity/access.js';
import { apiHandler } from '../middleware/api-handler.js';
import { putMembership } from '../persistence/memberships.js';

const name = z.string().check(z.regex(/^[A-Za-z0-9._@:-]{1,128}$/, 'letters, digits or ._@:-, at most 128'));
const membershipBody = z.object({
  roles: z.array(z.enum(brandRoles)),
  groups: z.optional(z.array(name)),
});

/**
 * `PUT /brands/{brandId}/members/{memberId}`: a brand admin sets the roles of a person (or of
 * `group:<name>`) for the brand; an empty list removes them all.
 */
export const handler = apiHandler('api-put-membership', async ({ caller, path, body }) => {
  const brandId = path.brandId ?? '';
  const memberId = path.memberId ?? '';
  const parsed = membershipBody.safeParse(body);
  const idProblems = name.safeParse(memberId).success
    ? []
    : [problem('memberId', 'format', 'a user id or group:<name>')];
  if (!parsed.success || idProblems.length) {
    throw new InvalidInputError([
      ...idProblems,
      ...(parsed.success
        ? []
        : schemaProblems(parsed.error).map((p) => (p.field === '(detail)' ? { ...p, field: '(body)' } : p))),
    ]);
  }
  await requirePermission(caller, brandId, BrandAction.ManageMembers);
  const membership = {
    brandId,
    memberId,
    roles: [...new Set(parsed.data.roles)],
    ...(parsed.data.groups ? { groups: parsed.data.groups } : {}),
    updatedBy: caller.subject,
    updatedAt: new Date().toISOString(),
  };
  await putMembership(membership);
  return { status: 200, body: membership };
});
