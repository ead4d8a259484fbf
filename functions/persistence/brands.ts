import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/dynamodb.js';
import type { OutboundEntry } from '../aws/event-bus.js';
import { schemaProblems } from '../contract/problems.js';
import { type BrandProfile, type BrandProfileInput, brandProfileSchema } from '../domain/brand.js';
import { ConcurrentChangeError, InvalidInputError } from '../domain/errors.js';
import { changeAttempts } from './change-attempts.js';
import { keys, withoutKeys } from './keys.js';
import { outboxAttribute } from './outbox.js';
import { queryAll, tableName, transactOnce } from './table.js';

/** Sort key of one kept version: `PROFILE#v000001`, so versions list in order. */
const versionSk = (version: number) => `PROFILE#v${String(version).padStart(6, '0')}`;

export type SaveBrandResult =
  | { status: 'created' | 'updated'; profile: BrandProfile }
  /** The profile equals the current version: nothing written. */
  | { status: 'unchanged'; profile: BrandProfile }
  /** `expectedVersion` was given and another update came first. */
  | { status: 'conflict'; currentVersion: number };

/** Checks a profile, or throws {@link InvalidInputError} naming each field and rule. */
export function parseBrandProfile(profile: unknown): BrandProfile {
  const parsed = brandProfileSchema.safeParse(profile);
  if (!parsed.success) {
    throw new InvalidInputError(schemaProblems(parsed.error));
  }
  return parsed.data;
}

const comparable = (profile: BrandProfile) => JSON.stringify({ ...profile, version: undefined });

/**
 * Saves a new version of a brand profile: the current one (pk `BRAND#<brandId>`, sk
 * `PROFILE`) and a kept copy (sk `PROFILE#v<version>`), in one conditional transaction.
 * With `expectedVersion`, the save only applies on top of that version (0: a new brand).
 *
 * @example
 * ```ts
 * const saved = await saveBrandProfile(profile, { expectedVersion: 3, updatedBy: 'u-1' });
 * if (saved.status === 'conflict') console.log(`now at ${saved.currentVersion}`);
 * ```
 */
export async function saveBrandProfile(
  input: unknown,
  options: {
    expectedVersion?: number;
    updatedBy?: string;
    /** The events reporting the new version, written with it (the outbox). */
    events?: (profile: BrandProfile) => OutboundEntry[];
  } = {},
): Promise<SaveBrandResult> {
  const parsed = parseBrandProfile(input);
  for (const _ of changeAttempts()) {
    const current = await getBrand(parsed.brandId);
    const currentVersion = current?.version ?? 0;
    if (options.expectedVersion !== undefined && options.expectedVersion !== currentVersion) {
      return { status: 'conflict', currentVersion };
    }
    if (current && comparable(current) === comparable({ ...parsed, version: current.version })) {
      return { status: 'unchanged', profile: current };
    }
    const profile: BrandProfile = { ...parsed, version: currentVersion + 1 };
    const meta = { updatedAt: new Date().toISOString(), updatedBy: options.updatedBy };
    const saved = await transactOnce([
      {
        Put: {
          TableName: tableName(),
          Item: { ...keys.brand(profile.brandId), ...profile, ...meta },
          // A profile stored before versions existed has no attribute and reads as version 1.
          ConditionExpression: !current
            ? 'attribute_not_exists(pk)'
            : current.version === 1
              ? 'attribute_not_exists(#version) OR #version = :previous'
              : '#version = :previous',
          ExpressionAttributeNames: current ? { '#version': 'version' } : undefined,
          ExpressionAttributeValues: current ? { ':previous': current.version } : undefined,
        },
      },
      {
        Put: {
          TableName: tableName(),
          Item: {
            pk: keys.brand(profile.brandId).pk,
            sk: versionSk(profile.version ?? 1),
            ...profile,
            ...meta,
            ...outboxAttribute(options.events?.(profile)),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
    if (saved) return { status: current ? 'updated' : 'created', profile };
  }
  return { status: 'conflict', currentVersion: (await getBrand(parsed.brandId))?.version ?? 0 };
}

/**
 * Creates or updates a brand profile, whatever version is stored (setup and tests).
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
  const saved = await saveBrandProfile(profile);
  if (saved.status === 'conflict') {
    throw new ConcurrentChangeError('the brand profile kept changing while it was saved', {
      context: { brandId: profile.brandId },
    });
  }
  return saved.profile;
}

/**
 * Reads a brand's current profile, or `undefined` when no brand has the id.
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
  return Item ? toProfile(Item) : undefined;
}

/**
 * Every kept version of a brand's profile, oldest first.
 *
 * @example
 * ```ts
 * const history = await listBrandVersions('acme'); // [{ version: 1, ... }, { version: 2, ... }]
 * ```
 */
export async function listBrandVersions(brandId: string): Promise<BrandProfile[]> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.brand(brandId).pk, ':prefix': 'PROFILE#v' },
    ConsistentRead: true,
  });
  return items.map(toProfile);
}

function toProfile(item: Record<string, unknown>): BrandProfile {
  const { updatedAt: _at, updatedBy: _by, ...profile } = withoutKeys<Record<string, unknown>>(item);
  // Profiles stored before versions existed read as version 1.
  return brandProfileSchema.parse({ version: 1, ...profile });
}
