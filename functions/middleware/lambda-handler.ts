import middy from '@middy/core';
import type * as z from 'zod/mini';
import { logErrors } from './log-errors.js';
import { parseInput } from './parse-input.js';

/**
 * Wraps a step in the middlewares every Brandflow Lambda uses: PII-free error logging and
 * zod parsing of the event.
 *
 * @example
 * ```ts
 * export const handler = lambdaHandler('cancel-post', eventBridgeEnvelope, (event) => cancel(event.detail));
 * ```
 */
export function lambdaHandler<S extends z.core.$ZodType, R>(
  name: string,
  schema: S,
  run: (input: z.output<S>) => Promise<R>,
) {
  return middy<z.output<S>, R>()
    .use(logErrors(name))
    .use(parseInput(schema))
    .handler(async (event: z.output<S>) => run(event));
}
