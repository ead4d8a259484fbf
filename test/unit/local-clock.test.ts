import { afterEach, describe, expect, it } from 'vitest';
import {
  advanceLocalClockTo,
  installLocalClock,
  readTwinClock,
  realNow,
  resetLocalClock,
} from '../../local/clock.js';

const HOUR = 3600 * 1000;
let uninstall: (() => void) | undefined;

afterEach(() => {
  uninstall?.();
  uninstall = undefined;
});

describe('the local clock', () => {
  it('runs ahead by what the waits jumped, and says so to clients', () => {
    // Prepare
    uninstall = installLocalClock();

    // Act
    advanceLocalClockTo(realNow() + 73 * HOUR);

    // Assess
    expect(Date.now() - realNow()).toBeGreaterThanOrEqual(73 * HOUR - 1000);
    expect(readTwinClock().aheadSeconds).toBeGreaterThanOrEqual(73 * 3600 - 1);
  });

  it('comes back to the wall clock after the demo, so a client scheduling "in an hour" is in the future', () => {
    // Prepare
    uninstall = installLocalClock();
    advanceLocalClockTo(realNow() + 73 * HOUR);

    // Act
    resetLocalClock();

    // Assess
    expect(Math.abs(Date.now() - realNow())).toBeLessThan(1000);
    expect(readTwinClock().aheadSeconds).toBe(0);
    expect(Date.parse(new Date(realNow() + HOUR).toISOString())).toBeGreaterThan(Date.now());
  });
});
