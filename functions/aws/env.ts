import { ConfigurationError } from '../domain/errors.js';

/**
 * Reads a required environment variable at call time (tests and the local runtime set
 * them after import).
 *
 * @example
 * ```ts
 * const table = requireEnv('TABLE_NAME');
 * ```
 */
export function requireEnv(name: 'TABLE_NAME' | 'EVENT_BUS_NAME' | 'STATE_MACHINE_ARN'): string {
  const value = process.env[name];
  if (!value) throw new ConfigurationError(`environment variable ${name} is not set`, { context: { name } });
  return value;
}
