import * as z from 'zod/mini';
import { outboundSchemas } from '../contract/outbound.js';
import { schemaProblems } from '../contract/problems.js';
import { OutboundEventMismatchError } from '../domain/errors.js';

// The check lives beside the outbox, not in the contract: the contract names no error class.
/**
 * Checks an outbound detail, as it will be put on the bus, against its schema in the catalog.
 * A mismatch is a bug in the code that built the detail, not a user's mistake: it throws
 * before anything is written, naming the event and each field with its rule.
 *
 * @example
 * ```ts
 * assertOutboundDetail('Post Failed', { postId: 'p-1', revision: 1, brandId: 'b', occurredAt, error: 'x' });
 * ```
 */
export function assertOutboundDetail(detailType: string, detail: unknown): void {
  const schema = (outboundSchemas as Record<string, z.ZodMiniType | undefined>)[detailType];
  if (!schema) {
    throw new OutboundEventMismatchError(detailType, [
      { field: 'detail-type', rule: 'one-of', message: 'the event catalog has no such outbound event' },
    ]);
  }
  const parsed = z.safeParse(schema, detail);
  if (!parsed.success) throw new OutboundEventMismatchError(detailType, schemaProblems(parsed.error));
}
