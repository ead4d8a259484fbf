import * as z from 'zod/mini';
import './schema-messages.js';

/*
 * The one vocabulary every inbound command answers bad input with: a problem names the
 * field (a dotted path) and the rule it broke, with a sentence a person can act on. Every
 * answer is bounded whatever the input, so a rejection record fits a DynamoDB item (400 KB)
 * and a rejection event an EventBridge entry (256 KB): long fields and messages are cut, at
 * most a short prefix of a bad value is ever quoted, and past a number of problems the rest
 * are counted, not listed. A transport (the event bus, an HTTP API) maps a problem 1:1, e.g.
 * to an RFC 9457 `invalid-params` entry `{ name: field, reason: message }` with `rule` as
 * an extension member.
 */

/** One broken rule of an input, naming the field and the rule. */
export interface InputProblem {
  /** Dotted path of the field, e.g. `content.x.text`. */
  field: string;
  /** Short rule id from the one vocabulary ({@link problemRules}), e.g. `required`, `max-length`, `in-future`. */
  rule: ProblemRule;
  /** A sentence a user can act on; never quotes the post text. */
  message: string;
}

/** The rules a problem can name, with what each means (docs/events.md lists them). */
export const problemRules = {
  required: 'a required field is missing or empty',
  type: 'the value has the wrong JSON type',
  min: 'a number, string or list is below its minimum',
  max: 'a number, string or list is over its maximum (strings: UTF-16 code units)',
  format: 'a string does not have the documented format',
  'one-of': 'the value is not one of the documented values',
  'known-fields': 'the object has a field the contract does not define',
  'unique-ids': 'a list names the same id twice',
  rfc3339: 'a time is not an RFC 3339 date-time that exists (no February 30, no hour 24)',
  'offset-required': 'a time has no UTC offset',
  'in-future': 'a scheduled time is less than a minute ahead',
  'not-in-future': 'a report period has not started yet in the brand time zone',
  'within-one-year':
    'a scheduled time is past what one execution can wait for and still collect every metric round',
  'iana-time-zone': 'a time zone is not an IANA time zone name (a UTC offset is not a time zone)',
  'known-brand': 'no brand has this id',
  'known-channel': 'the brand has no such channel',
  'known-post': 'no post has this id',
  'max-length': 'a text is longer than its channel allows',
  'min-channels': 'a post names no channel',
  'next-revision': 'the revision is not the next one',
  unchanged: 'a field that cannot change was changed',
  editable: 'the post can no longer change',
  cancellable: 'the post can no longer be cancelled or rescheduled',
  'not-earlier-once-approved': 'an approved post cannot move earlier while it waits',
  'current-revision': 'a decision names a revision that is not the current one',
  'review-open': 'the post is not waiting for a review decision',
  'review-chain': 'the review chain does not allow this decision',
  published: 'a conversion names a post that was never published',
  'published-channel': 'a conversion names a channel the post was not published on',
  'current-version': 'the profile changed since the version edited',
  'supported-version': 'the schema version is not one this deployment reads',
  'integrator-brand': 'an integrator account sent an event for a brand it is not bound to',
  'trusted-decision-source':
    'a human decision came over the bus from an account and source no brand admin trusts for the brand',
  refused: 'the command cannot apply to the post as it is',
  'media-type': 'a media file is none of the supported types, read from its bytes (never its name)',
  'media-size': 'a media file is larger than allowed, or not the size declared',
  'media-count': 'a channel carries more media than its platform takes, or mixes kinds it cannot',
  'media-dimensions':
    'an image or video is smaller, larger or of another aspect ratio than the platform takes',
  'media-duration': 'a video is shorter or longer than the platform takes',
  'alt-text': 'an image has no alternative text in the language needed',
  'known-asset': 'no asset of the brand’s library has this id',
  'asset-ready': 'an asset was announced but its file was never uploaded and checked',
  'asset-embargo': 'an asset may not be used before its embargo ends',
  'asset-expired': 'an asset may not be used after its expiry',
  'brand-policy': 'a reply text breaks a blocking rule of the brand policy',
  'feedback-open': 'the feedback is closed: it was answered already',
  replyable: "the feedback's channel takes no replies (an integrator's item, a webhook channel)",
  'reply-editable': 'the reply was approved or sent already and can no longer change',
  'reply-pending': 'the reply is not waiting for an approval',
  'content-hash': 'the decision names a text that is not the reply’s current one (an edit voids an approval)',
  'writer-not-approver': 'the writer of a reply cannot approve it',
  'more-problems': 'further problems were found and are not listed',
  // The front door: the body, the path, the record and the verified caller.
  json: 'the body is not JSON',
  'json-object': 'the body is JSON but not an object',
  'matches-path': 'a body field names another record than the path',
  'known-record': 'no record has this id',
  'date-time': 'a query value is not an ISO 8601 date or date-time',
  'concurrent-change': 'the record changed while the request was handled: send it again',
  'actor-from-token':
    'the body names an actor other than the verified caller (the actor is the token’s subject)',
  role: 'the caller’s role for the brand does not allow this',
  'asset-pending': 'an asset’s file is still being uploaded or checked',
  // Why a bearer token was not accepted (functions/identity/).
  malformed: 'the bearer token is not a well-formed JWT',
  'algorithm-allowed': 'the token is signed with an algorithm the front door does not accept',
  signature: 'the token’s signature does not verify',
  expired: 'the token has expired',
  'not-yet-valid': 'the token is not valid yet',
  'issued-in-future': 'the token says it was issued in the future',
  issuer: 'the token (or the identity provider answering the login) is not from the configured issuer',
  audience: 'the token is not for this API',
  subject: 'the token names no subject',
  'key-known': 'the token is signed with a key the issuer does not publish',
  // Why a review decision was refused (functions/domain/review-chain.ts).
  'post-unknown': 'a decision names a post that does not exist',
  'revision-current': 'a request names a revision that is not the current one',
  'review-closed': 'the post no longer waits for a review decision',
  'stage-unknown': 'a decision names a stage the review chain does not have',
  'stage-closed': 'a decision names a stage already decided',
  'stage-not-open': 'a decision names a stage that is not open yet',
  'content-changed': 'the reviewer saw content that changed since',
  'author-not-reviewer': 'the author of a post cannot review it',
  'not-an-approver': 'the reviewer is not an approver of the stage',
  'one-person-one-stage': 'one person decides one stage of a post, not two',
  invalid: 'the decision is not one the review chain takes',
  // The channels a brand profile names and the content a channel takes (functions/channels/).
  'connected-account': 'a channel names an account that is not connected',
  id: 'an account or brand id is not 1-64 characters of A-Z a-z 0-9 _ -',
  platform: 'an account names a platform Brandflow has no adapter for',
  'official-hosts': 'a destination is not one of the platform’s official hosts',
  https: 'a destination URL is not https',
  'public-host': 'a destination URL names a loopback host in a deployed stack',
  'tag-value': 'a destination has a query, fragment or user info, or does not fit a resource tag value',
  'account-brand': 'a channel names an account connected for another brand',
  'account-platform': 'a channel names an account connected for another platform',
  'account-destination': 'a channel’s destination is not the one its account is connected with',
  'local-profile-only': 'failure injection exists only in the local profile',
  'max-bytes': 'a text is longer in bytes than its channel allows',
  'max-hashtags': 'a text carries more hashtags than its channel allows',
  'max-items': 'a channel carries more media than the adapter publishes in one post',
  'media-by-reference': 'a channel takes media only from the asset library, not by URL',
  'link-with-media': 'a channel cannot carry a link preview and media in one post',
  // The command line's own options and files (cli/).
  'after-from': 'the end of a period is not after its start',
  date: 'a value is not a date (2030-05-01) or an RFC 3339 date-time',
  offset: 'a time in a post file has no UTC offset (checked before sending)',
  range: 'a number is outside the range the option takes',
  'positive-number': 'a number of seconds is not above 0',
  readable: 'a file cannot be read',
  url: 'a value is not a URL',
  'json-syntax': 'a file is not valid JSON',
  'yaml-syntax': 'a file is not valid YAML',
} as const;
export type ProblemRule = keyof typeof problemRules;

