import { createHash } from 'node:crypto';
import {
  boundProblems,
  detailFields,
  type ProblemRule,
  problem,
  quote,
  schemaProblems,
} from '../contract/problems.js';
import { type AssetRecord, usabilityProblems } from './asset.js';
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
import { channelMediaProblems } from './media-rules.js';
import { MAX_METRICS_ROUND_HOURS, METRICS_GRACE_SECONDS } from './metrics-schedule.js';
import { type PostRecord, type SubmitPost, submitPostSchema } from './post.js';
import { isTimeZone, parseOffsetTimestamp, toUtc } from './time.js';

const DAY_MS = 24 * 3600 * 1000;
/** Step Functions ends a Standard execution after one year, wherever it is. */
const EXECUTION_LIFETIME_MS = 365 * DAY_MS;
/** Publishing after the wait: rate-limit waits, retries and a review that ran late, with margin. */
const PUBLISHING_ALLOWANCE_MS = DAY_MS;
/**
 * The latest a post may be scheduled, after its execution started: the wait, publishing and
 * every metric round (at most {@link MAX_METRICS_ROUND_HOURS} after publication, plus the grace
 * AwaitMetricsRounds allows) fit inside one execution's year. About 333 days.
 */
export const LATEST_SCHEDULE_AFTER_START_MS =
  EXECUTION_LIFETIME_MS -
  PUBLISHING_ALLOWANCE_MS -
  MAX_METRICS_ROUND_HOURS * 3600 * 1000 -
  METRICS_GRACE_SECONDS * 1000;
/**
 * The most content one post carries, all channels together, in UTF-8 bytes: the post item
 * (content, policy findings, review) stays within DynamoDB's 400 KB.
 */
export const MAX_CONTENT_BYTES = 200 * 1024;
/** The documented minimum lead time: a post is scheduled at least a minute ahead. */
export const MIN_LEAD_MS = 60_000;

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
 * sha256 of the canonical content (content type, campaign, per-channel content with sorted
 * keys, and the SHA-256 of each library asset it names). The schedule is left out so a pure
 * reschedule does not need a new review.
 *
 * @example
 * ```ts
 * contentHash({ contentType: 'text', content: { x: { text: 'hi' } } }); // 'a1b2…'
 * ```
 */
