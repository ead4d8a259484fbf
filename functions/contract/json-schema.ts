import { toJSONSchema } from 'zod/mini';
import type { ContractEvent } from './catalog.js';

/**
 * The JSON Schema (draft-04, what the EventBridge schema registry takes as `JSONSchemaDraft4`)
 * of a whole event: the EventBridge envelope with this event's `detail-type` and detail.
 * Integrators generate bindings from it (`aws schemas get-code-binding-source`).
 *
 * @example
 * ```ts
 * const schema = eventJsonSchema(contractEvents[0]);
 * ```
 */
export function eventJsonSchema(event: ContractEvent): Record<string, unknown> {
  const detail = toJSONSchema(event.schema, { target: 'draft-04', io: 'input', unrepresentable: 'any' });
  const { $schema: _drop, ...detailSchema } = detail as Record<string, unknown>;
  return {
    $schema: 'http://json-schema.org/draft-04/schema#',
    title: event.detailType,
    description: event.summary,
    type: 'object',
    required: ['detail-type', 'source', 'detail'],
    properties: {
      version: { type: 'string' },
      id: { type: 'string' },
      'detail-type': { type: 'string', enum: [event.detailType] },
      source: event.direction === 'outbound' ? { type: 'string', enum: ['brandflow'] } : { type: 'string' },
      account: { type: 'string' },
      time: { type: 'string', format: 'date-time' },
      region: { type: 'string' },
      resources: { type: 'array', items: { type: 'string' } },
      detail: detailSchema,
    },
  };
}

/**
 * The registry name of an event's schema, e.g. `brandflow@SubmitPost`.
 *
 * @example
 * ```ts
 * registrySchemaName('Submit Post'); // 'brandflow@SubmitPost'
 * ```
 */
export function registrySchemaName(detailType: string): string {
  return `brandflow@${detailType.replace(/[^A-Za-z0-9]/g, '')}`;
}