/** At most this many problems are listed; the rest are counted in one `more-problems` entry. */
export const MAX_PROBLEMS = 20;
/** The longest field path kept; longer paths (a huge record key) are cut. */
export const MAX_FIELD_LENGTH = 200;
/** The longest message kept. */
export const MAX_MESSAGE_LENGTH = 400;
/** The longest prefix of a bad value a message may quote. */
export const MAX_QUOTE_LENGTH = 40;

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * A bad value as a message may show it: at most {@link MAX_QUOTE_LENGTH} characters, in quotes.
 *
 * @example
 * ```ts
 * quote('x'.repeat(100_000)); // '"xxxx…" (100000 characters)'
 * ```
 */
export function quote(value: string): string {
  return value.length <= MAX_QUOTE_LENGTH
    ? JSON.stringify(value)
    : `${JSON.stringify(value.slice(0, MAX_QUOTE_LENGTH))}… (${value.length} characters)`;
}

/**
 * One problem, every part cut to its bound.
 *
 * @example
 * ```ts
 * problem('postId', 'known-post', 'no post has this id');
 * ```
 */
export function problem(field: string, rule: ProblemRule, message: string): InputProblem {
  return { field: cut(field, MAX_FIELD_LENGTH), rule, message: cut(message, MAX_MESSAGE_LENGTH) };
}

