import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../infra/core/repo-root.js';
import { measureBundles, measureExternalSdkImport } from './bundles.js';
import { timeCommand } from './commands.js';
import { measureRawWrites } from './dynamodb-raw.js';
import { measureLifecycleCosts } from './lifecycle-costs.js';
import { startBenchBrandflow } from './local-harness.js';
import { measureMedia, mediaSection, withMediaSection } from './media-bench.js';
import { measureObservability } from './observability.js';
import { writePolicyCheckBench } from './policy-check.js';
import { type BenchResults, consoleSummary, costSection, renderBenchmarks } from './report.js';
import {
  SECTION_START as FIRST_MARKED_SECTION,
  measureReport,
  reportSection,
  withReportSection,
} from './report-bench.js';
import { measureThroughput } from './throughput.js';

/*
 * `npm run bench`: every measurement in turn, then docs/benchmarks.md. Flags:
 *   --skip-commands  leave out `cdk synth` and `npm test` (the slowest part)
 *   --no-write       print only
 *   --policy-only    only the policy check on long text (its section of docs/benchmarks.md)
 *   --report-only    only the monthly report of a 10,000-post brand (its section of the page)
 *   --media-only     only the media upload cost and media handlers' import time (its section)
 *   --cost-only      only the lifecycle costs (the page's cost section, between its headings)
 */
const args = new Set(process.argv.slice(2));
/** The environment as launched, before a local runtime set its endpoints in it. */
const launchEnv = { ...process.env };
const log = (message: string) => process.stderr.write(`bench: ${message}\n`);
const started = performance.now();
const [loadAverage = 0] = loadavg();
const machineName = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;

if (args.has('--policy-only')) {
  log('policy check on 1,000, 10,000 and 100,000 characters');
  process.stdout.write(`${writePolicyCheckBench(machineName, !args.has('--no-write'))}\n`);
  if (!args.has('--no-write')) await timeCommand('npx', ['biome', 'format', '--write', 'docs/benchmarks.md']);
  process.exit(0);
}

const benchmarksPage = join(REPO_ROOT, 'docs', 'benchmarks.md');

/** A bench run alone: its result printed and its own section of the page rewritten. */
async function runSectionOnly<T>(measure: () => Promise<T>, withSection: (doc: string, result: T) => string) {
  const result = await measure();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (!args.has('--no-write')) {
    writeFileSync(benchmarksPage, withSection(readFileSync(benchmarksPage, 'utf8'), result));
    await timeCommand('npx', ['biome', 'format', '--write', 'docs/benchmarks.md']);
    log('wrote its section of docs/benchmarks.md');
  }
  process.exit(0);
}

if (args.has('--report-only')) {
  await runSectionOnly(
    () => measureReport(log),
    (doc, report) => withReportSection(doc, reportSection(report)),
  );
}
if (args.has('--media-only')) {
  await runSectionOnly(
    () => measureMedia(log),
    (doc, media) => withMediaSection(doc, mediaSection(media, loadAverage)),
  );
}

if (args.has('--cost-only')) {
  await runSectionOnly(
    () => measureCostsOnly(),
    (doc, lifecycles) =>
      withCostSection(
        doc,
        costSection(
          lifecycles,
          ` This section was refreshed alone (\`--cost-only\`) on ${new Date().toISOString().slice(0, 10)}, load ${loadAverage.toFixed(1)} at the start${loadAverage > cpus().length ? ': Lambda durations read higher than on a quiet machine' : ''}.`,
        ),
      ),
  );
}

/** The lifecycle costs alone, on a runtime of their own, after the same warm-up as the full run. */
async function measureCostsOnly() {
  const own = await startBenchBrandflow({
    waitMs: 5,
    retryMs: 5,
    timeoutMinMs: 120_000,
    timeoutMaxMs: 120_000,
  });
  try {
    await measureLifecycleCosts(own, 2);
    return await measureLifecycleCosts(own, 5);
  } finally {
    await own.runtime.stop();
  }
}

