import { randomUUID } from 'node:crypto';
import { AwsApiError } from './errors.js';

interface PendingTask {
  executionArn: string;
  resolve(output: unknown): void;
  reject(error: Error): void;
}

type ClosedReason = 'completed' | 'timed-out';

/**
 * The callback tasks (`.waitForTaskToken`) waiting for SendTaskSuccess or SendTaskFailure.
 * Each wait gets its own token, as on AWS, and a token answers once.
 */
export class TaskTokens {
  private readonly pending = new Map<string, PendingTask>();
  private readonly closed = new Map<string, ClosedReason>();

  /**
   * Issues a token for a task of `executionArn` and the promise its answer settles.
   *
   * @example
   * ```ts
   * const { token, answer } = tokens.issue(executionArn);
   * await invokeHandler({ taskToken: token });
   * const output = await answer;
   * ```
   */
  issue(executionArn: string): { token: string; answer: Promise<unknown> } {
    const token = newToken(executionArn);
    const answer = new Promise<unknown>((resolve, reject) => {
      this.pending.set(token, { executionArn, resolve, reject });
    });
    // The engine may abandon a wait (abort); an unhandled rejection must not crash the run.
    answer.catch(() => undefined);
    return { token, answer };
  }

  /** SendTaskSuccess: `output` is the JSON text the caller sent. */
  succeed(token: unknown, output: unknown): void {
    this.find(token);
    let parsed: unknown;
    try {
      parsed = JSON.parse(String(output));
    } catch {
      throw new AwsApiError('InvalidOutput', 'Invalid State Machine Execution Output: output is not JSON');
    }
    this.take(token).resolve(parsed);
  }

  /** SendTaskFailure: the task fails with `error` as its name, which Catch matches. */
  fail(token: unknown, error: unknown, cause: unknown): void {
    const task = this.take(token);
    const failure = new Error(typeof cause === 'string' ? cause : '');
    failure.name = typeof error === 'string' && error.length > 0 ? error : 'States.TaskFailed';
    task.reject(failure);
  }

  /** Whether the token still waits for its answer (not answered, expired nor abandoned). */
  isPending(token: string): boolean {
    return this.pending.has(token);
  }

  /** SendTaskHeartbeat: only checks that the task still waits. */
  heartbeat(token: unknown): void {
    this.find(token);
  }

  /** The engine gave up waiting: a later answer gets TaskTimedOut, as on AWS. */
  expire(token: string, error: Error): void {
    const task = this.pending.get(token);
    if (!task) return;
    this.pending.delete(token);
    this.closed.set(token, 'timed-out');
    task.reject(error);
  }

  /** The task ended another way (its handler failed): the token answers no more. */
  discard(token: string): void {
    if (this.pending.delete(token)) this.closed.set(token, 'completed');
  }

  /** Ends every wait of an execution (stopped or closed), or of all executions. */
  abandon(error: Error, executionArn?: string): void {
    for (const [token, task] of this.pending) {
      if (executionArn && task.executionArn !== executionArn) continue;
      this.pending.delete(token);
      this.closed.set(token, 'completed');
      task.reject(error);
    }
  }

  private take(token: unknown): PendingTask {
    const task = this.find(token);
    this.pending.delete(String(token));
    this.closed.set(String(token), 'completed');
    return task;
  }

  private find(token: unknown): PendingTask {
    if (typeof token !== 'string' || token.length === 0 || token.length > 1024) {
      throw new AwsApiError('InvalidToken', 'Invalid token');
    }
    const task = this.pending.get(token);
    if (task) return task;
    const reason = this.closed.get(token);
    if (reason === 'timed-out') throw new AwsApiError('TaskTimedOut', 'Task Timed Out');
    if (reason === 'completed' || decodes(token))
      throw new AwsApiError('TaskDoesNotExist', 'Task does not exist');
    throw new AwsApiError('InvalidToken', 'Invalid token');
  }
}

/**
 * Task tokens are as long as AWS allows (1,024 characters): the handlers store them on the
 * post, and an item's size is what DynamoDB bills, so the local run must not make them cheap.
 */
const TOKEN_LENGTH = 1024;

function newToken(executionArn: string): string {
  const fields = { executionArn, id: randomUUID(), pad: '' };
  fields.pad = 'x'.repeat(Math.max(0, (TOKEN_LENGTH / 4) * 3 - JSON.stringify(fields).length));
  return Buffer.from(JSON.stringify(fields)).toString('base64url');
}

function decodes(token: string): boolean {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
    return typeof decoded.executionArn === 'string' && typeof decoded.id === 'string';
  } catch {
    return false;
  }
}
