import type * as z from 'zod/mini';
import { detailFields, schemaProblems } from '../functions/contract/problems.js';
import { InvalidInputError } from '../functions/domain/errors.js';
import { isTimeZone, parseOffsetTimestamp } from '../functions/domain/time.js';

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
  const problems = parsed.success ? [] : schemaProblems(parsed.error);
  const raw = detailFields(detail);
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
