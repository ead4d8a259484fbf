import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allPages, type Page } from '../../functions/channels/feedback/readers.js';

/** A listing of `total` items served `size` a page, with cursors as a platform gives them. */
const listing = (total: number, size: number) => {
  const asked: (string | undefined)[] = [];
  const page = async (cursor: string | undefined): Promise<Page<number>> => {
    asked.push(cursor);
    const from = Number(cursor ?? 0);
    const items = Array.from({ length: Math.max(0, Math.min(size, total - from)) }, (_, i) => from + i);
    return { items, next: from + items.length < total ? String(from + items.length) : undefined };
  };
  return { page, asked };
};

describe('following a platform cursor', () => {
  it('reads every item in order when the listing fits the cap, and never more than cap pages', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 12 }),
        async (total, size, cap) => {
          // Prepare
          const { page, asked } = listing(total, size);

          // Act
          const items = await allPages(page, cap);

          // Assess
          const pagesNeeded = Math.max(1, Math.ceil(total / size));
          expect(asked.length).toBe(Math.min(pagesNeeded, cap));
          expect(items).toEqual(Array.from({ length: Math.min(total, cap * size) }, (_, i) => i));
        },
      ),
    );
  });

  it('stops when the platform hands back a cursor it gave before, so a loop cannot spend the round', async () => {
    // Prepare
    let calls = 0;
    const looping = async (): Promise<Page<string>> => {
      calls += 1;
      return { items: [`item-${calls}`], next: 'same-cursor' };
    };

    // Act
    const items = await allPages(looping, 10);

    // Assess
    expect(items).toEqual(['item-1', 'item-2']);
    expect(calls).toBe(2);
  });
});
