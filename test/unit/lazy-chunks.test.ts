import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { coldStartOutputs } from '../../bench/bundles.js';
import { splitHandlerEsbuildOptions } from '../../infra/constructs/bundle-options.js';
import { handlerEntry } from '../../infra/core/handler-catalog.js';
import { REPO_ROOT } from '../../infra/core/repo-root.js';

/*
 * What a handler needs only sometimes is loaded at its first use, from a chunk a cold start
 * does not read (infra/constructs/bundle-options.ts): these tests read esbuild's metafile of
 * the split build the stack deploys, not timings (docs/benchmarks.md has those).
 */

/** The packages and source files in a handler's cold-start outputs, and in its lazy chunks. */
async function splitInputs(file: string): Promise<{ coldStart: string[]; lazy: string[] }> {
  const built = await build({
    ...splitHandlerEsbuildOptions(join(REPO_ROOT, '.bundle-test', file)),
    entryPoints: [join(REPO_ROOT, handlerEntry(file))],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const loaded = coldStartOutputs(built.metafile);
  const inputsOf = (cold: boolean) =>
    Object.entries(built.metafile.outputs)
      .filter(([output]) => loaded.has(output) === cold)
      .flatMap(([, output]) => Object.keys(output.inputs));
  return { coldStart: inputsOf(true), lazy: inputsOf(false) };
}

const carries = (inputs: string[], path: string) => inputs.some((input) => input.includes(path));

describe('a handler loads what it needs only sometimes at first use', () => {
  it.each([
    {
      title:
        'publish-to-channel starts without the S3 client, media code and image library, and loads them for a post with media',
      handler: 'publish-to-channel',
      // The image library only when an image is resized, from its own chunk.
      coldStartLacks: [
        'node_modules/@aws-sdk/client-s3/',
        'functions/channels/media/publish-check.ts',
        'functions/channels/media/image-codec.ts',
      ],
      lazyCarries: [
        'node_modules/@aws-sdk/client-s3/',
        'functions/channels/media/publish-check.ts',
        'functions/channels/media/image-codec.ts',
      ],
    },
    {
      title:
        'collect-metrics starts without the feedback triage, and loads it when a round collects feedback',
      handler: 'collect-metrics',
      coldStartLacks: [
        'functions/domain/feedback-triage.ts',
        'node_modules/confusables/',
        'node_modules/@aws-sdk/client-s3/',
      ],
      lazyCarries: ['functions/domain/feedback-triage.ts'],
    },
  ])('$title', async ({ handler, coldStartLacks, lazyCarries }) => {
    // Act
    const { coldStart, lazy } = await splitInputs(handler);

    // Assess
    expect(coldStartLacks.filter((path) => carries(coldStart, path))).toEqual([]);
    expect(lazyCarries.filter((path) => !carries(lazy, path))).toEqual([]);
  });
});
