import * as z from 'zod/mini';
import { problem, schemaProblems } from '../contract/problems.js';
import { InvalidInputError } from '../domain/errors.js';
import { BrandAction, brandRoles } from '../domain/permissions.js';
import { requirePermission } from '../identity/access.js';
import type { Caller } from '../identity/claims.js';
import { DECISION_SOURCE_PREFIX } from '../identity/decision-sources.js';
import { putMembership } from '../persistence/memberships.js';

const name = z.string().check(z.regex(/^[A-Za-z0-9._@:-]{1,128}$/, 'letters, digits or ._@:-, at most 128'));
const membershipBody = z.object({
  roles: z.array(z.enum(brandRoles)),
  groups: z.optional(z.array(name)),
});

/** A 12-digit account, then an EventBridge source other than Brandflow's own. */
const DECISION_SOURCE_ID = /^source:\d{12}:(?!brandflow$)[A-Za-z0-9._-]{1,100}$/;

/** Why a decision source's record is malformed: its id, or groups (a system has none). */
function decisionSourceProblems(memberId: string, body: { groups?: string[] } | undefined) {
  return [
    ...(DECISION_SOURCE_ID.test(memberId)
      ? []
      : [problem('memberId', 'format', 'source:<12-digit account>:<event source other than brandflow>')]),
    ...(body?.groups ? [problem('groups', 'known-fields', 'a decision source belongs to no group')] : []),
  ];
}

/**
 * Sets a member's roles on a brand, as `PUT /brands/{brandId}/members/{memberId}` asks: a
 * brand admin sets the roles of a person (or of `group:<name>`) for the brand; an empty list
 * removes them all. A `source:<account>:<source>` member is a decision source the admin
 * trusts to assert human decisions on the bus: `reviewer` for Review Decision, `brand-admin`
 * for Update Brand Profile. Bad input is refused before the caller's role is checked.
 *
 * @example
 * ```ts
 * await setMembership(caller, 'acme', 'u-2', { roles: ['reviewer'] });
 * ```
 */
export async function setMembership(
  caller: Caller,
  brandId: string,
  memberId: string,
  body: Record<string, unknown>,
) {
  const parsed = membershipBody.safeParse(body);
  const idProblems = !name.safeParse(memberId).success
    ? [problem('memberId', 'format', 'a user id, group:<name> or source:<account>:<source>')]
    : memberId.startsWith(DECISION_SOURCE_PREFIX)
      ? decisionSourceProblems(memberId, parsed.success ? parsed.data : undefined)
      : [];
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
  return membership;
}
