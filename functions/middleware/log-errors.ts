import type { MiddlewareObj } from '@middy/core';
import { type ErrorKind, errorKind } from '../../workflows/contract.js';
import { currentCorrelationId } from '../aws/correlation.js';
import { BrandflowError } from '../domain/errors.js';

const levelOf: Record<ErrorKind, 'info' | 'warn' | 'error'> = {
  outcome: 'info',
  retried: 'warn',
  fault: 'error',
};

/** How deep a cause chain is followed: enough for wrapped SDK errors, bounded against cycles. */
const MAX_CAUSES = 5;

/** The names and messages of an error's causes, outermost first (never their context or data). */
function causeChain(error: unknown): { error: string; message?: string }[] {
  const chain: { error: string; message?: string }[] = [];
  let cause = error instanceof Error ? error.cause : undefined;
  while (cause instanceof Error && chain.length < MAX_CAUSES) {
    chain.push({ error: cause.name, message: cause.message });
    cause = cause.cause;
  }
  return chain;
}

/**
 * The correlation id of what the function is handling: an inbound event's (its detail's, else
 * its id), else the execution's name for a task.
 */
function correlationOf(event: unknown): string | undefined {
  if (!event || typeof event !== 'object') return currentCorrelationId();
  const { id, detail, executionName } = event as { id?: unknown; detail?: unknown; executionName?: unknown };
  const given =
    detail && typeof detail === 'object' ? (detail as { correlationId?: unknown }).correlationId : undefined;
  const candidates = [currentCorrelationId(), given, id, executionName];
  // Only an id-shaped value is logged: a sender's malformed correlation id is not echoed.
  return candidates.find(
    (value): value is string => typeof value === 'string' && /^[\x21-\x7e]{1,128}$/.test(value),
  );
}

/**
 * Logs a failed invocation as one JSON line: error name, message, its kind in the workflow's
 * error taxonomy, the cause chain, Brandflow's id-only context, the correlation id and the
 * Lambda request id; never the event, which may hold post text or names. The level follows
 * the taxonomy (workflows/contract.ts `ErrorTaxonomy`): outcomes (blocked, cancelled, a normal
 * reschedule...) at `info`, errors the state machine retries or waits for at `warn`, faults at
 * `error`, so `error` lines are the ones an operator must look at. The state machine's Retry
 * and Catch follow the same table.
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
      const kind = errorKind(name);
      const level = levelOf[kind];
      const causes = causeChain(error);
      console[level](
        JSON.stringify({
          level,
          handler: handlerName,
          error: name,
          kind,
          message: error?.message,
          context: error instanceof BrandflowError ? error.context : undefined,
          correlationId: correlationOf(request.event),
          requestId: (request.context as { awsRequestId?: string } | undefined)?.awsRequestId,
          ...(causes.length > 0 ? { causes } : {}),
        }),
      );
    },
  };
}
