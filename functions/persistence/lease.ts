import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/dynamodb.js';
import { ConcurrentChangeError } from '../domain/errors.js';
import { HANDLER_TIMEOUT_SECONDS } from '../domain/function-timeout.js';
import {
  isLeaseHeld,
  leaseDurationMs,
  leaseOwnerOf,
  leaseWaitBudgetMs,
  type PublishLease,
  PublishLeaseTiming,
} from '../domain/publish-lease.js';
import { withoutKeys } from './keys.js';
import { isConditionFailure, tableName } from './table.js';

/**
 * The attributes to remove when an attempt gives its lease back (its outcome is recorded, or
 * it failed and the next attempt need not wait for the lease to expire).
 */
export const LEASE_ATTRIBUTES = ['leaseOwner', 'leaseExpiresAt'] as const;

/** A record sent at most once under a lease: a post's channel, a feedback reply. */
export interface LeasedRecord extends PublishLease {
  /** Attempts that took the lease so far. */
  attempts: number;
}

/** What an attempt found that may call the platform, or must not now. */
export type LeaseClaim<R> =
  /** This attempt holds the lease (`owner`) and may call the platform. */
  | { outcome: 'acquired'; owner: string; record: R }
  /** Another attempt holds an unexpired lease: it may be calling the platform right now. */
  | { outcome: 'held'; record: R };

/** How one kind of record is claimed: where it is, what settles it, what the intent writes besides the lease. */
export interface LeaseSpec<R extends LeasedRecord, S> {
  key: { pk: string; sk: string };
  /** The attempt's name (an execution, a request id): the owner is `<attemptOf>#<attempt>`. */
  attemptOf: string;
  /** A consistent read of the record. */
  read(): Promise<R | undefined>;
  /** The answer when the record needs no attempt (sent already, no longer approved), else undefined. */
  settled(current: R | undefined): S | undefined;
  /**
   * What must still hold of an existing record when the intent is written, over `#status`
   * (`#status <> :published`), with its values.
   */
  claimable: { condition: string; values: Record<string, unknown> };
  /**
   * More attributes the intent sets (`postId = :postId`), with their values; `:nowIso` is the
   * claim's time. `current` is the record read (its `leaseOwner` an attempt that crashed).
   */
  intent(current: R | undefined): { set: readonly string[]; values: Record<string, unknown> };
  /** The error's message and context when other attempts keep changing the record. */
  contention: { message: string; context: Record<string, string> };
}

/**
 * Records the intent and takes the lease in one conditional write: one more attempt, the lease
 * owned by this attempt until the function timeout plus a margin. The record read must still
 * be the record written over (no attempt slipped in between): a lost race reads again, and
 * three in a row are a fault the caller retries. An expired lease still set is an attempt that
 * ended without an outcome, perhaps after the platform took the call: the record is marked
 * `ambiguous`, so this attempt looks before it repeats. A settled record, or one leased by an
 * attempt that may still be running, is returned as it stands with nothing written.
 *
 * @example
 * ```ts
 * const claim = await claimLease({ key, attemptOf: 'post-1-r1', read, settled, claimable, intent, contention });
 * if (claim.outcome === 'acquired') await adapter.publish(request);
 * ```
 */
export async function claimLease<R extends LeasedRecord, S>(
  spec: LeaseSpec<R, S>,
): Promise<LeaseClaim<R> | S> {
  for (let race = 0; race < 3; race += 1) {
    const current = await spec.read();
    const settled = spec.settled(current);
    if (settled !== undefined) return settled;
    const now = Date.now();
    if (current && isLeaseHeld(current, now)) return { outcome: 'held', record: current };
    const attempt = (current?.attempts ?? 0) + 1;
    const owner = leaseOwnerOf(spec.attemptOf, attempt);
    const crashed = Boolean(current?.leaseOwner);
    const intent = spec.intent(current);
    try {
      const { Attributes } = await dynamo.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: spec.key,
          UpdateExpression: `SET ${[
            'attempts = :attempt',
            'leaseOwner = :owner',
            'leaseExpiresAt = :expires',
            'intentAt = if_not_exists(intentAt, :nowIso)',
            ...(crashed ? ['ambiguous = :true'] : []),
            ...intent.set,
          ].join(', ')}`,
          ConditionExpression: current
            ? `attempts = :seen AND ${spec.claimable.condition}`
            : 'attribute_not_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':attempt': attempt,
            ':owner': owner,
            ':expires': now + leaseDurationMs(),
            ':nowIso': new Date(now).toISOString(),
            ...(crashed ? { ':true': true } : {}),
            ...(current ? { ':seen': current.attempts, ...spec.claimable.values } : {}),
            ...intent.values,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { outcome: 'acquired', owner, record: withoutKeys<R>(Attributes ?? {}) };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  throw new ConcurrentChangeError(spec.contention.message, { context: spec.contention.context });
}

/**
 * Claims until the lease is this attempt's or the record is settled. While another attempt
 * holds the lease, this one does not call the platform but reads again until that attempt
 * records its outcome or gives the lease back, within its own remaining time; past it, it
 * throws `refuse(holder)` for the caller's retry.
 *
 * @example
 * ```ts
 * const claim = await awaitLease(() => claimReplySend(id, requestId), remainingMs, (holder) => new PublishLeaseHeldError('…', { context: { holder } }));
 * ```
 */
export async function awaitLease<C extends { outcome: string; record?: PublishLease }>(
  claim: () => Promise<C>,
  remainingMs: number | undefined,
  refuse: (holder: string | undefined) => Error,
): Promise<Exclude<C, { outcome: 'held' }>> {
  // performance.now, not Date: the local twin's clock may jump forward during a wait.
  const giveUpAt = performance.now() + leaseWaitBudgetMs(remainingMs ?? HANDLER_TIMEOUT_SECONDS * 1000);
  for (;;) {
    const found = await claim();
    if (found.outcome !== 'held') return found as Exclude<C, { outcome: 'held' }>;
    if (performance.now() + PublishLeaseTiming.pollMs > giveUpAt) throw refuse(found.record?.leaseOwner);
    await sleep(PublishLeaseTiming.pollMs);
  }
}