export function contentHash(
  post: Pick<SubmitPost, 'contentType' | 'content' | 'campaign'> & Pick<Partial<SubmitPost>, 'promotion'>,
  assetDigests: Readonly<Record<string, string>> = {},
): string {
  // The promotion is part of what a reviewer approves (a paid post may need legal); absent, the hash is as before.
  // So are the bytes of every asset (their SHA-256): another file under the same id voids the approval.
  const canonical = JSON.stringify(
    sortKeys({
      c: post.campaign ?? null,
      t: post.contentType,
      k: post.content,
      p: post.promotion,
      a: Object.keys(assetDigests).length > 0 ? assetDigests : undefined,
    }),
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
  /** The brand's library assets the content names, by id (absent ids are unknown). */
  assets?: Readonly<Record<string, AssetRecord>>;
}): SubmissionResult {
  const { detail, brand, existing, now } = input;
  const library = input.assets ?? {};
  const mediaChecks: { channelId: string; adapter: string; ids: string[] }[] = [];
  const parsed = submitPostSchema.safeParse(detail);
  const errors: InputProblem[] = parsed.success ? [] : schemaProblems(parsed.error);
  const raw = detailFields(detail);
  const refuse = (field: string, rule: ProblemRule, message: string) =>
    errors.push(problem(field, rule, message));

  if (typeof raw.brandId === 'string' && !brand) refuse('brandId', 'known-brand', 'no brand has this id');

  const content =
    raw.content && typeof raw.content === 'object' ? (raw.content as Record<string, unknown>) : {};
  const channelIds = Object.keys(content);
  if (raw.content !== undefined && channelIds.length === 0 && !Array.isArray(raw.content)) {
    refuse('content', 'min-channels', 'name at least one channel');
  }
  if (channelIds.length > 0 && Buffer.byteLength(JSON.stringify(content)) > MAX_CONTENT_BYTES) {
    refuse(
      'content',
      'max',
      `the content of all channels must fit in ${MAX_CONTENT_BYTES / 1024} KB (UTF-8)`,
    );
  }
  for (const channelId of channelIds) {
    const entry = content[channelId] as { text?: unknown } | undefined;
    const text = typeof entry?.text === 'string' ? entry.text : undefined;
    if (text !== undefined && text.trim().length === 0) {
      refuse(`content.${channelId}.text`, 'required', 'text must not be empty');
    }
    if (!brand) continue;
    const channel = brand.channels.find((c) => c.id === channelId);
    if (!channel) {
      refuse(`content.${channelId}`, 'known-channel', `the brand has no channel ${quote(channelId)}`);
    } else if (text !== undefined && graphemeLength(text) > channel.maxLength) {
      refuse(
        `content.${channelId}.text`,
        'max-length',
        `text is ${graphemeLength(text)} characters; the channel allows ${channel.maxLength}`,
      );
    }
    const ids = (entry as { assets?: unknown } | null | undefined)?.assets;
    if (channel && Array.isArray(ids) && ids.every((id) => typeof id === 'string')) {
      mediaChecks.push({ channelId, adapter: channel.adapter, ids: ids as string[] });
    }
  }

  let scheduledMs: number | undefined;
  if (typeof raw.scheduledAt === 'string') {
    const schedule = checkSchedule(raw.scheduledAt, now);
    if ('problem' in schedule) errors.push(schedule.problem);
    else scheduledMs = schedule.ms;
  }
  const zone = typeof raw.timeZone === 'string' ? timeZoneProblem(raw.timeZone) : undefined;
  if (zone) errors.push(zone);

  for (const { channelId, adapter, ids } of mediaChecks) {
    const named = ids.flatMap((id) => {
      const asset = library[id];
      if (!asset) {
        refuse(
          `content.${channelId}.assets.${id}`,
          'known-asset',
          `the brand's library has no asset ${quote(id)}`,
        );
        return [];
      }
      const unusable = usabilityProblems(asset, scheduledMs ?? now);
      errors.push(...unusable.map((p) => ({ ...p, field: `content.${channelId}.${p.field}` })));
      return unusable.length ? [] : [asset];
    });
    errors.push(...channelMediaProblems(channelId, adapter, named, { altTextRequired: false }));
  }

  let plan: SubmissionPlan | undefined;
  let hash: string | undefined;
  if (parsed.success) {
    hash = contentHash(
      parsed.data,
      Object.fromEntries(mediaChecks.flatMap((c) => c.ids).map((id) => [id, library[id]?.sha256 ?? ''])),
    );
    const revision = parsed.data.revision;
    const outcome = planSubmission(existing, revision, hash, parsed.data.brandId);
    if ('problem' in outcome) errors.push(outcome.problem);
    else plan = outcome.plan;
    if (plan?.kind === 'edit' && scheduledMs !== undefined) {
      if (movesEarlierWhileWaiting(plan.previous, toUtc(scheduledMs))) {
        refuse('scheduledAt', 'not-earlier-once-approved', earlierWhileWaitingMessage);
      }
      // The edit keeps the running execution: its year counts from when it started.
      const kept = checkSchedule(raw.scheduledAt as string, now, executionStart(plan.previous));
      if ('problem' in kept) {
        errors.push(kept.problem);
        scheduledMs = undefined;
      }
    }
  }

  if (errors.length > 0 || !parsed.success || !plan || !hash || scheduledMs === undefined) {
    return { ok: false, errors: boundProblems(errors) };
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
 * The rules every new time obeys, on submission and on reschedule: an RFC 3339 date-time
 * that exists, with a UTC offset, at least a minute ahead, and early enough that the wait,
 * publishing and every metric round fit in the year of the execution that started at
 * `startedAt` (now, for a new one).
 *
 * @example
 * ```ts
 * checkSchedule('2030-01-31T09:00:00+01:00', Date.now()); // { ms: 1896076800000 }
 * checkSchedule('2027-02-30T10:00:00+01:00', Date.now()); // { problem: { field: 'scheduledAt', rule: 'rfc3339', ... } }
 * ```
 */
export function checkSchedule(
  scheduledAt: string,
  now: number,
  startedAt = now,
): { ms: number } | { problem: InputProblem } {
  const refuse = (rule: ProblemRule, message: string) => ({ problem: problem('scheduledAt', rule, message) });
  const ts = parseOffsetTimestamp(scheduledAt);
  if ('problem' in ts) {
    return ts.problem === 'offset'
      ? refuse('offset-required', 'add a UTC offset (Z or ±hh:mm) so the time is not ambiguous')
      : refuse(
          'rfc3339',
          'must be an RFC 3339 date-time that exists, such as 2030-01-31T09:00:00+01:00 (no February 30, no hour 24)',
        );
  }
  if (ts.ms < now + MIN_LEAD_MS)
    return refuse('in-future', 'the scheduled time must be at least a minute ahead');
  const latest = startedAt + LATEST_SCHEDULE_AFTER_START_MS;
  if (ts.ms > latest) {
    return refuse(
      'within-one-year',
      `an execution lives at most a year, and publishing and every metric round must fit in it: schedule the post at or before ${toUtc(latest)}`,
    );
  }
  return { ms: ts.ms };
}

/**
 * When the execution that owns a post started: what its one-year limit counts from.
 *
 * @example
 * ```ts
 * executionStart(post); // 1893456000000
 * ```
 */
export function executionStart(post: Pick<PostRecord, 'executionStartedAt' | 'createdAt'>): number {
  return Date.parse(post.executionStartedAt ?? post.createdAt);
}

/**
 * The problem of a time zone that is not an IANA name, if it is not.
 *
 * @example
 * ```ts
 * timeZoneProblem('+01:00'); // { field: 'timeZone', rule: 'iana-time-zone', ... }
 * ```
 */
export function timeZoneProblem(timeZone: string): InputProblem | undefined {
  if (isTimeZone(timeZone)) return undefined;
  return problem(
    'timeZone',
    'iana-time-zone',
    'must be an IANA time zone such as Europe/Paris; a UTC offset is not a time zone',
  );
}

function planSubmission(
  existing: PostRecord | undefined,
  revision: number,
  hash: string,
  brandId: string,
): { plan: SubmissionPlan } | { problem: InputProblem } {
  const refuse = (field: string, rule: ProblemRule, message: string) => ({
    problem: { field, rule, message },
  });
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
