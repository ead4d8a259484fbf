import { PassingFault } from '../../workflows/contract.js';

/**
 * The package's error hierarchy. Every error Brandflow raises extends {@link BrandflowError},
 * sets `name` (the workflow routes on it) and carries typed, PII-free context.
 */

import type { InputProblem, ProblemRule } from '../contract/problems.js';

// A problem is the contract's vocabulary (contract/problems.ts); errors carry it.
export type { InputProblem, ProblemRule };

/** Identifiers that may appear in logs: never text, names or emails. */
export type ErrorContext = Record<string, string | number | boolean | undefined>;

/**
 * Base of every Brandflow error.
 *
 * @example
 * ```ts
 * class QuotaError extends BrandflowError {
 *   override name = 'QuotaError';
 * }
 * throw new QuotaError('quota reached', { context: { brandId } });
 * ```
 */
export class BrandflowError extends Error {
  override name = 'BrandflowError';
  readonly context: ErrorContext;

  constructor(message: string, options: { cause?: unknown; context?: ErrorContext } = {}) {
    super(message, { cause: options.cause });
    this.context = options.context ?? {};
  }
}

/** Problems as one message: `field: message (rule)`, separated by `; `. */
function problemList(problems: readonly InputProblem[]): string {
  return problems.map((p) => `${p.field}: ${p.message} (${p.rule})`).join('; ');
}

/**
 * Input that breaks one or more rules; every problem is reported at once.
 *
 * @example
 * ```ts
 * throw new InvalidInputError([{ field: 'postId', rule: 'required', message: 'postId is required' }]);
 * ```
 */
export class InvalidInputError extends BrandflowError {
  override name = 'InvalidInputError';
  readonly problems: InputProblem[];

  constructor(problems: InputProblem[], options: { cause?: unknown; context?: ErrorContext } = {}) {
    super(problemList(problems), options);
    this.problems = problems;
  }
}

/** A conditional write lost a race: the item changed since it was read. */
export class ConcurrentChangeError extends BrandflowError {
  override name = PassingFault.ConcurrentChange;
}

/** A record a step needs does not exist. */
export class NotFoundError extends BrandflowError {
  override name = 'NotFoundError';
}

/** Configuration missing or wrong (environment, brand profile). */
export class ConfigurationError extends BrandflowError {
  override name = 'ConfigurationError';
}

/**
 * An error the state machine routes by name: `name` is one of `WorkflowError`'s values.
 *
 * @example
 * ```ts
 * throw new WorkflowTaskError('PostCancelled', 'post was cancelled', { context: { postId } });
 * ```
 */
export class WorkflowTaskError extends BrandflowError {
  override name: string;

  constructor(name: string, message: string, options: { cause?: unknown; context?: ErrorContext } = {}) {
    super(message, options);
    this.name = name;
  }
}

/** A step found the post in a status it cannot act on (a bug or a manual change). */
export class UnexpectedStatusError extends BrandflowError {
  override name = 'UnexpectedStatusError';
}

/** Why the egress guard refused an outbound call; `response-too-large` and `timeout` end one already sent. */
export type EgressRule =
  | 'https-only'
  | 'address'
  | 'unresolvable'
  | 'host-not-allowed'
  | 'redirect-limit'
  | 'redirect-method'
  | 'response-too-large'
  | 'timeout';

/**
 * An outbound HTTP call the egress guard refused or cut short: `rule` says which rule, the
 * context names the host (never a credential, a query string or a body).
 *
 * @example
 * ```ts
 * throw new EgressRefusedError('address', '10.0.0.5 is private', { context: { host: 'hooks.example' } });
 * ```
 */
export class EgressRefusedError extends BrandflowError {
  override name = 'EgressRefusedError';
  readonly rule: EgressRule;

  constructor(rule: EgressRule, message: string, options: { cause?: unknown; context?: ErrorContext } = {}) {
    super(message, { ...options, context: { ...options.context, rule } });
    this.rule = rule;
  }
}

/** Why a bearer token was not accepted: the rule it broke, as a short id. */
export type TokenRule =
  | 'required'
  | 'malformed'
  | 'algorithm-allowed'
  | 'signature'
  | 'expired'
  | 'not-yet-valid'
  | 'issued-in-future'
  | 'issuer'
  | 'audience'
  | 'subject'
  | 'key-known';

/**
 * A request refused for one named rule; the subclasses say which HTTP status the front door
 * answers with.
 *
 * @example
 * ```ts
 * class QuotaRefused extends RuleRefusal { override name = 'QuotaRefused'; }
 * throw new QuotaRefused('refused', 'the brand has used its quota');
 * ```
 */
export class RuleRefusal<R extends ProblemRule = ProblemRule> extends BrandflowError {
  override name = 'RuleRefusal';
  readonly rule: R;

  constructor(rule: R, message: string, options: { cause?: unknown; context?: ErrorContext } = {}) {
    super(message, { ...options, context: { rule, ...options.context } });
    this.rule = rule;
  }
}

/**
 * Another attempt holds the channel's publish lease and did not finish within this attempt's
 * time: the state machine runs the task again, and the next attempt reads the outcome (or
 * takes over once the lease expired).
 *
 * @example
 * ```ts
 * throw new PublishLeaseHeldError('another attempt is publishing', { context: { postId, channel, holder } });
 * ```
 */
