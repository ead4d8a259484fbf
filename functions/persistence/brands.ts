import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients.js';
import { type BrandProfile, type BrandProfileInput, brandProfileSchema } from '../domain/brand.js';
import { InvalidInputError } from '../domain/errors.js';
import { keys, withoutKeys } from './keys.js';
import { tableName } from './table.js';

/**
 * Creates or replaces a brand profile (pk `BRAND#<brandId>`, sk `PROFILE`) after checking it.
 *
 * @example
 * ```ts
 * await putBrand({
 *   brandId: 'acme', name: 'Acme', bannedTerms: ['cheap'],
 *   channels: [{ id: 'x', adapter: 'sandbox', maxLength: 280 }],
 * });
 * ```
 */
export async function putBrand(profile: BrandProfileInput): Promise<BrandProfile> {
  const parsed = brandProfileSchema.safeParse(profile);
  if (!parsed.success) {
    throw new InvalidInputError(
      parsed.error.issues.map((i) => ({ field: i.path.join('.'), rule: i.code, message: i.message })),
    );
  }
  await dynamo.send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...keys.brand(parsed.data.brandId), ...parsed.data, updatedAt: new Date().toISOString() },
    }),
  );
  return parsed.data;
}

/**
 * Reads a brand profile, or `undefined` when no brand has the id.
 *
 * @example
 * ```ts
 * const brand = await getBrand('acme');
 * ```
 */
export async function getBrand(brandId: string): Promise<BrandProfile | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: tableName(), Key: keys.brand(brandId), ConsistentRead: true }),
  );
  return Item ? brandProfileSchema.parse(withoutKeys(Item)) : undefined;
}
