import { measureLifecycleCosts } from './lifecycle-costs.js';
import { startBenchBrandflow } from './local-harness.js';
import { measureThroughput } from './throughput.js';

const bench = await startBenchBrandflow({
  waitMs: 5,
  retryMs: 5,
  timeoutMinMs: 120_000,
  timeoutMaxMs: 120_000,
});
await measureLifecycleCosts(bench, 1);
const orig = bench.settle;
(bench as any).settle = async (names: string[]) => {
  try {
    return await orig(names, 60000);
  } catch (e) {
    for (const n of names) {
      const ex = bench.runtime.executions.get(n);
      if (!ex || ex.status === 'RUNNING') {
        console.log(n, ex?.status, ex?.statesEntered.join(','));
        console.log(
          bench.runtime.events
            .filter((e) => (e.detail as any).postId === n.replace(/-r1$/, ''))
            .map((e) => e['detail-type'] + ' ' + JSON.stringify(e.detail).slice(0, 300)),
        );
      }
    }
    process.exit(1);
  }
};
console.log(await measureThroughput(bench, [{ concurrency: 100, batches: 1 }]));
await bench.runtime.stop();