export class PublishLeaseHeldError extends BrandflowError {
  override name = PassingFault.PublishLeaseHeld;
}

/**
 * An outbound event's detail does not match its schema in the event catalog: a bug in the code
 * that built it, caught before it is written. Names the event and each field with its rule.
 *
 * @example
 * ```ts
 * throw new OutboundEventMismatchError('Post Failed', [{ field: 'error', rule: 'type', message: 'expected string' }]);
 * ```
 */
export class OutboundEventMismatchError extends BrandflowError {
  override name = 'OutboundEventMismatchError';
  readonly detailType: string;
  readonly problems: InputProblem[];

  constructor(detailType: string, problems: InputProblem[], options: { context?: ErrorContext } = {}) {
    super(`the ${detailType} detail does not match the event catalog: ${problemList(problems)}`, {
      context: { ...options.context, detailType, field: problems[0]?.field, rule: problems[0]?.rule },
    });
    this.detailType = detailType;
    this.problems = problems;
  }
}

/** EventBridge refused one or more entries of a PutEvents call. */
export class EventPublishError extends BrandflowError {
  override name = PassingFault.EventPublish;
}

/**
 * The caller could not be identified: no token, or a token that fails verification (HTTP 401).
 *
 * @example
 * ```ts
 * throw new UnauthenticatedError('expired', 'the token has expired');
 * ```
 */
export class UnauthenticatedError extends RuleRefusal<TokenRule> {
  override name = 'UnauthenticatedError';
}

/**
 * The caller is known but may not do this (HTTP 403): a missing role, another person's name in
 * the body, an author approving their own post.
 *
 * @example
 * ```ts
 * throw new ForbiddenError('role', 'only a brand admin may change the profile', { context: { brandId } });
 * ```
 */
export class ForbiddenError extends RuleRefusal {
  override name = 'ForbiddenError';
}

/**
 * The request no longer fits the record (HTTP 409): an old revision, a closed review, content
 * that changed since the reviewer saw it.
 *
 * @example
 * ```ts
 * throw new ConflictError('revision-current', 'revision 1 is not the current revision (2)', { context: { postId } });
 * ```
 */
export class ConflictError extends RuleRefusal {
  override name = 'ConflictError';
}

// The local run (local/) and the command line (cli/) raise these; they re-export them where
// their callers have always imported them.

/** The synthesized template lacks something the local run needs, or holds what it cannot run. */
export class LocalTemplateError extends BrandflowError {
  override name = 'LocalTemplateError';
}

/** A handler module could not be loaded or has no `handler` export. */
export class LocalHandlerError extends BrandflowError {
  override name = 'LocalHandlerError';
}

/** A wait of the local runtime ran out of time. */
export class LocalWaitTimeoutError extends BrandflowError {
  override name = 'LocalWaitTimeoutError';
}

/** Raised when DynamoDB Local cannot start: most often Java is missing. */
export class DynamoDbLocalStartError extends BrandflowError {
  override name = 'DynamoDbLocalStartError';
}

/** A service of the local run (the twin, DynamoDB Local's stream, the front door) answered what the caller cannot use. */
export class LocalServiceError extends BrandflowError {
  override name = 'LocalServiceError';
}

/**
 * An error the local endpoint answers with, shaped like AWS's (`__type` and `message`), so the
 * SDK raises the same exception class it raises against AWS.
 *
 * @example
 * ```ts
 * throw new AwsApiError('ExecutionAlreadyExists', 'Execution Already Exists: post-1-r1', { context: { name } });
 * ```
 */
export class AwsApiError extends BrandflowError {
  override name = 'AwsApiError';
  readonly type: string;
  readonly statusCode: number;

  constructor(type: string, message: string, options: { statusCode?: number; context?: ErrorContext } = {}) {
    super(message, { context: options.context });
    this.type = type;
    this.statusCode = options.statusCode ?? 400;
  }
}

/**
 * A policy the local IAM evaluation cannot judge (an operator, element or variable it does not
 * implement): the call fails rather than being allowed by a guess.
 */
export class UnsupportedPolicyError extends BrandflowError {
  override name = 'UnsupportedPolicyError';
}

/** A command line the CLI cannot run: unknown command, missing argument, unknown option. */
export class UsageError extends BrandflowError {
  override name = 'UsageError';
}

/** A wait (`--wait`) that did not see what it waited for in time. */
export class WaitTimeoutError extends BrandflowError {
  override name = 'WaitTimeoutError';
}

/** The front door refused the call: no or a bad token (401), not allowed (403), not found (404), stale (409). */
export class FrontDoorRefusedError extends BrandflowError {
  override name = 'FrontDoorRefusedError';
}

/** EventBridge refused an entry (PutEvents' per-entry error). */
export class PutEventsRefusedError extends BrandflowError {
  override name = 'PutEventsRefusedError';
}

/**
 * The key feedback authors are hashed with cannot be read: no secret named, or the secret
 * missing or empty. Nothing is recorded without it (docs/feedback.md); the context names the
 * secret, never its value.
 *
 * @example
 * ```ts
 * throw new FeedbackAuthorKeyError('no feedback author key secret is configured', { context: { variable: 'FEEDBACK_AUTHOR_KEY_SECRET' } });
 * ```
 */
export class FeedbackAuthorKeyError extends ConfigurationError {
  override name = 'FeedbackAuthorKeyError';
}
