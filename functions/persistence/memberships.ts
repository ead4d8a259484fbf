import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/dynamodb.js';
import type { BrandRole } from '../domain/permissions.js';
import { keys } from './keys.js';
import { getRecord, queryRecords, tableName } from './table.js';

/** A person's or a group's roles for one brand (pk `BRAND#<brandId>`, sk `MEMBER#<memberId>`). */
export interface Membership {
  brandId: string;
  /** A user id (the token's subject) or `group:<name>`. */
  memberId: string;
  roles: BrandRole[];
  /** Groups the person belongs to for this brand, beside the token's groups claim. */
  groups?: string[];
  updatedBy: string;
  updatedAt: string;
}

/**
 * The membership records of a brand that name the person or one of their groups.
 *
 * @example
 * ```ts
 * const records = await membershipsOf('acme', 'ana', ['legal']);
 * ```
 */
export async function membershipsOf(
  brandId: string,
  subject: string,
  groups: readonly string[],
): Promise<Membership[]> {
  const ids = [subject, ...groups.map((g) => `group:${g}`)];
  if (ids.length === 1) {
    const membership = await getRecord<Membership>(keys.member(brandId, subject));
    return membership ? [membership] : [];
  }
  return (await listMembers(brandId)).filter((m) => ids.includes(m.memberId));
}

/**
 * Writes (or replaces) a membership record; the caller has checked that the writer is a brand admin.
 *
 * @example
 * ```ts
 * await putMembership({ brandId: 'acme', memberId: 'ana', roles: ['reviewer'], updatedBy: 'lead', updatedAt });
 * ```
 */
export async function putMembership(membership: Membership): Promise<void> {
  await dynamo.send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...keys.member(membership.brandId, membership.memberId), ...membership },
    }),
  );
}

/**
 * Every membership record of a brand, by member id (one query of the brand's partition).
 *
 * @example
 * ```ts
 * const members = await listMembers('acme'); // [{ memberId: 'ana', roles: ['reviewer'], ... }]
 * ```
 */
export async function listMembers(brandId: string): Promise<Membership[]> {
  return queryRecords<Membership>(keys.brand(brandId).pk, keys.memberPrefix);
}
