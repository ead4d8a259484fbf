import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstErrorField } from '../../functions/channels/core/http.js';

const fields = ['message', 'error', 'error_description'] as const;

describe('the platform message read from an error body', () => {
  it('is the first of the named fields the body sets, in the order the dialect names them', () => {
    fc.assert(
      fc.property(
        fc.record(
          { message: fc.option(fc.string()), error: fc.option(fc.string()), error_description: fc.string() },
          { requiredKeys: [] },
        ),
        (body) => {
          // Prepare
          const expected = body.message ?? body.error ?? body.error_description;

          // Act
          const read = firstErrorField(body, ...fields);

          // Assess
          expect(read).toBe(expected ?? undefined);
        },
      ),
    );
  });

  it('is none for a body that is not an object, such as an HTML error page or an empty answer', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant(undefined)), (body) => {
        // Act
        const read = firstErrorField(body, ...fields);

        // Assess
        expect(read).toBeUndefined();
      }),
    );
  });
});
