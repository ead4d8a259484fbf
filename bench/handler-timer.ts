import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../infra/core/repo-root.js';
import type { LocalFunction } from '../local/core/template.js';

/** Invocations and handler durations per function (template logical id). */
export interface HandlerTimings {
  invocations: number;
  durationsMs: number[];
}

interface MiddyLike {
  use(middleware: {
    before?: (request: object) => void;
    after?: (request: object) => void;
    onError?: (request: object) => void;
  }): unknown;
}

/**
 * Times every invocation of the template's handlers by adding a middy middleware to the very
 * module instances the local Lambda host runs (same file URL, same module). It measures the
 * handler body, after input parsing: what Lambda bills, less a fraction of a millisecond.
 *
 * @example
 * ```ts
 * const timer = await timeHandlers(runtime.template.functions);
 * await runPosts();
 * timer.snapshot(); // { CheckPolicyFunction...: { invocations: 4, durationsMs: [...] }, ... }
 * ```
 */
export async function timeHandlers(functions: Record<string, LocalFunction>) {
  let timings = new Map<string, HandlerTimings>();
  const started = new WeakMap<object, number>();
  const untimed: string[] = [];
  for (const fn of Object.values(functions)) {
    const module = (await import(pathToFileURL(join(REPO_ROOT, fn.entry)).href)) as { handler?: unknown };
    const handler = module.handler as Partial<MiddyLike> | undefined;
    if (typeof handler?.use !== 'function') {
      untimed.push(fn.entry);
      continue;
    }
    const finish = (request: object) => {
      const start = started.get(request);
      if (start === undefined) return;
      const entry = timings.get(fn.logicalId) ?? { invocations: 0, durationsMs: [] };
      entry.invocations += 1;
      entry.durationsMs.push(performance.now() - start);
      timings.set(fn.logicalId, entry);
    };
    handler.use({
      before: (request) => {
        started.set(request, performance.now());
      },
      after: finish,
      onError: finish,
    });
  }
  return {
    /** Handler files that are not middy handlers, so not timed. */
    untimed,
    snapshot: () => new Map([...timings].map(([id, t]) => [id, { ...t, durationsMs: [...t.durationsMs] }])),
    reset: () => {
      timings = new Map();
    },
  };
}
