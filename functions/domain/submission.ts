import { createHash } from 'node:crypto';
import type * as z from 'zod/mini';
import type { BrandProfile } from './brand.js';
import type { InputProblem } from './errors.js';
import { graphemeLength } from './graphemes.js';
import {
  earlierWhileWaitingMessage,
  editableInFlight,
  isPublishedOrLater,
  movesEarlierWhileWaiting,
  type PostStatus,
  restartable,
} from './lifecycle.js';
import { type PostRecord, type SubmitPost, submitPostSchema } from './post.js';
import { isTimeZone, parseOffsetTimestamp, toUtc } from './time.js';

const YEAR_MS = 366 * 24 * 3600 * 1000;

/** What a valid submission means for the stored post. */
export type SubmissionPlan =
  /** No post yet: create it and start its first execution. */
  | { kind: 'create' }
  /** Same revision and content as stored: write nothing, repair the side effects. */
  | { kind: 'repeat' }
  /** Next revision while the running execution owns the post: it keeps it. */
  | { kind: 'edit'; previous: PostRecord; contentChanged: boolean }
  /** Next revision after the execution ended without publishing, or new content for an approved post whose execution sleeps until its time: start a new one. */
  | { kind: 'restart'; previous: PostRecord };

/** A submission that passed every rule, normalized for storage. */
export interface AcceptedSubmission {
  post: SubmitPost;
  /** RFC 3339 UTC. */
  scheduledAt: string;
  channels: string[];
  contentHash: string;
  plan: SubmissionPlan;
}

export type SubmissionResult =
  | { ok: true; value: AcceptedSubmission }
  | { ok: false; errors: InputProblem[] };

/**
 * sha256 of the canonical content (content type, campaign and per-channel content with
 * sorted keys). The schedule is left out so a pure reschedule does not need a new review.
 *
 * @example
 * ```ts
 * contentHash({ contentType: 'text', content: { x: { text: 'hi' } } }); // 'a1b2…'
 * ```
 */
export function contentHash(
  post: Pick<SubmitPost, 'contentType' | 'content' | 'campaign'> & Pick<Partial<SubmitPost>, 'promotion'>,
): string {
  // The promotion is part of what a reviewer approves (a paid post may need legal); absent, the hash is as before.
  const canonical = JSON.stringify(
    sortKeys({ c: post.campaign ?? null, t: post.contentType, k: post.content, p: post.promotion }),
  );
  return createHash('sha256').update(canonical).digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}

const zodRule: Record<string, string> = {
  invalid_type: 'type',
  too_small: 'min',
  too_big: 'max',
  invalid_format: 'format',
  invalid_value: 'one-of',
  unrecognized_keys: 'known-fields',
};

function fromZod(error: z.core.$ZodError): InputProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(detail)',
    rule: zodRule[issue.code] ?? issue.code,
    message: issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message,
  }));
}

/**
 * Checks a `Submit Post` detail against every rule and reports all problems together:
 * shape, empty text, unknown brand or channel, text over the channel's limit (graphemes),
 * schedule without offset, in the past or over a year ahead, time zone, and revision order.
 *
 * @example
 * ```ts
 * const result = validateSubmission({ detail, brand, existing, now: Date.now() });
 * if (!result.ok) console.log(result.errors.map((e) => `${e.field}: ${e.rule}`));
 * ```
 */
