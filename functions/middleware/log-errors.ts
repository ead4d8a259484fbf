import type { MiddlewareObj } from '@middy/core';
import { BrandflowError } from '../domain/errors.js';

/**
 * Logs a failed invocation as one JSON line (error name, message and Brandflow's id-only
 * context; never the event, which may hold post text or names), then lets it fail.
 *
 * @example
 * ```ts
 * export const handler = middy().use(logErrors('check-policy')).handler(run);
 * ```
 */
export function logErrors(handlerName: string): MiddlewareObj {
  return {
    onError: (request) => {
      const error = request.error;
      console.error(
        JSON.stringify({
          level: 'error',
          handler: handlerName,
          error: error?.name ?? 'Error',
          message: error?.message,
          context: error instanceof BrandflowError ? error.context : undefined,
        }),
      );
    },
  };
}
