import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contractEvents } from '../../functions/contract/catalog.js';
import { renderEventsDoc } from '../../functions/contract/docs/events-doc.js';
import { eventJsonSchema } from '../../functions/contract/json-schema.js';
import { InboundEvent, OutboundEvent } from '../../functions/domain/events.js';

/** Biome re-wraps Markdown tables and JSON blocks; the contract is the same whatever the whitespace. */
const normalized = (markdown: string) => markdown.replace(/\s+/g, '').replace(/-{3,}/g, '---');

describe('the event contract', () => {
  it('is documented: docs/events.md matches the schemas (run `npm run docs:events` after a change)', () => {
    // Prepare
    const onDisk = readFileSync(new URL('../../docs/events.md', import.meta.url), 'utf8');
    // Act
    const generated = renderEventsDoc();
    // Assess
    expect(normalized(onDisk)).toBe(normalized(generated));
  });

  it('covers every inbound and outbound detail-type the code knows, and nothing else', () => {
    // Prepare
    const known = [...Object.values(InboundEvent), ...Object.values(OutboundEvent)].sort();
    // Act
    const documented = contractEvents.map((e) => e.detailType).sort();
    // Assess
    expect(documented).toEqual(known);
  });

  it.each(contractEvents.map((e) => [e.detailType, e] as const))('has a valid example of %s', (_, event) => {
    // Act
    const parsed = event.schema.safeParse(event.example);
    // Assess
    expect(parsed.error?.issues).toBeUndefined();
    expect(event.example).toMatchObject({ schemaVersion: '1', correlationId: expect.any(String) });
  });

  it('generates a draft-04 JSON Schema of each whole event for the schema registry', () => {
    // Act
    const schemas = contractEvents.map(eventJsonSchema);
    // Assess
    for (const [i, schema] of schemas.entries()) {
      expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
      const properties = schema.properties as Record<string, { enum?: string[]; type?: string }>;
      expect(properties['detail-type']?.enum).toEqual([contractEvents[i]?.detailType]);
      expect(properties.detail?.type).toBe('object');
    }
  });

  it('refuses a Review Decision rejecting without a comment, naming the field', () => {
    // Prepare
    const schema = contractEvents.find((e) => e.detailType === 'Review Decision')?.schema;
    // Act
    const parsed = schema?.safeParse({
      postId: 'p-1',
      revision: 1,
      decision: 'reject',
      reviewer: { id: 'r' },
    });
    // Assess
    expect(parsed?.error?.issues[0]?.path).toEqual(['comment']);
  });
});
