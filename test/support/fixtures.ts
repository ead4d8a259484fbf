import { randomUUID } from 'node:crypto';

/*
 * What every kind of test builds its data with, whether it invokes the handlers one by one in
 * the twin (test/support/twin-harness.ts) or runs posts through it (test/workflow/support.ts).
 */

export const HOUR = 3600_000;

/**
 * A unique id, so tests sharing a table or a runtime never touch each other's data.
 *
 * @example
 * ```ts
 * uniqueId('post'); // 'post-1f0c9a2b'
 * ```
 */
export const uniqueId = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/**
 * RFC 3339 UTC without fractions, `ms` from now (the local clock's now in the twin).
 *
 * @example
 * ```ts
 * inFuture(2 * HOUR); // '2030-05-01T11:00:00Z'
 * ```
 */
export const inFuture = (ms: number) => new Date(Date.now() + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * RFC 3339 UTC without fractions, `hours` from now.
 *
 * @example
 * ```ts
 * hoursFromNow(-0.001); // just past
 * ```
 */
export const hoursFromNow = (hours: number) => inFuture(hours * HOUR);
