import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contractEvents } from '../../functions/contract/catalog.js';
import { OutboundEventMismatchError } from '../../functions/domain/errors.js';
import { assertOutboundDetail } from '../../functions/persistence/outbound-detail.js';

const outbound = contractEvents.filter((event) => event.direction === 'outbound');

/** The error a check throws, or undefined when it passes. */
function thrownBy(check: () => void): unknown {
  try {
    check();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('the outbound detail check', () => {
  it('passes every outbound example of the event catalog', () => {
    // Act
    const failures = outbound.filter((event) =>
      thrownBy(() => assertOutboundDetail(event.detailType, event.example)),
    );

    // Assess
    expect(failures.map((event) => event.detailType)).toEqual([]);
  });

  it('refuses a detail whose required field is missing or of another type, naming the event and the field', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...outbound),
        fc.constantFrom('postId', 'revision', 'brandId', 'occurredAt'),
        fc.constantFrom<'missing' | 'wrong type'>('missing', 'wrong type'),
        (event, field, breakage) => {
          // Prepare
          const detail: Record<string, unknown> = { ...event.example };
          if (breakage === 'missing') delete detail[field];
          else detail[field] = field === 'revision' ? 'one' : 42;

          // Act
          const error = thrownBy(() => assertOutboundDetail(event.detailType, detail));

          // Assess
          expect(error).toBeInstanceOf(OutboundEventMismatchError);
          const mismatch = error as OutboundEventMismatchError;
          expect(mismatch.detailType).toBe(event.detailType);
          expect(mismatch.problems.map((p) => p.field)).toContain(field);
          expect(mismatch.message).toContain(event.detailType);
          expect(mismatch.context).toMatchObject({ detailType: event.detailType, field });
        },
      ),
    );
  });

  it('refuses an event the catalog does not list', () => {
    // Act
    const error = thrownBy(() =>
      assertOutboundDetail('Post Teleported', {
        postId: 'p-1',
        revision: 1,
        brandId: 'b',
        occurredAt: '2030-01-01T00:00:00.000Z',
      }),
    );

    // Assess
    expect(error).toMatchObject({
      name: 'OutboundEventMismatchError',
      detailType: 'Post Teleported',
      problems: [{ field: 'detail-type', rule: 'one-of' }],
    });
  });
});
