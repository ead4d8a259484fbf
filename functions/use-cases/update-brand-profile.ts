import { channelAccountProblems, secretsManagerBindings } from '../channels/account-bindings.js';
import { updateBrandProfileSchema } from '../contract/inbound.js';
import { boundProblems, detailFields, schemaProblems } from '../contract/problems.js';
import { type InputProblem, InvalidInputError } from '../domain/errors.js';
import { OutboundEvent } from '../domain/events.js';
import { BrandAction } from '../domain/permissions.js';
import { untrustedSourceProblem } from '../identity/decision-sources.js';
import type { EventBridgeEnvelope } from '../middleware/schemas.js';
import { parseBrandProfile, saveBrandProfile } from '../persistence/brands.js';
import { emit } from '../persistence/outbox.js';
import { keepReportSchedules } from '../reports/schedules.js';

export type UpdateBrandProfileResult =
  | { status: 'created' | 'updated' | 'unchanged'; brandId: string; version: number }
  | { status: 'rejected'; errors: InputProblem[] };

/**
 * Handles `Update Brand Profile`: validates the whole profile (voice, goals, channels,
 * review chain, policy), checks that every channel's account is connected for this brand,
 * platform and destination, and saves it as a new version; every version is kept. The same
 * profile again writes nothing. The brand's weekly and monthly report schedules follow the
 * saved profile (its time zone). Bad input is answered with `Brand Profile Rejected`.
 *
 * @example
 * ```ts
 * await updateBrandProfile({ 'detail-type': 'Update Brand Profile', detail: { profile, expectedVersion: 2, updatedBy: { id: 'u-1' } } });
 * ```
 */
export async function updateBrandProfile(event: EventBridgeEnvelope): Promise<UpdateBrandProfileResult> {
  const raw = detailFields(event.detail);
  const brandId = String((raw.profile as Record<string, unknown> | undefined)?.brandId ?? '').slice(0, 64);
  const parsed = updateBrandProfileSchema.safeParse(event.detail);
  let errors: InputProblem[];
  if (parsed.success) {
    try {
      const profile = parseBrandProfile(parsed.data.profile);
      const refused = await channelAccountProblems(profile, secretsManagerBindings());
      if (refused.length) throw new InvalidInputError(refused, { context: { brandId } });
      const saved = await saveBrandProfile(profile, {
        expectedVersion: parsed.data.expectedVersion,
        updatedBy: parsed.data.updatedBy.id,
        events: (profile) => [
          {
            type: OutboundEvent.BrandProfileUpdated,
            detail: {
              postId: '',
              revision: 0,
              brandId,
              occurredAt: new Date().toISOString(),
              version: profile.version ?? 1,
            },
          },
        ],
      });
      if (saved.status !== 'conflict') {
        // After the save and on a repeat too: a retry after a failed schedule call completes them.
        await keepReportSchedules(saved.profile);
        const version = saved.profile.version ?? 1;
        return { status: saved.status, brandId, version };
      }
      errors = [
        {
          field: 'expectedVersion',
          rule: 'current-version',
          message: `the profile is at version ${saved.currentVersion}; edit that version`,
        },
      ];
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      errors = boundProblems(error.problems.map((p) => ({ ...p, field: `profile.${p.field}` })));
    }
  } else {
    errors = schemaProblems(parsed.error);
  }
  await emit({
    type: OutboundEvent.BrandProfileRejected,
    detail: { postId: '', revision: 0, brandId, occurredAt: new Date().toISOString(), errors },
  });
  return { status: 'rejected', errors };
}

/**
 * `Update Brand Profile` from the bus: only a decision source a brand admin trusts as
 * `brand-admin` for the profile's brand may assert it; anything else is rejected and changes
 * nothing. People update profiles through the HTTP API.
 *
 * @example
 * ```ts
 * await updateProfileFromBus({ 'detail-type': 'Update Brand Profile', account, source: 'com.acme.dam', detail });
 * ```
 */
export async function updateProfileFromBus(event: EventBridgeEnvelope): Promise<UpdateBrandProfileResult> {
  const profile = (event.detail as Record<string, unknown> | undefined)?.profile;
  const brandId = (profile as Record<string, unknown> | undefined)?.brandId;
  const untrusted = await untrustedSourceProblem(
    event,
    typeof brandId === 'string' ? brandId.slice(0, 64) : '',
    BrandAction.UpdateProfile,
  );
  if (untrusted) return { status: 'rejected', errors: [untrusted] };
  return updateBrandProfile(event);
}
