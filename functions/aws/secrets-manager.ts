import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { scopedClient } from './run-scope.js';

/**
 * The Secrets Manager client of the running configuration (see functions/aws/dynamodb.ts):
 * channel credentials, account bindings and the feedback author key.
 *
 * @example
 * ```ts
 * const { SecretString } = await secretsManager.send(new GetSecretValueCommand({ SecretId }));
 * ```
 */
export const secretsManager = scopedClient('SECRETS_MANAGER', (config) => new SecretsManagerClient(config));

/**
 * A cache of what was read from secrets, one per Secrets Manager client: once per container
 * in Lambda, and per run locally, so two runs in one process never see each other's secrets.
 *
 * @example
 * ```ts
 * const cache = secretsCache<{ binding: AccountBinding; until: number }>();
 * cache().get('acme-x');
 * ```
 */
export function secretsCache<V>(): () => Map<string, V> {
  const caches = new WeakMap<object, Map<string, V>>();
  return () => {
    const client = secretsManager.current();
    let cache = caches.get(client);
    if (!cache) {
      cache = new Map();
      caches.set(client, cache);
    }
    return cache;
  };
}
