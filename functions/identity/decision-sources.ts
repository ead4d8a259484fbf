import { type InputProblem, problem } from '../contract/problems.js';
import { type BrandAction, mayAct } from '../domain/permissions.js';
import { membershipsOf } from '../persistence/memberships.js';

/**
 * The prefix of a membership id that names a decision source, not a person:
 * `source:<account>:<source>`. A brand admin sets one through `PUT /brands/{brandId}/members/{memberId}`;
 * its roles say which human decisions the source may assert for the brand (`reviewer`: Review
 * Decision; `brand-admin`: Update Brand Profile).
 */
export const DECISION_SOURCE_PREFIX = 'source:';

/**
 * The membership id of the decision source that puts events from `account` with `source`.
 *
 * @example
 * ```ts
 * decisionSourceId('111122223333', 'com.acme.approvals'); // 'source:111122223333:com.acme.approvals'
 * ```
 */
export function decisionSourceId(account: string, source: string): string {
  return `${DECISION_SOURCE_PREFIX}${account}:${source}`;
}

/**
 * Why a human decision put on the bus may not act for `brandId`: no brand admin trusts its
 * sending account and source for `action`. `undefined` when one does. Whoever the event names
 * as the actor is then recorded as asserted by that source.
 *
 * @example
 * ```ts
 * const refusal = await untrustedSourceProblem(event, post.brandId, BrandAction.DecideReview);
 * if (refusal) return { status: 'rejected', errors: [refusal] };
 * ```
 */
export async function untrustedSourceProblem(
  event: { account?: string; source?: string },
  brandId: string,
  action: BrandAction,
): Promise<InputProblem | undefined> {
  const account = event.account ?? '';
  const source = event.source ?? '';
  if (account && source && brandId) {
    const [trusted] = await membershipsOf(brandId, decisionSourceId(account, source), []);
    if (trusted && mayAct(trusted.roles, action)) return undefined;
  }
  return problem(
    'source',
    'trusted-decision-source',
    `account ${account.slice(0, 12) || '(none)'} with source ${source.slice(0, 64) || '(none)'} is not a decision source trusted to ${action} for brand ${brandId.slice(0, 64) || '(none)'}: people decide through the HTTP API`,
  );
}
