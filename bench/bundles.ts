import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { ApiRoutes } from '../functions/contract/api-routes.js';
import { splitHandlerEsbuildOptions } from '../infra/constructs/bundle-options.js';
import {
  handlerEntry,
  InboundHandlerFiles,
  LifecycleHandlerFiles,
  ScheduledHandlerFiles,
} from '../infra/core/handler-catalog.js';
import { REPO_ROOT } from '../infra/core/repo-root.js';
import { median } from './stats.js';

const run = promisify(execFile);

export interface BundleResult {
  file: string;
  /** Bytes a cold start loads: `index.mjs` and the chunks it imports statically. */
  bytes: number;
  /** Bytes of the chunks loaded only when needed (`await import()`): media, feedback triage. */
  lazyBytes?: number;
  /** Median import time in a fresh Node process as deployed (no NODE_OPTIONS). */
  importMs: number;
  /** The same with `--enable-source-maps`, the opt-in `sourceMapStackTraces` setting. */
  importMsWithSourceMaps: number;
  /**
   * Median CPU time (user + system, every thread of the process) the import used, as deployed:
   * what the import costs whatever else the machine runs, where wall time also counts the wait
   * for a core.
   */
  importCpuMs?: number;
  /** Bytes of the AWS SDK (`@aws-sdk/*`, `@smithy/*`, `@aws/*`) in the bundle. */
  sdkBytes: number;
  /** Bytes in the bundle per package (top five), to say where the size comes from. */
  topPackages: [string, number][];
}

/** The environment a handler finds in Lambda, with placeholder values: imports must not need more. */
const LAMBDA_LIKE_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  TABLE_NAME: 'brandflow-bench',
  EVENT_BUS_NAME: 'brandflow',
  STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:bench',
  METRICS_SCHEDULE_HOURS: '1,24,72',
};

const IMPORT_SCRIPT = `const c = process.cpuUsage(); const t = performance.now();
await import(process.env.BENCH_BUNDLE_URL);
const wall = performance.now() - t; const cpu = process.cpuUsage(c);
process.stdout.write(JSON.stringify([wall, (cpu.user + cpu.system) / 1000]));`;

/**
 * Builds every handler with the options of infra/constructs/handler-function.ts (esbuild,
 * ESM, node22, minified, source map, AWS SDK inside, the createRequire banner, split into the
 * entry and chunks loaded when needed) and times its import in fresh processes of this Node
 * (22). `only` limits the run to those handler files (the media bench's handlers).
 */
export async function measureBundles(importRuns = 7, only?: readonly string[]): Promise<BundleResult[]> {
  const outDir = mkdtempSync(join(tmpdir(), 'brandflow-bench-bundles-'));
  // The outbox forwarder is no task and no intake: it is listed by its file.
  const files = [
    ...Object.values(LifecycleHandlerFiles),
    ...Object.values(InboundHandlerFiles),
    ...Object.values(ApiRoutes),
    ...Object.values(ScheduledHandlerFiles),
    'forward-events',
  ].filter((file) => !only || only.includes(file));
  try {
    const results: BundleResult[] = [];
    for (const file of files) {
      const built = await build({
        ...splitHandlerEsbuildOptions(join(outDir, file)),
        entryPoints: [join(REPO_ROOT, handlerEntry(file))],
        sourcemap: true,
        metafile: true,
        logLevel: 'silent',
      });
      const outfile = join(outDir, file, 'index.mjs');
      const loaded = coldStartOutputs(built.metafile);
      const timings = { withMaps: [] as number[], without: [] as number[], cpu: [] as number[] };
      for (let i = 0; i < importRuns; i += 1) {
        timings.withMaps.push((await importOnce(outfile, '--enable-source-maps')).wallMs);
        const plain = await importOnce(outfile, '');
        timings.without.push(plain.wallMs);
        timings.cpu.push(plain.cpuMs);
      }
      results.push({
        file: handlerEntry(file),
        bytes: [...loaded].reduce((sum, output) => sum + (built.metafile.outputs[output]?.bytes ?? 0), 0),
        lazyBytes: Object.entries(built.metafile.outputs)
          .filter(([output]) => output.endsWith('.mjs') && !loaded.has(output))
          .reduce((sum, [, output]) => sum + output.bytes, 0),
        importMs: median(timings.without),
        importMsWithSourceMaps: median(timings.withMaps),
        importCpuMs: median(timings.cpu),
        sdkBytes: packageBytes(built.metafile)
          .filter(([name]) => /^@(aws-sdk|smithy|aws)\//.test(name))
          .reduce((sum, [, bytes]) => sum + bytes, 0),
        topPackages: packageBytes(built.metafile).slice(0, 5),
      });
    }
    return results;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

const EXTERNAL_SDK_SCRIPT = `const t = performance.now();
const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient } = await import('@aws-sdk/lib-dynamodb');
const { EventBridgeClient } = await import('@aws-sdk/client-eventbridge');
DynamoDBDocumentClient.from(new DynamoDBClient({}));
new EventBridgeClient({});
process.stdout.write(String(performance.now() - t));`;

/**
 * The road not taken, measured: with the SDK left out of the bundles (the copy in the Lambda
 * runtime), a handler that reads DynamoDB and puts events loads these unbundled modules at
 * import. Median of `runs` fresh processes importing them from node_modules.
 */
export async function measureExternalSdkImport(runs = 7): Promise<number> {
  const timings: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', EXTERNAL_SDK_SCRIPT], {
      cwd: REPO_ROOT,
      env: { ...LAMBDA_LIKE_ENV, PATH: process.env.PATH },
    });
    timings.push(Number(stdout));
  }
  return median(timings);
}

/** One import of a bundle in a fresh Node process with `nodeOptions`: wall and CPU time (ms). */
export async function importOnce(
  outfile: string,
  nodeOptions: string,
): Promise<{ wallMs: number; cpuMs: number }> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', IMPORT_SCRIPT], {
    env: {
      ...LAMBDA_LIKE_ENV,
      PATH: process.env.PATH,
      NODE_OPTIONS: nodeOptions,
      BENCH_BUNDLE_URL: pathToFileURL(outfile).href,
    },
  });
  const [wallMs, cpuMs] = JSON.parse(stdout) as [number, number];
  return { wallMs, cpuMs };
}

/**
 * The outputs a cold start loads: the entry and, transitively, the chunks it imports
 * statically; the other chunks load at their first `await import()`.
 *
 * @example
 * ```ts
 * coldStartOutputs(built.metafile); // Set { "out/index.mjs", "out/chunks/chunk-AB12.mjs" }
 * ```
 */
export function coldStartOutputs(metafile: Metafile): Set<string> {
  const entry = Object.keys(metafile.outputs).find((output) => output.endsWith('/index.mjs'));
  const loaded = new Set<string>();
  const queue = entry ? [entry] : [];
  for (let output = queue.pop(); output !== undefined; output = queue.pop()) {
    if (loaded.has(output)) continue;
    loaded.add(output);
    for (const link of metafile.outputs[output]?.imports ?? []) {
      if (link.kind === 'import-statement' && metafile.outputs[link.path]) queue.push(link.path);
    }
  }
  return loaded;
}

/** Bytes in the output per package, largest first; the project's own files are `brandflow code`. */
function packageBytes(metafile: Metafile): [string, number][] {
  const bytes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const name = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? 'brandflow code';
      bytes.set(name, (bytes.get(name) ?? 0) + input.bytesInOutput);
    }
  }
  return [...bytes].sort((a, b) => b[1] - a[1]);
}
