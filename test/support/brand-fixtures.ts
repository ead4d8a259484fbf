import type { BrandProfileInput } from '../../functions/domain/brand.js';
import type { BrandRole } from '../../functions/domain/permissions.js';
import { putMembership } from '../../functions/persistence/memberships.js';

/**
 * Aurora Tea, the brand the report, feedback and command-line tests speak of: one sandbox X
 * channel, in Paris unless `overrides` say otherwise.
 *
 * @example
 * ```ts
 * parseBrandProfile(auroraTea({ brandId: 'aurora', language: 'zh-CN' }));
 * ```
 */
export function auroraTea(overrides: Partial<BrandProfileInput> & { brandId: string }): BrandProfileInput {
  return {
    name: 'Aurora Tea',
    timeZone: 'Europe/Paris',
    channels: [{ id: 'x', adapter: 'sandbox', maxLength: 280 }],
    ...overrides,
  };
}

/**
 * Gives a person one role for a brand, as its admin would.
 *
 * @example
 * ```ts
 * await grantRole('aurora', 'editor-1', 'editor');
 * ```
 */
export function grantRole(brandId: string, memberId: string, role: BrandRole, updatedBy = 'admin-1') {
  return putMembership({ brandId, memberId, roles: [role], updatedBy, updatedAt: new Date().toISOString() });
}
