import { readEnv } from '../aws/run-scope.js';
import { ForbiddenError } from '../domain/errors.js';
import { type BrandAction, BrandRole, mayAct } from '../domain/permissions.js';
import { membershipsOf } from '../persistence/memberships.js';
import type { Caller } from './claims.js';
import { DECISION_SOURCE_PREFIX } from './decision-sources.js';

/** The environment of the API functions that says who is admin before any membership exists (stack settings). */
export const AccessEnv = {
  /** Members of this group (groups claim) act as brand admin of every brand. */
  adminGroup: 'IDENTITY_ADMIN_GROUP',
  /** `brandId:userId` pairs, comma-separated: the first admin of each brand, set at deploy. */
  brandAdmins: 'IDENTITY_BRAND_ADMINS',
} as const;

/** The caller's standing for one brand: their roles and every group they count in. */
export interface BrandAccess {
  roles: BrandRole[];
  groups: string[];
}

/**
 * The caller's roles for a brand: brand admin through the stack's admin group or the deploy
 * setting, and whatever their membership records (their own, or one of their groups') grant.
 *
 * @example
 * ```ts
 * const { roles } = await brandAccess(caller, 'acme'); // ['reviewer']
 * ```
 */
export async function brandAccess(caller: Caller, brandId: string): Promise<BrandAccess> {
  // A decision source's record grants a system on the bus, never a person at the front door.
  const records = (await membershipsOf(brandId, caller.subject, caller.groups)).filter(
    (r) => !r.memberId.startsWith(DECISION_SOURCE_PREFIX),
  );
  const roles = new Set<BrandRole>(records.flatMap((r) => r.roles));
  const groups = new Set([...caller.groups, ...records.flatMap((r) => r.groups ?? [])]);
  const adminGroup = readEnv(AccessEnv.adminGroup);
  if (adminGroup && caller.groups.includes(adminGroup)) roles.add(BrandRole.Admin);
  const firstAdmins = (readEnv(AccessEnv.brandAdmins) ?? '').split(',').map((pair) => pair.trim());
  if (firstAdmins.includes(`${brandId}:${caller.subject}`)) roles.add(BrandRole.Admin);
  return { roles: [...roles], groups: [...groups] };
}

/**
 * The caller's access to a brand when it allows `action`; a {@link ForbiddenError} naming the
 * missing role otherwise.
 *
 * @example
 * ```ts
 * await requirePermission(caller, 'acme', BrandAction.UpdateProfile);
 * ```
 */
export async function requirePermission(
  caller: Caller,
  brandId: string,
  action: BrandAction,
): Promise<BrandAccess> {
  const access = await brandAccess(caller, brandId);
  if (!mayAct(access.roles, action)) {
    const held = access.roles.length ? access.roles.join(', ') : 'no role';
    throw new ForbiddenError(
      'role',
      `the caller holds ${held} for brand ${brandId}, which may not ${action}`,
      {
        context: { brandId },
      },
    );
  }
  return access;
}
