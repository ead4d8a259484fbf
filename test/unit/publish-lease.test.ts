import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLATFORM_CLOCK_SKEW_MS } from '../../functions/channels/core/own-post-lookup.js';
import { HANDLER_TIMEOUT_SECONDS } from '../../functions/domain/function-timeout.js';
import {
  isLeaseHeld,
  leaseDurationMs,
  leaseOwnerOf,
  leaseWaitBudgetMs,
  PublishLeaseTiming,
} from '../../functions/domain/publish-lease.js';
import { ProcessingBounds } from '../../functions/domain/rate-limit.js';
import { REPO_ROOT } from '../../infra/core/repo-root.js';

describe('publish lease rules', () => {
  it('outlives the function timeout, so a holder Lambda still runs never loses its lease', () => {
    // Prepare
    const timeoutMs = HANDLER_TIMEOUT_SECONDS * 1000;
    // Act
    const duration = leaseDurationMs();
    // Assess
    expect(duration).toBeGreaterThan(timeoutMs);
    expect(duration - timeoutMs).toBe(PublishLeaseTiming.marginSeconds * 1000);
  });

  it('holds a lease from its grant until its expiry and frees it from then on', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 45 }),
        fc.integer({ min: 0, max: 10 * leaseDurationMs() }),
        (grantedAt, elapsed) => {
          // Prepare
          const lease = { leaseOwner: 'post-r1#1', leaseExpiresAt: grantedAt + leaseDurationMs() };
          // Act
          const held = isLeaseHeld(lease, grantedAt + elapsed);
          // Assess
          expect(held).toBe(elapsed < leaseDurationMs());
        },
      ),
    );
  });

  it('treats a record without an owner or expiry as free', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 45 }), (now) => {
        expect(isLeaseHeld(undefined, now)).toBe(false);
        expect(isLeaseHeld({ leaseExpiresAt: now + 1 }, now)).toBe(false);
        expect(isLeaseHeld({ leaseOwner: 'post-r1#1' }, now)).toBe(false);
      }),
    );
  });

  it('names every attempt of every execution differently', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.stringMatching(/^[a-z0-9-]{1,20}$/), fc.integer({ min: 1, max: 1000 })),
        fc.tuple(fc.stringMatching(/^[a-z0-9-]{1,20}$/), fc.integer({ min: 1, max: 1000 })),
        ([nameA, attemptA], [nameB, attemptB]) => {
          // Act
          const same = leaseOwnerOf(nameA, attemptA) === leaseOwnerOf(nameB, attemptB);
          // Assess
          expect(same).toBe(nameA === nameB && attemptA === attemptB);
        },
      ),
    );
  });

  it('waits no longer than the invocation has left, less the reserve, and never a negative time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 900_000 }), (remainingMs) => {
        // Act
        const budget = leaseWaitBudgetMs(remainingMs);
        // Assess
        expect(budget).toBeGreaterThanOrEqual(0);
        expect(budget).toBeLessThanOrEqual(Math.max(0, remainingMs - PublishLeaseTiming.reserveMs));
        expect(budget).toBe(Math.max(0, remainingMs - PublishLeaseTiming.reserveMs));
      }),
    );
  });
});

describe('docs/channels.md on publishing once', () => {
  it('states the lease, polling and processing bounds the code uses', () => {
    // Prepare
    const doc = readFileSync(join(REPO_ROOT, 'docs/channels.md'), 'utf8').replace(/\s+/g, ' ');
    // Act
    const stated = [
      `plus ${PublishLeaseTiming.marginSeconds} s`,
      `every ${PublishLeaseTiming.pollMs} ms`,
      `less ${PublishLeaseTiming.reserveMs / 1000} s`,
      `waits ${ProcessingBounds.waitSeconds} s`,
      `at most ${ProcessingBounds.maxWaits} waits per channel`,
      PLATFORM_CLOCK_SKEW_MS === 60_000 ? 'less a minute' : `less ${PLATFORM_CLOCK_SKEW_MS / 1000} s`,
    ];
    // Assess
    for (const phrase of stated) expect(doc).toContain(phrase);
  });
});