export function validateSubmission(input: {
  detail: unknown;
  brand: BrandProfile | undefined;
  existing: PostRecord | undefined;
  now: number;
}): SubmissionResult {
  const { detail, brand, existing, now } = input;
  const parsed = submitPostSchema.safeParse(detail);
  const errors: InputProblem[] = parsed.success ? [] : fromZod(parsed.error);
  const raw = (detail && typeof detail === 'object' ? detail : {}) as Record<string, unknown>;
  const problem = (field: string, rule: string, message: string) => errors.push({ field, rule, message });

  if (typeof raw.brandId === 'string' && !brand) problem('brandId', 'known-brand', 'no brand has this id');

  const content =
    raw.content && typeof raw.content === 'object' ? (raw.content as Record<string, unknown>) : {};
  const channelIds = Object.keys(content);
  if (raw.content !== undefined && channelIds.length === 0) {
    problem('content', 'min-channels', 'name at least one channel');
  }
  for (const channelId of channelIds) {
    const entry = content[channelId] as { text?: unknown } | undefined;
    const text = typeof entry?.text === 'string' ? entry.text : undefined;
    if (text !== undefined && text.trim().length === 0) {
      problem(`content.${channelId}.text`, 'required', 'text must not be empty');
    }
    if (!brand) continue;
    const channel = brand.channels.find((c) => c.id === channelId);
    if (!channel) {
      problem(`content.${channelId}`, 'known-channel', `the brand has no channel "${channelId}"`);
    } else if (text !== undefined && graphemeLength(text) > channel.maxLength) {
      problem(
        `content.${channelId}.text`,
        'max-length',
        `text is ${graphemeLength(text)} characters; the channel allows ${channel.maxLength}`,
      );
    }
  }

  let scheduledMs: number | undefined;
  if (typeof raw.scheduledAt === 'string') {
    const schedule = checkSchedule(raw.scheduledAt, now);
    if ('problem' in schedule) errors.push(schedule.problem);
    else scheduledMs = schedule.ms;
  }
  if (typeof raw.timeZone === 'string' && !isTimeZone(raw.timeZone)) {
    problem('timeZone', 'iana-time-zone', 'must be an IANA time zone such as Europe/Paris');
  }

  let plan: SubmissionPlan | undefined;
  let hash: string | undefined;
  if (parsed.success) {
    hash = contentHash(parsed.data);
    const revision = parsed.data.revision;
    const outcome = planSubmission(existing, revision, hash, parsed.data.brandId);
    if ('problem' in outcome) errors.push(outcome.problem);
    else plan = outcome.plan;
    if (plan?.kind === 'edit' && scheduledMs !== undefined) {
      if (movesEarlierWhileWaiting(plan.previous, toUtc(scheduledMs))) {
        problem('scheduledAt', 'not-earlier-once-approved', earlierWhileWaitingMessage);
      }
    }
  }

  if (errors.length > 0 || !parsed.success || !plan || !hash || scheduledMs === undefined) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    value: {
      post: parsed.data,
      scheduledAt: toUtc(scheduledMs),
      channels: channelIds,
      contentHash: hash,
      plan,
    },
  };
}

/**
 * The rules every new time obeys, on submission and on reschedule: RFC 3339 with a UTC
 * offset, in the future, at most a year ahead.
 *
 * @example
 * ```ts
 * checkSchedule('2030-01-31T09:00:00+01:00', Date.now()); // { ms: 1896076800000 }
 * ```
 */
export function checkSchedule(scheduledAt: string, now: number): { ms: number } | { problem: InputProblem } {
  const refuse = (rule: string, message: string) => ({ problem: { field: 'scheduledAt', rule, message } });
  const ts = parseOffsetTimestamp(scheduledAt);
  if ('problem' in ts) {
    return ts.problem === 'offset'
      ? refuse('offset-required', 'add a UTC offset (Z or ±hh:mm) so the time is not ambiguous')
      : refuse('rfc3339', 'must be an RFC 3339 date-time such as 2030-01-31T09:00:00+01:00');
  }
  if (ts.ms <= now) return refuse('in-future', 'the scheduled time has passed');
  if (ts.ms > now + YEAR_MS)
    return refuse('within-one-year', 'the scheduled time is more than one year ahead');
  return { ms: ts.ms };
}

function planSubmission(
  existing: PostRecord | undefined,
  revision: number,
  hash: string,
  brandId: string,
): { plan: SubmissionPlan } | { problem: InputProblem } {
  const refuse = (field: string, rule: string, message: string) => ({ problem: { field, rule, message } });
  if (!existing) {
    return revision === 1
      ? { plan: { kind: 'create' } }
      : refuse('revision', 'next-revision', 'a new post starts at revision 1');
  }
  if (existing.brandId !== brandId)
    return refuse('brandId', 'unchanged', 'a post cannot move to another brand');
  if (revision === existing.revision) {
    return hash === existing.contentHash
      ? { plan: { kind: 'repeat' } }
      : refuse(
          'revision',
          'next-revision',
          `revision ${revision} exists with other content; send revision ${existing.revision + 1}`,
        );
  }
  if (revision !== existing.revision + 1) {
    return refuse('revision', 'next-revision', `the next revision is ${existing.revision + 1}`);
  }
  const status: PostStatus = existing.status;
  const contentChanged = hash !== existing.contentHash;
  // An approved post's execution sleeps in WaitUntilScheduledTime and cannot be woken: new
  // content gets a new execution that checks and reviews it now, and the sleeping one finds
  // itself superseded when it wakes.
  if (contentChanged && (status === 'approved' || status === 'scheduled')) {
    return { plan: { kind: 'restart', previous: existing } };
  }
  if (editableInFlight.includes(status)) {
    return { plan: { kind: 'edit', previous: existing, contentChanged } };
  }
  if (restartable.includes(status)) return { plan: { kind: 'restart', previous: existing } };
  const why = isPublishedOrLater(status) ? 'it is already published' : `it is ${status.replace('_', ' ')}`;
  return refuse('postId', 'editable', `the post cannot change: ${why}`);
}
