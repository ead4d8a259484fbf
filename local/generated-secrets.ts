import { randomBytes } from 'node:crypto';
import type { LocalSecrets } from './aws-endpoint.js';
import type { LocalTemplate } from './core/template.js';

/**
 * Creates in the Secrets Manager twin every secret the template has CloudFormation generate
 * (`GenerateSecretString`), as deploying the stack would: a random value of the requested
 * length, made afresh for each local run. Returns the names created.
 *
 * @example
 * ```ts
 * seedGeneratedSecrets(secrets, template); // ['Brandflow/feedback-author-key']
 * ```
 */
export function seedGeneratedSecrets(secrets: LocalSecrets, template: LocalTemplate): string[] {
  const created: string[] = [];
  for (const resource of Object.values(template.resources)) {
    if (resource.Type !== 'AWS::SecretsManager::Secret') continue;
    const props = resource.Properties ?? {};
    const generate = props.GenerateSecretString as { PasswordLength?: number } | undefined;
    if (!generate || typeof props.Name !== 'string') continue;
    const length = generate.PasswordLength ?? 32;
    secrets.put(props.Name, randomBytes(length).toString('base64url').slice(0, length));
    created.push(props.Name);
  }
  return created;
}
