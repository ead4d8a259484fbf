import type { LocalSpeed } from '../local/runtime.js';
import { FULL_LIFECYCLE, lifecycles } from './lifecycle-costs.js';
import type { BenchBrandflow, StampedStateEvent } from './local-harness.js';
import { percentile } from './stats.js';

/** Time compression for throughput: waits and retries all but vanish, reviews never time out. */
export const THROUGHPUT_SPEED: Partial<LocalSpeed> = {
  waitMs: 1,
  retryMs: 1,
  timeoutMinMs: 300_000,
  timeoutMaxMs: 300_000,
};

export interface ThroughputResult {
  concurrency: number;
  posts: number;
  wallMs: number;
  postsPerMinute: number;
  /** Task states other than the review wait: entered to exited, handler included. */
  taskStateMs: { p50: number; p95: number };
  /** Engine time between one state's exit and the next state's entry in the same execution. */
  transitionGapMs: { p50: number; p95: number };
  /** DynamoDB calls per second the run made, and units written per second. */
  dynamoCallsPerSecond: number;
  allSucceeded: boolean;
}

/**
 * Full lifecycles (3 channels, one review stage, 6 metric rounds) at each concurrency: `rounds`
 * batches of `concurrency` posts submitted at once, each batch after the previous closed.
 */
export async function measureThroughput(
  bench: BenchBrandflow,
  plan: { concurrency: number; batches: number }[],
): Promise<ThroughputResult[]> {
  const full = lifecycles.find((l) => l.name === FULL_LIFECYCLE);
  if (!full) throw new Error(`no lifecycle named ${FULL_LIFECYCLE}`);
  Object.assign(bench.runtime.speed, THROUGHPUT_SPEED);
  const deployedHours = process.env.METRICS_SCHEDULE_HOURS;
  process.env.METRICS_SCHEDULE_HOURS = full.metricsHours.join(',');
  const brandId = await bench.seedBrand(full.plan);
  const results: ThroughputResult[] = [];
  try {
    for (const { concurrency, batches } of plan) {
      const names: string[] = [];
      let succeeded = true;
      bench.capacity.reset();
      const firstEvent = bench.stateEvents.length;
      const start = performance.now();
      for (let batch = 0; batch < batches; batch += 1) {
        const batchNames = await bench.submitBatch(full.plan, brandId, concurrency);
        const closed = await bench.settle(batchNames, 300_000);
        succeeded &&= closed.every((e) => e.status === 'SUCCEEDED');
        names.push(...batchNames);
      }
      const wallMs = performance.now() - start;
      const own = new Set(names);
      const events = bench.stateEvents.slice(firstEvent).filter((e) => own.has(e.executionName));
      const { taskStates, gaps } = stateTimings(events);
      const capacity = bench.capacity.snapshot();
      results.push({
        concurrency,
        posts: names.length,
        wallMs,
        postsPerMinute: (names.length / wallMs) * 60_000,
        taskStateMs: { p50: percentile(taskStates, 50), p95: percentile(taskStates, 95) },
        transitionGapMs: { p50: percentile(gaps, 50), p95: percentile(gaps, 95) },
        dynamoCallsPerSecond: capacity.calls / (wallMs / 1000),
        allSucceeded: succeeded,
      });
    }
  } finally {
    if (deployedHours === undefined) delete process.env.METRICS_SCHEDULE_HOURS;
    else process.env.METRICS_SCHEDULE_HOURS = deployedHours;
  }
  return results;
}

/** Durations of Task states (not the review wait) and exit-to-entry gaps, per execution. */
export function stateTimings(events: readonly StampedStateEvent[]) {
  const taskStates: number[] = [];
  const gaps: number[] = [];
  const byExecution = new Map<string, StampedStateEvent[]>();
  for (const event of events) {
    const list = byExecution.get(event.executionName) ?? [];
    list.push(event);
    byExecution.set(event.executionName, list);
  }
  for (const list of byExecution.values()) {
    const open = new Map<string, number[]>();
    let lastExit: number | undefined;
    for (const event of list) {
      if (event.type === 'state-entered') {
        if (lastExit !== undefined) gaps.push(event.at - lastExit);
        lastExit = undefined;
        const starts = open.get(event.stateName) ?? [];
        starts.push(event.at);
        open.set(event.stateName, starts);
      } else if (
        event.type === 'state-exited' ||
        event.type === 'state-failed' ||
        event.type === 'state-caught'
      ) {
        lastExit = event.at;
        const started = open.get(event.stateName)?.shift();
        if (started !== undefined && event.stateType === 'Task' && event.stateName !== 'AwaitReview') {
          taskStates.push(event.at - started);
        }
      }
    }
  }
  return { taskStates, gaps };
}
