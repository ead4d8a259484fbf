import type { MiddlewareObj } from '@middy/core';
import type { z } from 'zod';
import { InvalidInputError } from '../domain/errors.js';

/**
 * Replaces the Lambda event with its zod-parsed form, or throws an {@link InvalidInputError}
 * naming each field and rule. For task inputs and event envelopes, which only Brandflow
 * itself produces: a failure here is a bug, not a user's mistake.
 *
 * @example
 * ```ts
 * export const handler = middy<TaskInput>().use(parseInput(taskInputSchema)).handler(run);
 * ```
 */
export function parseInput<S extends z.ZodType>(schema: S): MiddlewareObj<z.infer<S>> {
  return {
    before: (request) => {
      const parsed = schema.safeParse(request.event);
      if (!parsed.success) {
        throw new InvalidInputError(
          parsed.error.issues.map((issue) => ({
            field: issue.path.map(String).join('.') || '(event)',
            rule: issue.code,
            message: issue.message,
          })),
        );
      }
      request.event = parsed.data;
    },
  };
}
