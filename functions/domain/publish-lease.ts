import { HANDLER_TIMEOUT_SECONDS } from './function-timeout.js';

/**
 * How an attempt holds a channel's publication. Step Functions retries a task whose Lambda
 * call failed or timed out while the first invocation may still be running, so two attempts
 * can overlap: the lease lets only one call the platform, and it outlives the function's
 * timeout, after which Lambda has stopped the holder for certain.
 */
export const PublishLeaseTiming = {
  /** Beyond the function timeout: clock skew between invocations and the write after the answer. */
  marginSeconds: 30,
  /** How often a waiting attempt reads the record again. */
  pollMs: 250,
  /** Kept back from the invocation's remaining time, so the wait ends before Lambda stops it. */
  reserveMs: 2000,
} as const;

/** The lease fields of a publish record. */
export interface PublishLease {
  /** `<executionName>#<attempt>`: the attempt that may call the platform. */
  leaseOwner?: string;
  /** Epoch milliseconds; past it, the holder has stopped for certain. */
  leaseExpiresAt?: number;
}

/**
 * How long a lease lasts: the function timeout plus the margin, in milliseconds.
 *
 * @example
 * ```ts
 * leaseDurationMs(); // 60000 with a 30 s timeout
 * ```
 */
export function leaseDurationMs(): number {
  return (HANDLER_TIMEOUT_SECONDS + PublishLeaseTiming.marginSeconds) * 1000;
}

/**
 * The owner of a lease: the execution and its attempt number on this channel.
 *
 * @example
 * ```ts
 * leaseOwnerOf('spring-launch-r1', 2); // 'spring-launch-r1#2'
 * ```
 */
export function leaseOwnerOf(executionName: string, attempt: number): string {
  return `${executionName}#${attempt}`;
}

/**
 * The execution an owner's attempt belongs to.
 *
 * @example
 * ```ts
 * executionOfLeaseOwner('spring-launch-r1#2'); // 'spring-launch-r1'
 * ```
 */
export function executionOfLeaseOwner(owner: string): string {
  const hash = owner.lastIndexOf('#');
  return hash < 0 ? owner : owner.slice(0, hash);
}

/**
 * Whether another attempt may still be calling the platform at `now` (epoch ms).
 *
 * @example
 * ```ts
 * isLeaseHeld({ leaseOwner: 'p-r1#1', leaseExpiresAt: 1_000 }, 999); // true
 * isLeaseHeld({ leaseOwner: 'p-r1#1', leaseExpiresAt: 1_000 }, 1_000); // false
 * ```
 */
export function isLeaseHeld(lease: PublishLease | undefined, now: number): boolean {
  return (
    Boolean(lease?.leaseOwner) && typeof lease?.leaseExpiresAt === 'number' && lease.leaseExpiresAt > now
  );
}

/**
 * How long an attempt that found the lease held may wait for it, in milliseconds: its remaining
 * invocation time less the reserve, never negative.
 *
 * @example
 * ```ts
 * leaseWaitBudgetMs(30_000); // 28000
 * ```
 */
export function leaseWaitBudgetMs(remainingMs: number): number {
  return Math.max(0, remainingMs - PublishLeaseTiming.reserveMs);
}
