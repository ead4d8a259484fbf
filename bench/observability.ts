import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { handlerEsbuildOptions } from '../infra/constructs/bundle-options.js';
import { REPO_ROOT } from '../infra/core/repo-root.js';
import { importOnce } from './bundles.js';
import { median } from './stats.js';

/** One way of writing structured logs and embedded metrics, bundled and imported as deployed. */
export interface ObservabilityVariant {
  name: string;
  /** Bytes of the minified bundle. */
  bytes: number;
  /** Median import time in a fresh Node process (ms). */
  importMs: number;
  /** Every import time measured (ms), in order. */
  runsMs: number[];
}

export interface ObservabilityResult {
  /** The logging and metrics alone: the project's own, then Powertools Logger and Metrics. */
  alone: ObservabilityVariant[];
  /** The outbox forwarder (the one handler that writes metrics) as deployed, then with Powertools added. */
  inHandler: ObservabilityVariant[];
}

/** The project's own: the error logger middleware and the embedded metric format writer. */
const OWN = `export { logErrors } from './functions/middleware/log-errors.ts';
export { writeMetrics } from './functions/aws/embedded-metrics.ts';`;

/** Powertools as its docs set it up: a Logger and a Metrics instance at module level. */
const POWERTOOLS = `import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
export const logger = new Logger({ serviceName: 'brandflow' });
export const metrics = new Metrics({ namespace: 'Brandflow', serviceName: 'brandflow' });
export const unit = MetricUnit.Count;`;

const FORWARDER = `export { handler } from './functions/handlers/forward-events.ts';`;

/**
 * Powertools Logger and Metrics against the project's own logger and embedded metrics: each
 * bundled with the stack's esbuild options and imported `runs` times in fresh processes
 * (median), alone and inside the outbox forwarder.
 *
 * @example
 * ```ts
 * const { alone, inHandler } = await measureObservability(9);
 * ```
 */
export async function measureObservability(runs = 9): Promise<ObservabilityResult> {
  const outDir = mkdtempSync(join(tmpdir(), 'brandflow-bench-observability-'));
  const variants: [string, string][] = [
    ['own logger and embedded metrics', OWN],
    ['Powertools Logger and Metrics', POWERTOOLS],
    ['forward-events as deployed', FORWARDER],
    ['forward-events with Powertools Logger and Metrics', `${FORWARDER}\n${POWERTOOLS}`],
  ];
  try {
    const built = [];
    for (const [index, [name, contents]] of variants.entries()) {
      const outfile = join(outDir, `variant-${index}.mjs`);
      await build({
        ...handlerEsbuildOptions(),
        stdin: { contents, resolveDir: REPO_ROOT, loader: 'ts', sourcefile: `variant-${index}.ts` },
        outfile,
        logLevel: 'silent',
      });
      built.push({ name, outfile, runsMs: [] as number[] });
    }
    // Interleaved, so a change in the machine's load falls on every variant alike.
    for (let i = 0; i < runs; i += 1) {
      for (const variant of built) variant.runsMs.push((await importOnce(variant.outfile, '')).wallMs);
    }
    const results = built.map(({ name, outfile, runsMs }) => ({
      name,
      bytes: statSync(outfile).size,
      importMs: median(runsMs),
      runsMs,
    }));
    return { alone: results.slice(0, 2), inHandler: results.slice(2) };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;

/**
 * The page's section on Powertools: what was measured, the figures, and the decision.
 *
 * @example
 * ```ts
 * const markdown = observabilitySection(await measureObservability(), 50);
 * ```
 */
export function observabilitySection(r: ObservabilityResult, budgetMs: number): string {
  const [own, powertools] = r.alone as [ObservabilityVariant, ObservabilityVariant];
  const [deployed, withPowertools] = r.inHandler as [ObservabilityVariant, ObservabilityVariant];
  const added = withPowertools.importMs - deployed.importMs;
  const row = (v: ObservabilityVariant) =>
    `| ${v.name} | ${kb(v.bytes)} | ${ms(v.importMs)} | ${v.runsMs.map((t) => t.toFixed(0)).join(', ')} |`;
  return `### Powertools Logger and Metrics, or the project's own

Powertools for AWS Lambda (\`@aws-lambda-powertools/logger\` and \`/metrics\`) against what Brandflow uses: its
error logger middleware (\`functions/middleware/log-errors.ts\`) and embedded metric format writer
(\`functions/aws/embedded-metrics.ts\`). Each is bundled with the stack's esbuild options, alone and inside the
outbox forwarder (the handler that writes the metrics), and imported ${own.runsMs.length} times in fresh
processes, the variants interleaved so that a change in the machine's load falls on all alike
(\`bench/observability.ts\`); the median counts.

| Bundle | Minified size | Import (median) | Every run (ms) |
| ------ | ------------: | --------------: | -------------- |
${[own, powertools, deployed, withPowertools].map(row).join('\n')}

**Decision: the project's own logger and metrics stay.** Powertools adds ${kb(withPowertools.bytes - deployed.bytes)} and
${ms(added)} (median) to the forwarder's import here, and its import alone takes ${ms(powertools.importMs - own.importMs)}
more than the project's own. The import budget is ${budgetMs} ms and the bundles already spend most of it on
the AWS SDK (above), while the project's own code gives the same JSON lines (level, correlation id, request id,
cause chain) and the same embedded metrics in ${kb(own.bytes)}. The comparison is measured again by every
\`npm run bench\`: should Powertools grow cheaper, this section says so.`;
}