/** The page with its cost section (from its heading to the next `## `) replaced. */
function withCostSection(doc: string, section: string): string {
  const from = doc.indexOf('## Cost per 1,000 posts');
  const to = doc.indexOf('\n## ', from + 1);
  if (from === -1 || to === -1) throw new Error('docs/benchmarks.md has no cost section to replace');
  return `${doc.slice(0, from)}${section.trimEnd()}\n${doc.slice(to)}`;
}

log('lifecycle costs (local run of the synthesized definition)');
const bench = await startBenchBrandflow({
  waitMs: 5,
  retryMs: 5,
  timeoutMinMs: 120_000,
  timeoutMaxMs: 120_000,
});
let results: Omit<
  BenchResults,
  'bundles' | 'externalSdkImportMs' | 'observability' | 'commands' | 'machine' | 'totalSeconds'
>;
try {
  // Warm-up: the first invocations of each handler pay module JIT; AWS would bill a cold start instead.
  await measureLifecycleCosts(bench, 2);
  const lifecycles = await measureLifecycleCosts(bench, 5);
  log('local throughput at 1, 10 and 100 concurrent posts');
  const throughput = await measureThroughput(bench, [
    { concurrency: 1, batches: 5 },
    { concurrency: 10, batches: 2 },
    { concurrency: 100, batches: 1 },
  ]);
  log("DynamoDB Local's raw write throughput");
  const rawWrites = await measureRawWrites(bench.runtime.env.AWS_ENDPOINT_URL_DYNAMODB as string);
  // Handler durations from the cost runs (a few posts at a time), not the throughput runs' contention.
  const byRole = new Map<string, number[]>();
  for (const lifecycle of lifecycles) {
    for (const [role, durations] of Object.entries(lifecycle.durationsByRole)) {
      byRole.set(role, [...(byRole.get(role) ?? []), ...durations]);
    }
  }
  const handlerMs = [...byRole].map(([role, durationsMs]) => ({ role, durationsMs }));
  results = { lifecycles, throughput, rawWrites, handlerMs };
} finally {
  await bench.runtime.stop();
}

log('bundle sizes and import times');
const bundles = await measureBundles();
const externalSdkImportMs = await measureExternalSdkImport();
log('Powertools Logger and Metrics against the project’s own');
const observability = await measureObservability();

const commands = [];
if (!args.has('--skip-commands')) {
  log('cdk synth');
  commands.push(await timeCommand('npx', ['cdk', 'synth', '--quiet']));
  log('npm test');
  commands.push(await timeCommand('npm', ['test']));
}

const all: BenchResults = {
  ...results,
  bundles,
  externalSdkImportMs,
  observability,
  commands,
  machine: {
    cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString().slice(0, 10),
    load: loadAverage,
  },
  totalSeconds: (performance.now() - started) / 1000,
};
process.stdout.write(consoleSummary(all));
if (!args.has('--no-write')) {
  // The sections each bench below rewrites in place stay until it does, so one that fails
  // leaves its last figures on the page instead of none.
  const previous = readFileSync(benchmarksPage, 'utf8');
  const marked = previous.indexOf(FIRST_MARKED_SECTION);
  writeFileSync(benchmarksPage, renderBenchmarks(all) + (marked === -1 ? '' : `\n${previous.slice(marked)}`));
  // In a process of its own: the handlers' DynamoDB client still points at the stopped runtime's port.
  log('monthly report of a 10,000-post brand');
  const reportRun = await timeCommand('npx', ['tsx', 'bench/main.ts', '--report-only'], launchEnv);
  if (reportRun.exitCode !== 0) throw new Error(`the monthly report bench failed: ${reportRun.tail}`);
  log('media upload cost and import time');
  const mediaRun = await timeCommand('npx', ['tsx', 'bench/main.ts', '--media-only'], launchEnv);
  if (mediaRun.exitCode !== 0) throw new Error(`the media bench failed: ${mediaRun.tail}`);
  log('policy check on 1,000, 10,000 and 100,000 characters');
  writePolicyCheckBench(machineName);
  // The project formats Markdown with Biome (aligned tables); the page is written the same way.
  await timeCommand('npx', ['biome', 'format', '--write', 'docs/benchmarks.md']);
  log('wrote docs/benchmarks.md');
}
