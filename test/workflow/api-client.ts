import type { BrandProfileInput } from '../../functions/domain/brand.js';
import type { BrandRole } from '../../functions/domain/permissions.js';
import { putBrand } from '../../functions/persistence/index.js';
import type { LocalBrandflow } from '../../local/runtime.js';

/** An answer of the front door: its status and JSON body. */
export interface ApiCallAnswer {
  status: number;
  type: string | null;
  /** The `WWW-Authenticate` challenge of a 401, empty otherwise. */
  challenge: string;
  body: Record<string, unknown> & { errors?: { field: string; rule: string }[] };
}

/** A request to the local front door, with a bearer token when given. */
export async function apiCall(
  runtime: LocalBrandflow,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<ApiCallAnswer> {
  const response = await fetch(`${runtime.apiEndpoint}${path}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    challenge: response.headers.get('www-authenticate') ?? '',
    body: (await response.json()) as ApiCallAnswer['body'],
  };
}

/** The stack's admin group in the local twin's tests: its members are brand admins everywhere. */
export const TEST_ADMIN_GROUP = 'brandflow-admins';

/**
 * A sandbox brand (channel `x`, 280 characters) with `profile`'s settings, and its members'
 * roles set through the front door by an admin; the admin's token.
 */
export async function seedBrandWithMembers(
  runtime: LocalBrandflow,
  profile: Omit<BrandProfileInput, 'name' | 'channels'>,
  members: Record<string, BrandRole[]>,
): Promise<string> {
  await putBrand({
    name: 'Aurora Tea',
    channels: [{ id: 'x', adapter: 'sandbox', maxLength: 280 }],
    ...profile,
  });
  const admin = await runtime.issuer.issue('admin-1', { groups: [TEST_ADMIN_GROUP] });
  for (const [member, roles] of Object.entries(members)) {
    const answer = await apiCall(runtime, 'PUT', `/brands/${profile.brandId}/members/${member}`, admin, {
      roles,
    });
    if (answer.status !== 200) throw new Error(`membership of ${member}: ${JSON.stringify(answer.body)}`);
  }
  return admin;
}
