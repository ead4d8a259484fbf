import { WorkflowError, type WorkflowError as WorkflowErrorName } from '../../workflows/contract.js';
import { NotFoundError, WorkflowTaskError } from '../domain/errors.js';
import { PostStatus } from '../domain/lifecycle.js';
import type { PostRecord } from '../domain/post.js';
import { getPost } from '../persistence/posts.js';

/**
 * Throws the error the workflow routes on: its `name` is the {@link WorkflowError} value.
 *
 * @example
 * ```ts
 * throw workflowError('PostEdited', 'the content changed after approval', { postId });
 * ```
 */
export function workflowError(
  name: WorkflowErrorName,
  message: string,
  context: Record<string, string | number | undefined> = {},
  cause?: unknown,
): WorkflowTaskError {
  return new WorkflowTaskError(name, message, { context, cause });
}

/**
 * Loads the post a task works on and checks the execution still owns it: another
 * execution's post throws `PostSuperseded`, a cancelled one `PostCancelled`.
 *
 * @example
 * ```ts
 * const post = await loadOwnedPost({ postId, executionName });
 * ```
 */
export async function loadOwnedPost(input: { postId: string; executionName: string }): Promise<PostRecord> {
  const post = await getPost(input.postId);
  const context = { postId: input.postId, executionName: input.executionName };
  if (!post) throw new NotFoundError('no post has this id', { context });
  if (post.executionName !== input.executionName) {
    throw workflowError(
      WorkflowError.PostSuperseded,
      `the post belongs to execution ${post.executionName}`,
      context,
    );
  }
  if (post.status === PostStatus.Cancelled) {
    throw workflowError(WorkflowError.PostCancelled, 'the post was cancelled', context);
  }
  return post;
}

/** The part of a Step Functions error worth keeping: the message inside a Lambda error's Cause. */
export function causeMessage(cause: string | undefined): string | undefined {
  if (!cause) return undefined;
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') return parsed.errorMessage.slice(0, 500);
  } catch {
    // Not JSON: a plain cause string.
  }
  return cause.slice(0, 500);
}
