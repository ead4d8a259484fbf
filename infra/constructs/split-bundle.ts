import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { splitHandlerEsbuildOptions } from './bundle-options.js';

/*
 * `tsx infra/constructs/split-bundle.ts <entry> <outputDir>`: run by each handler's
 * `afterBundling` hook (handler-function.ts). CDK's own esbuild call takes `--outfile` and
 * so cannot split; this rebuilds the entry into the same directory with the same options
 * and splitting, replacing the single file, so the deployed bundle is the one the bench
 * measures (bench/bundles.ts).
 */
const [entry, outputDir] = process.argv.slice(2);
if (!entry || !outputDir) {
  process.stderr.write('usage: split-bundle.ts <entry> <outputDir>\n');
  process.exit(2);
}
rmSync(join(outputDir, 'index.mjs'), { force: true });
rmSync(join(outputDir, 'index.mjs.map'), { force: true });
await build({
  ...splitHandlerEsbuildOptions(outputDir),
  entryPoints: [entry],
  sourcemap: true,
  logLevel: 'warning',
});
