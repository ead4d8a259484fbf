import { randomBytes } from 'node:crypto';
import type { LifecycleAction } from '../domain/lifecycle-actions.js';
import { keys } from './keys.js';
import { currentProvenance, type Provenance } from './provenance.js';
import { queryRecords } from './table.js';

/** Who caused an entry: a user (by id only) or the workflow. */
export interface Actor {
  type: 'user' | 'system';
  id: string;
}

/** One append-only lifecycle entry (pk `POST#<postId>`, sk `LOG#<at>#<suffix>`). */
export interface LifecycleLogEntry {
  action: LifecycleAction;
  actor: Actor;
  /** RFC 3339 UTC with milliseconds. */
  at: string;
  revision: number;
  details?: Record<string, unknown>;
  /** For a person's action: the verified token (issuer, subject) or the sending account and source. */
  provenance?: Provenance;
}

/** The workflow as an actor. */
export const workflowActor = (executionName: string): Actor => ({ type: 'system', id: executionName });

/** The item for an entry; written in the same transaction as the change it records. */
export function logItem(postId: string, entry: Omit<LifecycleLogEntry, 'at'> & { at?: string }) {
  const at = entry.at ?? new Date().toISOString();
  const provenance = entry.actor.type === 'user' ? currentProvenance() : undefined;
  return {
    ...keys.log(postId, at, randomBytes(4).toString('hex')),
    postId,
    ...(provenance ? { provenance } : {}),
    ...entry,
    at,
  };
}

/**
 * The post's lifecycle log, oldest first.
 *
 * @example
 * ```ts
 * const actions = (await listLifecycleLog('post-1')).map((e) => e.action);
 * ```
 */
export async function listLifecycleLog(postId: string): Promise<LifecycleLogEntry[]> {
  return queryPrefix<LifecycleLogEntry>(postId, keys.logPrefix);
}

/** Every item of a post's partition whose sort key starts with `prefix`, in sort-key order. */
export async function queryPrefix<T>(postId: string, prefix: string): Promise<T[]> {
  const records = await queryRecords<Record<string, unknown>>(keys.post(postId).pk, prefix);
  return records.map(({ postId: _postId, ...rest }) => rest as T);
}
