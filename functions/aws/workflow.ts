import {
  ExecutionAlreadyExists,
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import type { ExecutionInput } from '../../workflows/contract.js';
import { requireEnv } from './env.js';
import { sfn } from './step-functions.js';

/**
 * Starts the post's execution. Idempotent: the same name and input on a running execution
 * is a no-op for Step Functions, and an existing execution of that name (closed, or started
 * with other input) counts as started, since names are unique per post revision.
 *
 * @example
 * ```ts
 * await startLifecycle('post-1-r1', { postId: 'post-1', revision: 1 });
 * ```
 */
export async function startLifecycle(executionName: string, input: ExecutionInput): Promise<void> {
  try {
    await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: requireEnv('STATE_MACHINE_ARN'),
        name: executionName,
        input: JSON.stringify({ postId: input.postId, revision: input.revision }),
      }),
    );
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
  }
}

/** Whether an error means the task is no longer waiting, which a resend may meet. */
function isClosedTask(error: unknown): boolean {
  return error instanceof TaskTimedOut || error instanceof InvalidToken || error instanceof TaskDoesNotExist;
}

export interface TaskResultOptions {
  /** On a resend the task may already be closed: tolerate it. */
  tolerateClosed?: boolean;
}

/**
 * Completes a waiting task successfully with a JSON output.
 *
 * @example
 * ```ts
 * await succeedTask(token, { decision: 'approve', reviewer: 'u-2', revision: 1 });
 * ```
 */
export async function succeedTask(
  token: string,
  output: unknown,
  options: TaskResultOptions = {},
): Promise<void> {
  try {
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }));
  } catch (error) {
    if (!(options.tolerateClosed && isClosedTask(error))) throw error;
  }
}

/**
 * Fails a waiting task with a named error, which the workflow routes on.
 *
 * @example
 * ```ts
 * await failTask(token, 'PostCancelled', 'the post was cancelled', { tolerateClosed: true });
 * ```
 */
export async function failTask(
  token: string,
  error: string,
  cause: string,
  options: TaskResultOptions = {},
): Promise<void> {
  try {
    await sfn.send(new SendTaskFailureCommand({ taskToken: token, error, cause }));
  } catch (caught) {
    if (!(options.tolerateClosed && isClosedTask(caught))) throw caught;
  }
}
