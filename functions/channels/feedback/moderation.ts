import type { ChannelCredentials } from '../core/credentials.js';
import type { PlatformRequest, PlatformResponse } from '../core/http.js';
import type { ReplyWrite } from './replies.js';

/*
 * Hiding a reply or comment under the brand's post, where the platform lets the author of the
 * post do it: X hides a reply (`PUT /2/tweets/{id}/hidden`), Facebook and Instagram hide a
 * comment. Hiding is a state, not an action that adds something: calling it again leaves the
 * same hidden item, so a retried or overlapping moderation is safe.
 */

/** The adapter's authenticated call, as its session makes it. */
type SessionCall = (build: (credentials: ChannelCredentials) => PlatformRequest) => Promise<PlatformResponse>;

/**
 * X: hides a reply to the brand's post (`PUT /2/tweets/{id}/hidden`, `{ hidden: true }`).
 *
 * @example
 * ```ts
 * hideFeedback: (platformId) => xHide((build) => session.call(build), base, (c) => bearer(session.token(c)), platformId),
 * ```
 */
export async function xHide(
  call: SessionCall,
  base: string,
  headers: (credentials: ChannelCredentials) => Record<string, string>,
  replyId: string,
): Promise<void> {
  await call((credentials) => ({
    method: 'PUT',
    url: `${base}/2/tweets/${encodeURIComponent(replyId)}/hidden`,
    headers: headers(credentials),
    json: { hidden: true },
    operation: 'moderation',
  }));
}

/**
 * Meta's Graph APIs: hides a comment, `POST /{comment-id}` with `is_hidden=true` on Facebook,
 * `hide=true` on Instagram.
 *
 * @example
 * ```ts
 * hideFeedback: (platformId) => graphHide(graphWrite(session, base, 'moderation'), platformId, 'Instagram'),
 * ```
 */
export async function graphHide(
  write: ReplyWrite,
  commentId: string,
  platform: 'Facebook' | 'Instagram',
): Promise<void> {
  await write(
    `/${encodeURIComponent(commentId)}`,
    platform === 'Facebook' ? { is_hidden: true } : { hide: true },
  );
}
