import type { MiddlewareObj } from '@middy/core';
import { WorkflowError } from '../../workflows/contract.js';
import { BrandflowError } from '../domain/errors.js';

/** Errors the workflow routes on purpose: outcomes of the process, not faults. */
const routedOutcomes = new Set<string>([
  WorkflowError.PolicyBlocked,
  WorkflowError.PostCancelled,
  WorkflowError.PostEdited,
  WorkflowError.PostSuperseded,
  WorkflowError.ReviewExpired,
]);

function levelOf(errorName: string): 'info' | 'warn' | 'error' {
  if (routedOutcomes.has(errorName)) return 'info';
  const retried: string[] = [WorkflowError.ChannelTransientError, WorkflowError.ChannelRateLimited];
  return retried.includes(errorName) ? 'warn' : 'error';
}

/**
 * Logs a failed invocation as one JSON line (error name, message and Brandflow's id-only
 * context; never the event, which may hold post text or names), then lets it fail. Errors
 * that route a post (blocked, cancelled, edited...) log at `info` and retried channel errors
 * at `warn`, so `error` lines are the ones an operator must look at.
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
      const name = error?.name ?? 'Error';
      const level = levelOf(name);
      console[level](
        JSON.stringify({
          level,
          handler: handlerName,
          error: name,
          message: error?.message,
          context: error instanceof BrandflowError ? error.context : undefined,
        }),
      );
    },
  };
}
