import { describe, expect, it } from 'vitest';
import { coldStartOutputs } from '../../bench/bundles.js';
import { splitHandlerMetafile } from '../support/handler-build.js';

/*
 * What a handler needs only sometimes is loaded at its first use, from a chunk a cold start
 * does not read (infra/constructs/bundle-options.ts): these tests read esbuild's metafile of
 * the split build the stack deploys, not timings (docs/benchmarks.md has those).
 */

/** The packages and source files in a handler's cold-start outputs, and in its lazy chunks. */
async function splitInputs(file: string): Promise<{ coldStart: string[]; lazy: string[] }> {
  const metafile = await splitHandlerMetafile(file);
  const loaded = coldStartOutputs(metafile);
  const inputsOf = (cold: boolean) =>
    Object.entries(metafile.outputs)
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

  it('collect-metrics starts without the Step Functions and Scheduler clients: only the last round ends the wait, only a rate-limited round schedules itself again', async () => {
    // Act
    const { coldStart, lazy } = await splitInputs('collect-metrics');

    // Assess
    expect(carries(coldStart, 'node_modules/@aws-sdk/client-sfn/')).toBe(false);
    expect(carries(coldStart, 'node_modules/@aws-sdk/client-scheduler/')).toBe(false);
    expect(carries(lazy, 'node_modules/@aws-sdk/client-sfn/')).toBe(true);
    expect(carries(lazy, 'node_modules/@aws-sdk/client-scheduler/')).toBe(true);
  });

  it.each(['api-add-asset', 'api-complete-asset'])(
    '%s starts without the S3 client, and loads it once a request has passed its checks',
    async (file) => {
      // Act
      const { coldStart, lazy } = await splitInputs(file);

      // Assess
      expect(carries(coldStart, 'node_modules/@aws-sdk/client-s3/')).toBe(false);
      expect(carries(lazy, 'node_modules/@aws-sdk/client-s3/')).toBe(true);
    },
  );

  it.each([
    ['publish-to-channel', false],
    ['collect-metrics', false],
    ['api-moderate-feedback', false],
    // A reply is checked against the brand's policy, whose length rule counts as X does.
    ['api-reply-feedback', true],
  ])(
    "%s starts without any platform's adapter, and loads a channel's adapter at its first use (twitter-text at start: %s)",
    async (file, checksPolicy) => {
      // Act
      const { coldStart, lazy } = await splitInputs(file);

      // Assess
      for (const platform of ['mastodon', 'bluesky', 'x', 'linkedin', 'facebook', 'instagram', 'threads']) {
        expect(carries(coldStart, `functions/channels/${platform}.ts`)).toBe(false);
        expect(carries(lazy, `functions/channels/${platform}.ts`)).toBe(true);
      }
      expect(carries(coldStart, 'node_modules/twitter-text/')).toBe(checksPolicy);
    },
  );
});
