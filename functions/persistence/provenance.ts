import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Where a human action came from, as the lifecycle log records it: a verified token at the
 * front door (its issuer and subject), or an event an integrator account put on the bus (its
 * account and source; whoever it names as the actor is only asserted by that sender).
 */
export type Provenance =
  | { via: 'api'; issuer: string; subject: string }
  | { via: 'bus'; account: string; source: string };

const current = new AsyncLocalStorage<Provenance>();

/**
 * Runs `work` with the provenance every lifecycle entry it writes records.
 *
 * @example
 * ```ts
 * await withProvenance({ via: 'api', issuer, subject }, () => decideReview(envelope));
 * ```
 */
export function withProvenance<T>(provenance: Provenance, work: () => Promise<T>): Promise<T> {
  return current.run(provenance, work);
}

/** The provenance of the request or event being handled, if any. */
export function currentProvenance(): Provenance | undefined {
  return current.getStore();
}
