import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { RunScope } from '../functions/aws/run-scope.js';
import { REPO_ROOT } from '../infra/core/repo-root.js';
import { holdLocalClock } from './clock.js';
import type { LocalFunction } from './core/template.js';
import { LocalHandlerError } from './errors.js';

type Handler = (event: unknown, context: LambdaContextLike) => Promise<unknown> | unknown;

/** The part of Lambda's context object handlers and middy read. */
export interface LambdaContextLike {
  awsRequestId: string;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
}

/** Runs the template's functions in this process, from their source files. */
export interface LambdaHost {
  /** Imports every handler module now, so a missing one fails the start, not a post. */
  preload(): Promise<void>;
  /**
   * Invokes a function the way Lambda does: the event and the result cross as JSON, and a
   * thrown error keeps its `name` (what Step Functions' Retry and Catch match).
   */
  invoke(logicalId: string, event: unknown): Promise<unknown>;
  /** Resolves once no invocation is running (a stopped execution's task may still be). */
  idle(): Promise<void>;
  /**
   * Fault injection for tests: the next invocation of the function with this `brandflow:role`
   * runs on, but its caller gets an error named `errorName` at once, as when Lambda's answer
   * is lost (`Lambda.ServiceException`) while the function still works. The caller's retry
   * then overlaps the first invocation.
   */
  loseNextAnswer(role: string, errorName: string): void;
}

/**
 * Hosts the handlers of `functions`, each invocation run in `options.scope` (the run's
 * environment: endpoints, TABLE_NAME...; functions/aws/run-scope.ts) and through
 * `options.runAs` (the local IAM's per-function credentials).
 *
 * @example
 * ```ts
 * const host = createLambdaHost(template.functions);
 * await host.invoke('CheckPolicyFunction085D3344', { postId: 'p-1', executionName: 'p-1-r1' });
 * ```
 */
export function createLambdaHost(
  functions: Record<string, LocalFunction>,
  options: { runAs?: <T>(fn: LocalFunction, work: () => T) => T; scope?: RunScope } = {},
): LambdaHost {
  const asRole = options.runAs ?? ((_fn, work) => work());
  const inScope = options.scope?.run ?? ((work) => work());
  const runAs = <T>(fn: LocalFunction, work: () => T): T => inScope(() => asRole(fn, work));
  const modules = new Map<string, Promise<Handler>>();
  const lostAnswers: { role: string; errorName: string }[] = [];
  const running = new Set<Promise<unknown>>();
  const load = (fn: LocalFunction): Promise<Handler> => {
    let loaded = modules.get(fn.entry);
    if (!loaded) {
      loaded = import(pathToFileURL(join(REPO_ROOT, fn.entry)).href).then(
        (module: { handler?: unknown }) => {
          if (typeof module.handler !== 'function') {
            throw new LocalHandlerError(`${fn.entry} exports no handler function`, {
              context: { entry: fn.entry },
            });
          }
          return module.handler as Handler;
        },
        (cause: unknown) => {
          throw new LocalHandlerError(`cannot load ${fn.entry}`, { cause, context: { entry: fn.entry } });
        },
      );
      modules.set(fn.entry, loaded);
    }
    return loaded;
  };
  const functionOf = (logicalId: string): LocalFunction => {
    const fn = functions[logicalId];
    if (!fn)
      throw new LocalHandlerError(`no function ${logicalId} in the template`, { context: { logicalId } });
    return fn;
  };

  return {
    async preload() {
      await Promise.all(Object.values(functions).map(load));
    },
    async invoke(logicalId, event) {
      const fn = functionOf(logicalId);
      const handler = await load(fn);
      // The clock waits for the call to end before a compressed wait may jump it (clock.ts).
      const release = holdLocalClock();
      // Each invocation signs its AWS calls as its own function's role (local/iam).
      const invocation = new Promise<unknown>((resolve) =>
        resolve(runAs(fn, () => handler(JSON.parse(JSON.stringify(event ?? null)), lambdaContext(fn)))),
      );
      invocation.then(release, release);
      running.add(invocation);
      const lost = lostAnswers.findIndex((fault) => fault.role === fn.role);
      if (lost >= 0) {
        const { errorName } = lostAnswers.splice(lost, 1)[0] as { errorName: string };
        invocation.then(
          () => running.delete(invocation),
          () => running.delete(invocation),
        );
        const failure = new Error(`the answer of ${fn.logicalId} was lost (fault injected)`);
        failure.name = errorName;
        throw failure;
      }
      try {
        const result = await invocation;
        return result === undefined ? null : JSON.parse(JSON.stringify(result));
      } finally {
        running.delete(invocation);
      }
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    loseNextAnswer(role, errorName) {
      lostAnswers.push({ role, errorName });
    },
  };
}

function lambdaContext(fn: LocalFunction): LambdaContextLike {
  // performance.now, not Date: the local clock jumps forward during compressed waits.
  const deadline = performance.now() + fn.timeoutSeconds * 1000;
  return {
    awsRequestId: randomUUID(),
    functionName: fn.logicalId,
    functionVersion: '$LATEST',
    invokedFunctionArn: fn.arn,
    memoryLimitInMB: '256',
    logGroupName: `/aws/lambda/${fn.logicalId}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, Math.round(deadline - performance.now())),
  };
}

/**
 * The error Step Functions sees when a Lambda function throws: `name` is the thrown error's
 * name and the message is the JSON `Cause` Lambda reports (`errorType`, `errorMessage`, `trace`).
 *
 * @example
 * ```ts
 * const failure = asLambdaFailure(new WorkflowTaskError('PostCancelled', 'cancelled'));
 * failure.name; // 'PostCancelled'
 * ```
 */
export function asLambdaFailure(error: unknown): Error {
  const thrown = error instanceof Error ? error : new Error(String(error));
  const errorType = thrown.name || 'Error';
  const cause = JSON.stringify({
    errorType,
    errorMessage: thrown.message,
    trace: (thrown.stack ?? '').split('\n'),
  });
  const failure = new Error(cause);
  failure.name = errorType;
  return failure;
}
