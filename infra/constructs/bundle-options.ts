import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { REPO_ROOT } from '../core/repo-root.js';

/**
 * How every handler is bundled, shared by the stack (infra/constructs/handler-function.ts)
 * and the bundle benchmark (bench/bundles.ts) so that what is measured is what is deployed.
 */
export const HandlerBundle = {
  target: 'node22',
  /** ESM builds of the SDK tree-shake; their CommonJS builds do not. */
  mainFields: ['module', 'main'],
  /** Some bundled CommonJS dependencies call require() for Node built-ins; ESM has none. */
  banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  /**
   * Lambda puts the role's credentials in the environment, the first place the SDK's default
   * chain looks; the rest of that chain never runs there, so it is left out of the bundles.
   */
  /**
   * Native modules (a prebuilt binary per platform) cannot be bundled: they stay imports, and
   * split-bundle.ts installs them beside the bundle for Lambda's platform (linux arm64).
   */
  external: ['@napi-rs/image'],
  alias: {
    '@aws-sdk/credential-provider-node': join(REPO_ROOT, 'functions/aws/lambda-credentials.ts'),
    // twitter-text asks for `punycode`, which Node resolves to its deprecated built-in (a warning at every cold start): the package it depends on is bundled instead.
    punycode: join(REPO_ROOT, 'node_modules/punycode/punycode.js'),
    // An ESM import of `node:http` loads Node's WebSocket client (15 to 20 ms a cold start): the module is taken the way require takes it.
    'node:http': join(REPO_ROOT, 'functions/aws/node-http.ts'),
    http: join(REPO_ROOT, 'functions/aws/node-http.ts'),
  },
} as const;

/**
 * {@link HandlerBundle} as esbuild's own options, for building a handler outside CDK (the
 * bundle tests and benchmark) the way the stack does.
 *
 * @example
 * ```ts
 * await build({ ...handlerEsbuildOptions(), entryPoints: [entry], outfile });
 * ```
 */
export function handlerEsbuildOptions() {
  return {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: HandlerBundle.target,
    minify: true,
    mainFields: [...HandlerBundle.mainFields],
    banner: { js: HandlerBundle.banner },
    external: [...HandlerBundle.external],
    alias: { ...HandlerBundle.alias },
  } satisfies BuildOptions;
}

/**
 * {@link handlerEsbuildOptions} with code splitting into `outdir`: the entry is `index.mjs`
 * (Lambda's `index.handler`), and what a handler loads with `await import()` only when it
 * needs it (the S3 client and media code for a post with media, feedback triage when a round
 * collects feedback, the image library when an image is resized) goes into `chunks/`, which
 * a cold start neither reads nor compiles. Shared modules land in shared chunks, so a class
 * stays one class across them (`instanceof` holds).
 *
 * @example
 * ```ts
 * await build({ ...splitHandlerEsbuildOptions(outdir), entryPoints: [entry] });
 * ```
 */
export function splitHandlerEsbuildOptions(outdir: string) {
  return {
    ...handlerEsbuildOptions(),
    splitting: true,
    outdir,
    entryNames: 'index',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
  } satisfies BuildOptions;
}
