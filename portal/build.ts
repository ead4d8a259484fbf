import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import { REPO_ROOT } from '../infra/core/repo-root.js';

/** The portal's JavaScript budget, gzipped (issue: the review portal). */
export const PORTAL_JS_BUDGET_BYTES = 150 * 1024;

/** Where the built portal is written by default. */
export const PORTAL_DIST = join(REPO_ROOT, 'portal', 'dist');

/** What a build wrote and how much script a browser downloads. */
export interface PortalBuild {
  dir: string;
  jsBytes: number;
  jsGzipBytes: number;
}

/**
 * Builds the review portal (a static single-page app) into `dir`: `index.html`, `styles.css`
 * and one minified `app.js`. Throws when the script passes {@link PORTAL_JS_BUDGET_BYTES}
 * gzipped, so no build over budget is ever served or deployed. The deployment adds its own
 * `config.json` beside these files.
 *
 * @example
 * ```ts
 * const { jsGzipBytes } = buildPortal(); // portal/dist, e.g. 14_000 bytes of script gzipped
 * ```
 */
export function buildPortal(dir: string = PORTAL_DIST): PortalBuild {
  const source = join(REPO_ROOT, 'portal');
  mkdirSync(dir, { recursive: true });
  buildSync({
    entryPoints: [join(source, 'src', 'main.tsx')],
    outfile: join(dir, 'app.js'),
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    logLevel: 'silent',
  });
  copyFileSync(join(source, 'index.html'), join(dir, 'index.html'));
  copyFileSync(join(source, 'styles.css'), join(dir, 'styles.css'));
  const js = readFileSync(join(dir, 'app.js'));
  const build = { dir, jsBytes: js.length, jsGzipBytes: gzipSync(js, { level: 9 }).length };
  if (build.jsGzipBytes > PORTAL_JS_BUDGET_BYTES) {
    throw new RangeError(
      `the portal's script is ${build.jsGzipBytes} bytes gzipped; the budget is ${PORTAL_JS_BUDGET_BYTES}`,
    );
  }
  return build;
}

/**
 * Writes the deployment's `config.json` into a built portal.
 *
 * @example
 * ```ts
 * writePortalConfig(dir, { apiUrl: 'https://api.example.com', issuer, clientId: 'portal' });
 * ```
 */
export function writePortalConfig(dir: string, config: Record<string, unknown>): void {
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
}
