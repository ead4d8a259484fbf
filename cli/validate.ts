import type * as z from 'zod/mini';
import { type InputProblem, InvalidInputError } from '../functions/domain/errors.js';
import { isTimeZone, parseOffsetTimestamp } from '../functions/domain/time.js';

const ruleOf: Record<string, string> = {
  invalid_type: 'type',
  too_small: 'min',
  too_big: 'max',
  invalid_format: 'format',
  invalid_value: 'one-of',
  invalid_union: 'one-of',
  unrecognized_keys: 'known-fields',
  custom: 'rule',
};

/** zod's issues as problems naming the field (dotted path) and the rule. */
export function problemsFromZod(error: z.core.$ZodError): InputProblem[] {
  return error.issues.map((issue) => {
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    let rule = missing ? 'required' : (ruleOf[issue.code] ?? issue.code);
    if (issue.code === 'invalid_format') rule = issue.format === 'regex' ? 'pattern' : issue.format;
    return {
      field: issue.path.map(String).join('.') || '(detail)',
      rule,
      message: missing ? 'is required' : issue.message,
    };
  });
}

/**
 * Parses an inbound detail with its contract schema before it is put on the bus, and checks
 * the timestamp and time zone rules the handler applies, so a mistake is reported here,
 * field by field, instead of as an `Inbound Event Rejected` later.
 *
 * @example
 * ```ts
 * const detail = validateDetail(cancelPostSchema, { postId: 'p-1', requestedBy: { id: 'u-1' } });
 * ```
 */
export function validateDetail<S extends z.ZodMiniType>(schema: S, detail: unknown): z.output<S> {
  const parsed = schema.safeParse(detail);
  const problems = parsed.success ? [] : problemsFromZod(parsed.error);
  const raw = (detail && typeof detail === 'object' ? detail : {}) as Record<string, unknown>;
  if (typeof raw.scheduledAt === 'string') {
    const time = parseOffsetTimestamp(raw.scheduledAt);
    if ('problem' in time) {
      problems.push({
        field: 'scheduledAt',
        rule: time.problem === 'offset' ? 'offset' : 'rfc3339',
        message:
          time.problem === 'offset'
            ? 'needs an offset, e.g. 2030-05-01T09:00:00+02:00 or ...Z'
            : 'must be an RFC 3339 date-time with an offset, e.g. 2030-05-01T09:00:00+02:00',
      });
    }
  }
  if (typeof raw.timeZone === 'string' && !isTimeZone(raw.timeZone)) {
    problems.push({
      field: 'timeZone',
      rule: 'iana-time-zone',
      message: 'must be an IANA time zone such as Europe/Paris',
    });
  }
  if (problems.length || !parsed.success) throw new InvalidInputError(problems);
  return parsed.data;
}
