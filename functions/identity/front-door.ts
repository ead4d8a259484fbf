import {
  ConflictError,
  ForbiddenError,
  type InputProblem,
  InvalidInputError,
  NotFoundError,
  type ProblemRule,
} from '../domain/errors.js';
import type { PostRecord } from '../domain/post.js';
import { getPost } from '../persistence/posts.js';
import type { Caller } from './claims.js';

/**
 * The body with its actor field set to the verified caller. A body that names someone else
 * is refused: the actor is the token's subject, never what the body says.
 *
 * @example
 * ```ts
 * actingAs({ decision: 'approve' }, 'reviewer', caller); // { decision: 'approve', reviewer: { id: caller.subject } }
 * ```
 */
export function actingAs(
  body: Record<string, unknown>,
  field: string,
  caller: Caller,
): Record<string, unknown> {
  const named = body[field];
  const id = named && typeof named === 'object' ? (named as Record<string, unknown>).id : named;
  if (id !== undefined && id !== caller.subject) {
    throw new ForbiddenError(
      'actor-from-token',
      `${field}.id names someone other than the caller: the actor is the verified token's subject`,
    );
  }
  return { ...body, [field]: { id: caller.subject } };
}

/**
 * The post, or a {@link NotFoundError}.
 *
 * @example
 * ```ts
 * const post = await existingPost(path.postId);
 * ```
 */
export async function existingPost(postId: string | undefined): Promise<PostRecord> {
  const post = postId ? await getPost(postId) : undefined;
  if (!post) throw new NotFoundError('no post has this id', { context: { postId: postId?.slice(0, 64) } });
  return post;
}

/** Refusal rules that say the caller may not decide (403); the rest say the post moved on (409). */
const FORBIDDEN_RULES = new Set<ProblemRule>([
  'author-not-reviewer',
  'not-an-approver',
  'one-person-one-stage',
]);

type UseCaseResult =
  | { status: 'rejected'; errors: InputProblem[] }
  | { status: 'refused'; reason: string; rule?: ProblemRule; errors?: InputProblem[] }
  | { status: string };

/** A 200 answer, in the shape the API middleware sends (identity does not import the transport). */
type Answered = { status: 200; body: unknown };

/**
 * A use case's result as an answer: `rejected` input is a 400 naming each field and rule,
 * `refused` a 403 (the caller may not) or a 409 (the record moved on), anything else a 200.
 *
 * @example
 * ```ts
 * return answerOf(await cancelPost(envelope));
 * ```
 */
export function answerOf(result: UseCaseResult): Answered {
  if (result.status === 'rejected' && 'errors' in result) throw new InvalidInputError(result.errors);
  if (result.status === 'refused' && 'reason' in result) {
    const rule = result.rule ?? 'refused';
    if (rule === 'invalid') {
      const errors = 'errors' in result && result.errors?.length ? result.errors : undefined;
      throw new InvalidInputError(errors ?? [{ field: '(body)', rule, message: result.reason }]);
    }
    if (rule === 'post-unknown') throw new NotFoundError(result.reason);
    if (FORBIDDEN_RULES.has(rule)) throw new ForbiddenError(rule, result.reason);
    throw new ConflictError(rule, result.reason);
  }
  return { status: 200, body: result };
}
