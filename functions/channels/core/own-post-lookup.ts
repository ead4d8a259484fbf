import { toUtc } from '../../domain/time.js';
import type { PublishRequest } from './channel-adapter.js';
import { comparableText, composeText } from './content-checks.js';

/*
 * Finding this request's own post on a platform after an answer was lost: created after the
 * intent was recorded (less the clock skew) and with its text, never by text alone.
 */

/** How far a platform's clock may run behind ours when it stamps a post's creation time. */
export const PLATFORM_CLOCK_SKEW_MS = 60_000;

/**
 * Whether a post the platform created at `createdAt` (RFC 3339, or epoch ms) may be this
 * request's publication: created after the intent was recorded, less the clock skew. A post
 * without a creation time, or a request without an intent time, never is.
 *
 * @example
 * ```ts
 * const candidates = posts.filter((post) => createdSinceIntent(post.created_at, request));
 * ```
 */
export function createdSinceIntent(createdAt: string | number | undefined, request: PublishRequest): boolean {
  if (createdAt === undefined || !request.notBefore) return false;
  const created = typeof createdAt === 'number' ? createdAt : Date.parse(normalizeOffset(createdAt));
  return Number.isFinite(created) && created >= Date.parse(request.notBefore) - PLATFORM_CLOCK_SKEW_MS;
}

/** The earliest creation time a lookup needs to ask for (RFC 3339 UTC, whole seconds). */
export function lookupStart(request: PublishRequest): string | undefined {
  if (!request.notBefore) return undefined;
  return toUtc(Date.parse(request.notBefore) - PLATFORM_CLOCK_SKEW_MS);
}

/** Graph writes `+0000`; Date.parse wants `+00:00`. */
function normalizeOffset(value: string): string {
  return value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
}

/**
 * The post of `candidates` that is this request's publication: created after its intent and
 * with its text, never by text alone.
 *
 * @example
 * ```ts
 * const match = findOwnPost(tweets, request, (t) => t.text, (t) => t.created_at);
 * ```
 */
export function findOwnPost<T>(
  candidates: T[],
  request: PublishRequest,
  textOf: (candidate: T) => string,
  createdAtOf: (candidate: T) => string | number | undefined,
  wantedText: string = composeText(request.content),
): T | undefined {
  const wanted = comparableText(wantedText);
  return candidates.find(
    (candidate) =>
      createdSinceIntent(createdAtOf(candidate), request) && comparableText(textOf(candidate)) === wanted,
  );
}
