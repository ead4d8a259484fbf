import type { MiddlewareObj } from '@middy/core';
import * as z from 'zod/mini';
import '../contract/schema-messages.js';
import { schemaProblems } from '../contract/problems.js';
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
export function parseInput<S extends z.core.$ZodType>(schema: S): MiddlewareObj<z.output<S>> {
  return {
    before: (request) => {
      const parsed = z.safeParse(schema, request.event);
      if (!parsed.success) {
        throw new InvalidInputError(schemaProblems(parsed.error));
      }
      request.event = parsed.data;
    },
  };
}
