import { type LocalTemplate, synthesizeLocalTemplate } from '../../local/core/template.js';

/**
 * The synthesized template with `action` taken out of every policy statement of `role`'s function.
 *
 * @example
 * ```ts
 * const template = withoutGrant('checkPolicy', 'dynamodb:Query');
 * ```
 */
export function withoutGrant(role: string, action: string): LocalTemplate {
  const template = structuredClone(synthesizeLocalTemplate());
  const fn = Object.values(template.functions).find((candidate) => candidate.role === role);
  if (!fn?.roleLogicalId) throw new Error(`no function with role ${role}`);
  for (const resource of Object.values(template.resources)) {
    const roles = (resource.Properties?.Roles as { Ref?: string }[] | undefined) ?? [];
    if (resource.Type !== 'AWS::IAM::Policy' || !roles.some((r) => r.Ref === fn.roleLogicalId)) continue;
    const document = resource.Properties?.PolicyDocument as { Statement: { Action: string | string[] }[] };
    for (const statement of document.Statement) {
      statement.Action = [statement.Action].flat().filter((granted) => granted !== action);
    }
  }
  return template;
}
