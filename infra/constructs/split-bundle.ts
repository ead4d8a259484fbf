import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from '../core/repo-root.js';
import { HandlerBundle, splitHandlerEsbuildOptions } from './bundle-options.js';

/*
 * `tsx infra/constructs/split-bundle.ts <entry> <outputDir>`: run by each handler's
 * `afterBundling` hook (handler-function.ts). CDK's own esbuild call takes `--outfile` and
 * so cannot split; this rebuilds the entry into the same directory with the same options
 * and splitting, replacing the single file, so the deployed bundle is the one the bench
 * measures (bench/bundles.ts). A native module the bundle imports (HandlerBundle.external) is
 * installed beside it at the version the lock file holds, with the binary for Lambda's
 * platform (linux arm64, glibc), whatever machine deploys.
 */
const [entry, outputDir] = process.argv.slice(2);
if (!entry || !outputDir) {
  process.stderr.write('usage: split-bundle.ts <entry> <outputDir>\n');
  process.exit(2);
}
rmSync(join(outputDir, 'index.mjs'), { force: true });
rmSync(join(outputDir, 'index.mjs.map'), { force: true });
const { metafile } = await build({
  ...splitHandlerEsbuildOptions(outputDir),
  entryPoints: [entry],
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
});
const imported = new Set(
  Object.values(metafile.outputs).flatMap((output) => output.imports.map((link) => link.path)),
);
const natives = HandlerBundle.external.filter((name) => imported.has(name));
if (natives.length > 0) {
  const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string }>;
  };
  const specs = natives.map(
    (name) => `${name}@${lock.packages[`node_modules/${name}`]?.version ?? 'latest'}`,
  );
  execFileSync(
    'npm',
    [
      'install',
      '--no-save',
      '--no-package-lock',
      '--ignore-scripts',
      '--os=linux',
      '--cpu=arm64',
      '--libc=glibc',
      '--prefix',
      outputDir,
      ...specs,
    ],
    { stdio: 'inherit' },
  );
}
