import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { requireEnv } from '../aws/env.js';

/** The table every record lives in (TABLE_NAME, read per call). */
export const tableName = (): string => requireEnv('TABLE_NAME');

/**
 * Whether a write failed only because its condition did not hold: the state it expected
 * has moved on (a repeat, or a concurrent change).
 */
export function isConditionFailure(error: unknown): boolean {
  if (error instanceof ConditionalCheckFailedException) return true;
  if (error instanceof TransactionCanceledException) {
    // A conflict with a concurrent transaction is a lost race too: the caller re-reads and decides again.
    return (error.CancellationReasons ?? []).some(
      (reason) => reason.Code === 'ConditionalCheckFailed' || reason.Code === 'TransactionConflict',
    );
  }
  return false;
}

/** Builds an UpdateExpression from attributes to set and to remove. */
export function updateExpression(
  set: Record<string, unknown>,
  remove: readonly string[] = [],
): { UpdateExpression: string; names: Record<string, string>; values: Record<string, unknown> } {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries(set)
    .filter(([, value]) => value !== undefined)
    .map(([attr, value], i) => {
      names[`#u${i}`] = attr;
      values[`:u${i}`] = value;
      return `#u${i} = :u${i}`;
    });
  const removes = remove.map((attr, i) => {
    names[`#r${i}`] = attr;
    return `#r${i}`;
  });
  const parts = [
    sets.length ? `SET ${sets.join(', ')}` : '',
    removes.length ? `REMOVE ${removes.join(', ')}` : '',
  ];
  return { UpdateExpression: parts.filter(Boolean).join(' '), names, values };
}
