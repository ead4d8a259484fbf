import { readEnv } from '../aws/run-scope.js';
import { detailFields, type InputProblem, problem } from '../contract/problems.js';
import { getPost } from '../persistence/posts.js';
import type { EventBridgeEnvelope } from './schemas.js';

/** `account:brandId` pairs, comma-separated: the brands each integrator account may act for (stack setting). */
export const INTEGRATOR_BRANDS_ENV = 'INTEGRATOR_BRANDS';

/**
 * The brands each listed integrator account may act for; an account absent from the list is
 * not an integrator (the stack's own account).
 *
 * @example
 * ```ts
 * integratorBrands('111122223333:acme,111122223333:globex'); // Map { '111122223333' => Set { 'acme', 'globex' } }
 * ```
 */
export function integratorBrands(setting: string | undefined): Map<string, Set<string>> {
  const bound = new Map<string, Set<string>>();
  for (const pair of (setting ?? '').split(',')) {
    const [account, brandId] = pair.trim().split(':');
    if (!account || !brandId) continue;
    bound.set(account, (bound.get(account) ?? new Set()).add(brandId));
  }
  return bound;
}

/**
 * Why an event from an integrator account may not act: the brand (the detail's `brandId`, else
 * the brand of the post it names) is not one the account is bound to. `undefined` when it may,
 * or when the sender is not a listed integrator account.
 *
 * @example
 * ```ts
 * const problem = await integratorBrandProblem(event);
 * if (problem) return { status: 'rejected', errors: [problem] };
 * ```
 */
export async function integratorBrandProblem(event: EventBridgeEnvelope): Promise<InputProblem | undefined> {
  const { account, detail } = event;
  const allowed = account ? integratorBrands(readEnv(INTEGRATOR_BRANDS_ENV)).get(account) : undefined;
  if (!allowed) return undefined;
  const fields = detailFields(detail);
  const brandId =
    typeof fields.brandId === 'string'
      ? fields.brandId
      : typeof fields.postId === 'string' && fields.postId.length <= 64
        ? (await getPost(fields.postId))?.brandId
        : undefined;
  if (brandId && allowed.has(brandId)) return undefined;
  return problem(
    brandId ? 'brandId' : 'postId',
    'integrator-brand',
    `account ${account} may not act for ${brandId ? `brand ${brandId}` : 'this post'}`,
  );
}
