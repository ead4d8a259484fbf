import middy from '@middy/core';
import type * as z from 'zod/mini';
import { logErrors } from './log-errors.js';
import { parseInput } from './parse-input.js';

/** The part of Lambda's context a step may read. */
export interface Invocation {
  /** Milliseconds until Lambda stops this invocation (absent where a test calls the handler directly). */
  getRemainingTimeInMillis?: () => number;
}

/**
 * Wraps a step in the middlewares every Brandflow Lambda uses: PII-free error logging and
 * zod parsing of the event. `run` also gets Lambda's context, for a step that must know its
 * remaining time.
 *
 * @example
 * ```ts
 * export const handler = lambdaHandler('cancel-post', eventBridgeEnvelope, (event) => cancel(event.detail));
 * ```
 */
export function lambdaHandler<S extends z.core.$ZodType, R>(
  name: string,
  schema: S,
  run: (input: z.output<S>, invocation: Invocation) => Promise<R>,
) {
  return middy<z.output<S>, R>()
    .use(logErrors(name))
    .use(parseInput(schema))
    .handler(async (event: z.output<S>, context) => run(event, context));
}
