import { en } from 'zod/locales';
import type * as z from 'zod/mini';
import { config } from 'zod/mini';
import type { InputProblem } from './errors.js';

/*
 * zod/mini carries no messages of its own ("Invalid input" for every issue). Every module
 * that defines or parses a schema imports this one, so each issue says what rule broke
 * ("Too small: expected string to have >=1 characters"), as zod's full API does.
 *
 * Schemas import zod as `import * as z from 'zod/mini'`: the bundler then keeps only the
 * functions used. `import { z } from 'zod/mini'` is an object holding all of zod and its
 * locales, which no bundler can shake (test/unit/handler-bundles.test.ts checks).
 */
config(en());

/**
 * Each broken rule of a parse as `field: message`, joined: the one-line reason a refusal gives.
 *
 * @example
 * ```ts
 * if (!parsed.success) return { status: 'refused', reason: issueSummary(parsed.error) };
 * ```
 */
export function issueSummary(error: z.core.$ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'detail'}: ${i.message}`).join('; ');
}

/**
 * Each broken rule of a parse as an {@link InputProblem} with zod's rule code; `whole` names
 * the field when the input itself is wrong.
 *
 * @example
 * ```ts
 * if (!parsed.success) throw new InvalidInputError(issueProblems(parsed.error, '(event)'));
 * ```
 */
export function issueProblems(error: z.core.$ZodError, whole: string): InputProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || whole,
    rule: issue.code,
    message: issue.message,
  }));
}
