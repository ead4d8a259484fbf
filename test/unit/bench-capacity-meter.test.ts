import { describe, expect, it } from 'vitest';
import { itemBytes, transactionalItemUnits } from '../../bench/capacity-meter.js';

describe('the bench capacity meter prices a transaction item as AWS bills it', () => {
  it('counts attribute names and string bytes in an item size', () => {
    // Prepare
    const stored = { pk: 'POST#p', sk: 'POST', status: 'scheduled' };
    // Act
    const size = itemBytes(stored);
    // Assess
    expect(size).toBe(
      'pk'.length + 'POST#p'.length + 'sk'.length + 'POST'.length + 'status'.length + 'scheduled'.length,
    );
  });

  it('charges two units per started KB of the larger of the old and new item', () => {
    // Prepare
    const large = { pk: 'P', sk: 'S', text: 'y'.repeat(2500) };
    const small = { pk: 'P', sk: 'S', status: 'cancelled' };
    // Act
    const shrinking = transactionalItemUnits(large, small);
    const created = transactionalItemUnits(undefined, small);
    // Assess
    expect(shrinking).toBe(6);
    expect(created).toBe(2);
  });

  it('adds the calendar index write for an item that carries its keys', () => {
    // Prepare
    const indexed = { pk: 'P', sk: 'S', calendarPk: 'BRAND#acme', calendarSk: '2030-05-01T09:00:00Z#p' };
    const moved = { ...indexed, calendarSk: '2030-05-02T09:00:00Z#p' };
    // Act
    const unchangedKeys = transactionalItemUnits(indexed, { ...indexed, note: 'x' });
    const changedKeys = transactionalItemUnits(indexed, moved);
    // Assess
    expect(unchangedKeys).toBe(4);
    expect(changedKeys).toBe(6);
  });
});
