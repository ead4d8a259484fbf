import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { splitHandlerEsbuildOptions } from '../../infra/constructs/bundle-options.js';
import { handlerEntry } from '../../infra/core/handler-catalog.js';
import { REPO_ROOT } from '../../infra/core/repo-root.js';

/**
 * esbuild's metafile of a handler built as the stack deploys it (split, minified), written
 * nowhere: which modules go into which output, and what each output imports.
 *
 * @example
 * ```ts
 * const metafile = await splitHandlerMetafile('publish-to-channel');
 * ```
 */
export async function splitHandlerMetafile(file: string): Promise<Metafile> {
  const built = await build({
    ...splitHandlerEsbuildOptions(join(REPO_ROOT, '.bundle-test', file)),
    entryPoints: [join(REPO_ROOT, handlerEntry(file))],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return built.metafile;
}