/**
 * A list of problems as an answer may carry it: each part cut to its bound, at most
 * {@link MAX_PROBLEMS} listed and the rest counted.
 *
 * @example
 * ```ts
 * boundProblems(manyProblems).length; // at most 21
 * ```
 */
export function boundProblems(problems: readonly InputProblem[]): InputProblem[] {
  const listed = problems.slice(0, MAX_PROBLEMS).map((p) => ({
    field: cut(p.field, MAX_FIELD_LENGTH),
    rule: p.rule,
    message: cut(p.message, MAX_MESSAGE_LENGTH),
  }));
  const more = problems.length - listed.length;
  if (more > 0) listed.push(problem('(detail)', 'more-problems', `${more} more problems are not listed`));
  return listed;
}

const zodRule: Record<string, ProblemRule> = {
  invalid_type: 'type',
  too_small: 'min',
  too_big: 'max',
  invalid_format: 'format',
  invalid_value: 'one-of',
  unrecognized_keys: 'known-fields',
  invalid_key: 'format',
  invalid_union: 'one-of',
  invalid_element: 'format',
};

/**
 * A failed parse as problems, in the one vocabulary: zod's issue codes become rules, a missing
 * field is `required`, and nothing of the input beyond a bounded prefix is quoted.
 *
 * @example
 * ```ts
 * const parsed = cancelPostSchema.safeParse(detail);
 * if (!parsed.success) return { status: 'refused', errors: schemaProblems(parsed.error) };
 * ```
 */
export function schemaProblems(error: z.core.$ZodError): InputProblem[] {
  return boundProblems(
    error.issues.map((issue) => {
      const field = issue.path.map((part) => cut(String(part), 64)).join('.') || '(detail)';
      // Parses do not keep the input (it may be huge or personal): zod's message says what it was.
      const missing = issue.code === 'invalid_type' && / received undefined$/.test(issue.message);
      const named = issue.code === 'custom' ? (issue.params?.rule as string | undefined) : undefined;
      const rule = missing
        ? 'required'
        : named && named in problemRules
          ? (named as ProblemRule)
          : (zodRule[issue.code] ?? 'format');
      const message = missing
        ? 'is required'
        : issue.code === 'unrecognized_keys'
          ? `unknown fields: ${issue.keys.slice(0, 5).map(quote).join(', ')}${issue.keys.length > 5 ? ', …' : ''}`
          : issue.message;
      return problem(field, rule, message);
    }),
  );
}

/**
 * The check of a list whose items must not repeat an id (channels, stages, approvers):
 * a repeat is a `unique-ids` problem on the list.
 *
 * @example
 * ```ts
 * z.array(channelSchema).check(uniqueIds((c) => c.id, 'channel ids'));
 * ```
 */
export function uniqueIds<T>(idOf: (item: T) => string, what: string) {
  return z.refine<T[]>((items) => new Set(items.map(idOf)).size === items.length, {
    message: `${what} must be unique`,
    params: { rule: 'unique-ids' },
  });
}

/**
 * A refusal's one-line reason, from its problems (`field: message (rule)`), bounded.
 *
 * @example
 * ```ts
 * reasonOf([problem('postId', 'known-post', 'no post has this id')]); // 'postId: no post has this id (known-post)'
 * ```
 */
export function reasonOf(problems: readonly InputProblem[]): string {
  return cut(
    boundProblems(problems)
      .map((p) => `${p.field}: ${p.message} (${p.rule})`)
      .join('; '),
    2000,
  );
}

/**
 * The fields of an event detail that may be anything (a direct invocation, a malformed
 * event): its own object, or none. For echoing ids in a refusal before the schema has run.
 *
 * @example
 * ```ts
 * detailFields({ postId: 'p-1' }).postId; // 'p-1'
 * detailFields('text'); // {}
 * ```
 */
export function detailFields(detail: unknown): Record<string, unknown> {
  return (detail && typeof detail === 'object' ? detail : {}) as Record<string, unknown>;
}
